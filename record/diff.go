package record

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
)

// Change classes of a check between two records.
const (
	NewFailure   = "new failure"   // passing before (or absent), failing now
	NewKnown     = "new known gap" // passing before (or absent), failing now as a known gap says
	NewPending   = "new pending"   // absent or passing before, failing now but newer than --pending-since
	Fixed        = "fixed"         // failing before, passing now
	StillFailing = "still failing" // failing in both
	Added        = "added"         // not in the base, passing now
	Removed      = "removed"       // in the base, not now
	Unchanged    = "unchanged"     // passing in both
)

// CheckChange is what became of one check between a base and a head record.
type CheckChange struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Class  string `json:"class"`
	Before string `json:"before,omitempty"` // its verdict in the base ("" when absent)
	After  string `json:"after,omitempty"`  // its verdict now ("" when absent)
	// Requirements are the requirement IDs it checks (in either record).
	Requirements []string `json:"requirements,omitempty"`
}

// RequirementChange is what became of one requirement: its roll-up verdict before and after.
type RequirementChange struct {
	ID     string `json:"id"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Diff is what a change did: every check that changed class, and the requirements whose
// verdict changed.
type Diff struct {
	Base, Head   string // what each record is of, for the reader
	Checks       []CheckChange
	Requirements []RequirementChange
	Counts       map[string]int // checks by class (Unchanged included)
}

// failing reports whether a verdict is a failure of any kind (a known gap or a pending check
// still fails its check).
func failing(v string) bool { return v != "" && v != finding.Passed }

// Compare tells what changed from base to head, check by check and requirement by
// requirement. Unchanged checks are counted, not listed.
func Compare(base, head Record) Diff {
	d := Diff{Base: base.Describe(), Head: head.Describe(), Counts: map[string]int{}}
	ids := map[string]bool{}
	for _, c := range base.Checks {
		ids[c.ID] = true
	}
	for _, c := range head.Checks {
		ids[c.ID] = true
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		b, h := base.Check(id), head.Check(id)
		ch := CheckChange{ID: id}
		var reqs []string
		if b != nil {
			ch.Before, ch.Kind, reqs = b.Verdict, b.Kind, b.Requirements
		}
		if h != nil {
			ch.After, ch.Kind, reqs = h.Verdict, h.Kind, h.Requirements
		}
		ch.Requirements = reqs
		switch {
		case h == nil:
			ch.Class = Removed
		case failing(ch.Before) && failing(ch.After):
			ch.Class = StillFailing
		case failing(ch.After) && ch.After == finding.Known:
			ch.Class = NewKnown
		case failing(ch.After) && ch.After == finding.Pending:
			ch.Class = NewPending
		case failing(ch.After):
			ch.Class = NewFailure
		case b == nil:
			ch.Class = Added
		case failing(ch.Before):
			ch.Class = Fixed
		default:
			ch.Class = Unchanged
		}
		d.Counts[ch.Class]++
		if ch.Class != Unchanged {
			d.Checks = append(d.Checks, ch)
		}
	}
	reqs := map[string]bool{}
	for id := range base.Requirements {
		reqs[id] = true
	}
	for id := range head.Requirements {
		reqs[id] = true
	}
	for id := range reqs {
		b, h := base.Requirements[id], head.Requirements[id]
		if b != h {
			d.Requirements = append(d.Requirements, RequirementChange{ID: id, Before: orAbsent(b), After: orAbsent(h)})
		}
	}
	sort.Slice(d.Requirements, func(i, j int) bool { return d.Requirements[i].ID < d.Requirements[j].ID })
	return d
}

func orAbsent(v string) string {
	if v == "" {
		return "absent"
	}
	return v
}

// NewFailures are the checks that fail now and did not before: what a pull request broke.
// A check that fails as a known gap or a pending check says is no new failure.
func (d Diff) NewFailures() []CheckChange {
	var out []CheckChange
	for _, c := range d.Checks {
		if c.Class == NewFailure {
			out = append(out, c)
		}
	}
	return out
}

// Describe names what a record is of: the implementation, the lane, the conform version.
func (r Record) Describe() string {
	parts := []string{r.Implementation.String()}
	if r.Lane != "" {
		parts = append(parts, "lane "+r.Lane)
	}
	if r.Conform != "" {
		parts = append(parts, "conform "+r.Conform)
	}
	if r.Seed != 0 {
		parts = append(parts, fmt.Sprintf("seed %d", r.Seed))
	}
	return safetext.Line(strings.Join(parts, ", "))
}

// Summary is the diff in a few lines for a run's closing: against what, the counts, the
// requirements that changed and the new failures (at most n of each).
func (d Diff) Summary(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "against %s: %s", d.Base, d.countsLine())
	var reqs []string
	for _, r := range d.Requirements {
		reqs = append(reqs, fmt.Sprintf("%s: %s -> %s", safetext.Line(r.ID), word(r.Before), word(r.After)))
	}
	if len(reqs) > 0 {
		fmt.Fprintf(&b, "\nrequirements: %s", strings.Join(capped(reqs, n), "; "))
	}
	var news []string
	for _, c := range d.Checks {
		if c.Class == NewFailure {
			news = append(news, "  "+safetext.Line(c.ID))
		}
	}
	if len(news) > 0 {
		fmt.Fprintf(&b, "\nnew failures:\n%s", strings.Join(capped(news, n), "\n"))
	}
	return b.String()
}

func capped(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(lines[:n:n], fmt.Sprintf("... and %d more", len(lines)-n))
}

func (d Diff) countsLine() string {
	var counts []string
	for _, c := range classOrder {
		if n := d.Counts[c]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, c))
		}
	}
	if len(counts) == 0 {
		counts = append(counts, "no check changed")
	}
	return fmt.Sprintf("%s (%d unchanged)", strings.Join(counts, ", "), d.Counts[Unchanged])
}

// classOrder is the order a diff tells its classes in: what needs attention first.
var classOrder = []string{NewFailure, NewKnown, NewPending, Fixed, StillFailing, Added, Removed}

// WriteText writes the diff for a terminal: counts, the requirements that changed, then the
// checks by class.
func (d Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "base: %s\nhead: %s\n%s\n", d.Base, d.Head, d.countsLine())
	if len(d.Requirements) > 0 {
		b.WriteString("\nrequirements:\n")
		for _, r := range d.Requirements {
			fmt.Fprintf(&b, "  %s: %s -> %s\n", safetext.Line(r.ID), word(r.Before), word(r.After))
		}
	}
	for _, class := range classOrder {
		var lines []string
		for _, c := range d.Checks {
			if c.Class == class {
				lines = append(lines, fmt.Sprintf("  %s (%s -> %s)", safetext.Line(c.ID), word(orAbsent(c.Before)), word(orAbsent(c.After))))
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(&b, "\n%s:\n%s\n", class, strings.Join(lines, "\n"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// word is a verdict as the diff says it: passing, failing, known gap, pending, absent.
func word(v string) string {
	switch v {
	case finding.Passed:
		return "passing"
	case finding.Failed:
		return "failing"
	case finding.Known:
		return "known gap"
	}
	return v
}

// WriteMarkdown writes the diff for a pull request's summary: counts, the requirements that
// changed ("FR-011: passing -> failing"), the new failures and the fixes listed.
func (d Diff) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("### What this change did\n\n")
	fmt.Fprintf(&b, "Against %s.\n\n", safetext.Cell(d.Base))
	b.WriteString("| New failures | New known gaps | New pending | Fixed | Still failing | Added | Removed |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d |\n\n", d.Counts[NewFailure], d.Counts[NewKnown], d.Counts[NewPending], d.Counts[Fixed], d.Counts[StillFailing], d.Counts[Added], d.Counts[Removed])
	if len(d.Requirements) > 0 {
		b.WriteString("| Requirement | Before | After |\n| --- | --- | --- |\n")
		for _, r := range d.Requirements {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", safetext.Cell(r.ID), word(r.Before), word(r.After))
		}
		b.WriteString("\n")
	}
	for _, class := range []string{NewFailure, NewKnown, Fixed} {
		var lines []string
		for _, c := range d.Checks {
			if c.Class == class {
				lines = append(lines, fmt.Sprintf("- `%s` (%s -> %s)", safetext.Code(c.ID), word(orAbsent(c.Before)), word(orAbsent(c.After))))
			}
		}
		if len(lines) > 0 {
			if len(lines) > 50 {
				lines = append(lines[:50], fmt.Sprintf("- ... and %d more", len(lines)-50))
			}
			fmt.Fprintf(&b, "**%s**\n\n%s\n\n", strings.ToUpper(class[:1])+class[1:], strings.Join(lines, "\n"))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the diff as one JSON object.
func (d Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Base         string              `json:"base"`
		Head         string              `json:"head"`
		Counts       map[string]int      `json:"counts"`
		Requirements []RequirementChange `json:"requirements"`
		Checks       []CheckChange       `json:"checks"`
	}{d.Base, d.Head, d.Counts, nonNil(d.Requirements), nonNilChecks(d.Checks)})
}

func nonNil(r []RequirementChange) []RequirementChange {
	if r == nil {
		return []RequirementChange{}
	}
	return r
}

func nonNilChecks(c []CheckChange) []CheckChange {
	if c == nil {
		return []CheckChange{}
	}
	return c
}
