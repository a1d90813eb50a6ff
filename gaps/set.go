package gaps

import (
	"fmt"

	"github.com/conform-dev/conform/finding"
	"sync"
	"time"
)

// Set is the gaps in force for one run: those of its lane that have not expired. It tallies
// what each gap matched, so the run can tell the gaps none of whose checks failed (stale).
// It is safe for concurrent scenarios.
type Set struct {
	gaps    []Gap
	expired []Gap
	mu      sync.Mutex
	matched []int
	failed  []int
}

// NewSet keeps the gaps that hold on lane on day today; the expired ones are kept apart
// (Expired): each fails the run.
func NewSet(gs []Gap, lane string, today time.Time) *Set {
	s := &Set{}
	for _, g := range gs {
		switch {
		case !g.AppliesTo(lane):
		case g.Expired(today):
			s.expired = append(s.expired, g)
		default:
			s.gaps = append(s.gaps, g)
		}
	}
	s.matched, s.failed = make([]int, len(s.gaps)), make([]int, len(s.gaps))
	return s
}

// Judge gives the verdict of a check that passed or not, and the gap it falls under (nil for
// none). The first known gap that matches wins over a pending one.
func (s *Set) Judge(r Ref, passed bool) (string, *Gap) {
	if s == nil {
		return plain(passed), nil
	}
	at := -1
	for i, g := range s.gaps {
		if g.Matches(r) && (at < 0 || s.gaps[at].Kind == Pending && g.Kind == Known) {
			at = i
		}
	}
	if at < 0 {
		return plain(passed), nil
	}
	s.mu.Lock()
	s.matched[at]++
	if !passed {
		s.failed[at]++
	}
	s.mu.Unlock()
	g := s.gaps[at]
	switch {
	case passed:
		return finding.Passed, &g
	case g.Kind == Pending:
		return finding.Pending, &g
	default:
		return finding.Known, &g
	}
}

func plain(passed bool) string {
	if passed {
		return finding.Passed
	}
	return finding.Failed
}

// Find is the gap a check falls under, without tallying it (for reports).
func (s *Set) Find(r Ref) *Gap {
	if s == nil {
		return nil
	}
	for i := range s.gaps {
		if s.gaps[i].Matches(r) {
			g := s.gaps[i]
			return &g
		}
	}
	return nil
}

// Stale lists the known gaps that matched checks of the run, none of which failed: each
// fails the run, since the gap hides nothing any more.
func (s *Set) Stale() []Gap {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Gap
	for i, g := range s.gaps {
		if g.Kind == Known && s.matched[i] > 0 && s.failed[i] == 0 {
			out = append(out, g)
		}
	}
	return out
}

// Unmatched lists the known gaps that matched no check of the run (a check renamed, or not
// on this run's tags): said, not failing.
func (s *Set) Unmatched() []Gap {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Gap
	for i, g := range s.gaps {
		if g.Kind == Known && s.matched[i] == 0 {
			out = append(out, g)
		}
	}
	return out
}

// Expired lists the gaps of the run's lane whose date has passed: each fails the run.
func (s *Set) Expired() []Gap {
	if s == nil {
		return nil
	}
	return s.expired
}

// Problems are the failures the set itself stands for: stale and expired gaps, one line each.
func (s *Set) Problems() []string {
	var out []string
	for _, g := range s.Expired() {
		out = append(out, fmt.Sprintf("%s: the gap %s expired on %s: fix its checks or give it a new date", g.Source, g.Describe(), g.Expires.Format(time.DateOnly)))
	}
	for _, g := range s.Stale() {
		out = append(out, fmt.Sprintf("%s: the gap %s %s", g.Source, g.Describe(), StaleText))
	}
	return out
}

// StaleText ends the line of a stale gap.
const StaleText = "covers checks that all pass now: remove it"

// RefOf is what a check's report says of the gap it fell under.
func (g *Gap) RefOf() *finding.GapRef {
	if g == nil {
		return nil
	}
	return &finding.GapRef{Check: g.Check, Kind: g.Kind, Reason: g.Reason, Ticket: g.Ticket, Source: g.Source}
}
