package finding

import (
	"cmp"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/conform-dev/conform/internal/safetext"
)

// Stage is where a problem was found, in the order findings are shown.
type Stage int

// The stages.
const (
	Protocol Stage = iota // the handshake and the shape of the answers
	Vector                // the language-neutral vectors
	Scenario              // the fixed scenarios
	Sweep                 // the differential sweep
)

var stageNames = [...]string{"protocol", "vector", "scenario", "sweep"}

func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return "check"
}

// MarshalText writes the stage's name.
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads it back.
func (s *Stage) UnmarshalText(b []byte) error {
	i := slices.Index(stageNames[:], string(b))
	if i < 0 {
		return errors.New("unknown stage " + string(b))
	}
	*s = Stage(i)
	return nil
}

// Problem is one failed check: a rule broken on one input.
type Problem struct {
	Rule  string `json:"rule"`  // "resolution.label", "trace.phase-order", "protocol: ...", "step: ..."
	Stage Stage  `json:"stage"` // where it was found
	Check string `json:"check"` // the scenario, vector or sweep property that failed
	// Input is what was sent (a run, an actor, a shell page, a writer scenario) as JSON; Got
	// and Want what came and what the standard wants, for this rule.
	Input  string `json:"input,omitempty"`
	Got    string `json:"got,omitempty"`
	Want   string `json:"want,omitempty"`
	Replay string `json:"replay,omitempty"` // the conform command that replays this check alone
	// Detail is the rest of the failure's text (a fragment, a shrunk case's answers).
	Detail string `json:"detail,omitempty"`
}

// Capped is the problem with each of its texts cut to at most n bytes, saying how much was
// cut: what an implementation said (a fragment, a listing) can be megabytes.
func (p Problem) Capped(n int) Problem {
	for _, f := range []*string{&p.Rule, &p.Check, &p.Input, &p.Got, &p.Want, &p.Replay, &p.Detail} {
		*f = safetext.Cap(*f, n)
	}
	return p
}

// Finding is a root cause: the problems of one rule.
type Finding struct {
	Rule    string   `json:"rule"`
	Stage   Stage    `json:"stage"`
	Section Section  `json:"section"`
	Count   int      `json:"count"`  // failed checks of this cause
	Checks  []string `json:"checks"` // which, each once, in the order found
	Example Problem  `json:"example"`
}

// Error is a failure that carries its problems; its text is the failure's message.
type Error struct {
	Problems []Problem
	Err      error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// WithProblems gives err its problems (none: err itself).
func WithProblems(err error, ps ...Problem) error {
	if err == nil || len(ps) == 0 {
		return err
	}
	return &Error{Problems: ps, Err: err}
}

// Problems are the problems an error carries, nil when it carries none.
func Problems(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

// numbers is what varies between two answers of one root cause: seq numbers, ids, counts.
var numbers = regexp.MustCompile(`\d+`)

// key is the root cause of a problem: its rule, with the numbers of a protocol problem's text
// left out (the same schema error at another seq is the same cause).
func (p Problem) key() string {
	if p.Stage == Protocol {
		return numbers.ReplaceAllString(p.Rule, "N")
	}
	return p.Rule
}

// size is how large an example is: the smaller, the better it shows the cause.
func (p Problem) size() int { return len(p.Input) + len(p.Got) + len(p.Want) }

// Group folds problems into findings: one per root cause, with its count, the checks it
// failed and its smallest example (one with an input first; ties go to the first check by
// ID); protocol findings first, then vectors, scenarios and the sweep, each stage by count,
// the largest first, then field rules before the sweep's invariants, then by rule. A root
// cause met at several stages is shown at the earliest. The same problems give the same
// findings in any order.
func Group(ps []Problem) []Finding {
	byKey := map[string]*Finding{}
	var order []string
	for _, p := range ps {
		k := p.key()
		f := byKey[k]
		if f == nil {
			f = &Finding{Rule: p.Rule, Stage: p.Stage, Section: SectionOf(p.Rule), Example: p}
			byKey[k] = f
			order = append(order, k)
		}
		f.Count++
		if !slices.Contains(f.Checks, p.Check) {
			f.Checks = append(f.Checks, p.Check)
		}
		if p.Stage < f.Stage {
			f.Stage = p.Stage
		}
		// The example: one with an input over one without, then the smallest, then the first
		// check by ID (problems arrive in the order their checks ended, which concurrency
		// varies; the example does not).
		if hasInput, exampleHas := p.Input != "", f.Example.Input != ""; hasInput != exampleHas {
			if hasInput {
				f.Example = p
			}
		} else if d := p.size() - f.Example.size(); d < 0 || d == 0 && p.Check < f.Example.Check {
			f.Example = p
		}
	}
	out := make([]Finding, 0, len(order))
	for _, k := range order {
		f := *byKey[k]
		slices.Sort(f.Checks)
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(b.Count, a.Count), cmp.Compare(derived(a.Rule), derived(b.Rule)), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

// derived ranks a sweep invariant (which follows from the answer's fields) after the field
// rules it follows from, where counts tie: the field is the one to fix.
func derived(rule string) int {
	if strings.HasPrefix(rule, "invariant.") {
		return 1
	}
	return 0
}

// Compact is a value as one line of JSON (strings as JSON strings).
func Compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// Line is a text cut to one line of at most n runes, for a summary.
func Line(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
