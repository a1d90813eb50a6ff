package sweep

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/subject"
)

// The writer sweep: drawn writer scenarios (every family and path, evidence stats of every
// size, resumes, a stop at every boundary with every terminal outcome, operations summaries
// from none to the largest counts) go to the implementation's writers and to the reference
// writers. What the implementation persisted must keep every trace rule, and show an operator
// the same states, in the same order, as what the reference writers persisted.

// WritersFor is how many writer scenarios a sweep of n cases draws: one for every 16 cases,
// at least 20 (a writer scenario is a dozen writes, each case a few questions).
func WritersFor(n int) int {
	if n <= 0 {
		return 0
	}
	return min(n, max(n/16, 20))
}

// PropWriterAnswer is the property that the implementation answers every drive, and
// PropWriterShown that its writes show what the reference writers' show.
const (
	PropWriterAnswer = "writer.answer"
	PropWriterShown  = "writer.shown"
)

// WriterProperties are the writer sweep's properties, in report order: an answer, every
// trace rule, and the states shown.
func WriterProperties() []string {
	return append(append([]string{PropWriterAnswer}, contract.TraceRules...), PropWriterShown)
}

// WriterFailure is one writer property the implementation broke.
type WriterFailure struct {
	Property  string
	Seed      uint64
	Index     int // the first drawn scenario that broke it
	Breaking  int // how many did
	Scenario  contract.WriterScenario
	Steps     int // shrinking steps taken
	Write     int // the write that broke it, 0-based; -1: the trace as a whole
	Got, Want string
	Trace     contract.Trace // what the implementation persisted for the shrunk scenario
	Reference contract.Trace // what the reference writers persisted
	Corpus    string         // the corpus file it was replayed from ("" when drawn)
}

// DrawWriter draws writer scenario i of a seed; the same seed and index always draw the same.
func DrawWriter(seed uint64, i int) contract.WriterScenario {
	r := rand.New(rand.NewPCG(seed^0x3717e5, uint64(i)))
	sc := contract.WriterScenario{ID: fmt.Sprintf("sweep/%d", i)}
	outcomes := []contract.Outcome{contract.OutcomeSucceeded, contract.OutcomePartiallySucceeded, contract.OutcomeBlocked,
		contract.OutcomeFailed, contract.OutcomeCancelled}
	switch r.IntN(3) {
	case 0, 1:
		sc.Family = pick(r, "baseline_capture", "baseline_compare")
		sc.Path = pick(r, "standard", "full-content")
		if sc.Path == "full-content" && r.IntN(4) > 0 {
			total := pick(r, int64(0), int64(1), int64(r.IntN(50)), int64(r.IntN(100000)), int64(math.MaxInt32))
			sc.Evidence = &contract.EvidenceStats{Total: total, Captured: r.Int64N(total + 1)}
		}
		sc.Resume = sc.Family == "baseline_compare" && sc.Path == "full-content" && r.IntN(3) == 0
		if r.IntN(2) == 0 {
			bs := contract.Boundaries(sc.Family, sc.Path)
			sc.Stop = &contract.Stop{At: pickOf(r, bs).Name, Outcome: pickOf(r, outcomes)}
		}
	default:
		sc.Family, sc.Path = "tenant.review.compose", "snapshot"
		if r.IntN(5) > 0 {
			total := pick(r, int64(0), int64(1), int64(r.IntN(20)), int64(r.IntN(1000000)), int64(1)<<53, int64(math.MaxInt64))
			failed := r.Int64N(min(total, 1<<62) + 1)
			sc.Operations = &contract.OperationsSummary{Total: total, Failed: failed, Partial: r.Int64N(min(total-failed, 1<<62) + 1)}
		}
		if r.IntN(3) == 0 {
			sc.Stop = &contract.Stop{At: "composition", Outcome: pickOf(r, outcomes)}
		}
	}
	if sc.Stop == nil && r.IntN(3) == 0 {
		sc.Outcome = pick(r, contract.OutcomeSucceeded, contract.OutcomePartiallySucceeded)
	}
	return sc
}

// writerSweep draws n scenarios of the families the registry holds writers to, puts each to
// both writers, and keeps the first scenario breaking each property, shrunk.
func writerSweep(ctx context.Context, im subject.Implementation, reg *contract.Registry, seed uint64, from, to int, failFast bool, shrinkTime time.Duration, part shard.Shard) (int, []WriterFailure) {
	first := map[string]*WriterFailure{}
	done := 0
	unanswered := 0
	for i := from; i < to && ctx.Err() == nil && !(failFast && len(first) > 0); i++ {
		sc := DrawWriter(seed, i)
		if !reg.HoldsWriters(sc.Family) || !part.HasIndex(i) {
			continue
		}
		done++
		for _, b := range writerBreaks(ctx, im, reg, sc) {
			f := first[b.Property]
			if f == nil {
				f = &b
				f.Seed, f.Index = seed, i
				first[b.Property] = f
			}
			f.Breaking++
		}
		if first[PropWriterAnswer] != nil && first[PropWriterAnswer].Index == i {
			if unanswered++; unanswered >= 20 {
				break // a broken adapter fails once, not once per scenario
			}
		} else {
			unanswered = 0
		}
	}
	var out []WriterFailure
	for _, prop := range WriterProperties() {
		f := first[prop]
		if f == nil {
			continue
		}
		until := time.Now().Add(shrinkTime)
		f.Scenario, f.Steps = shrinkWriter(f.Scenario, func(c contract.WriterScenario) bool {
			if ctx.Err() != nil || time.Now().After(until) {
				return false
			}
			return slices.ContainsFunc(writerBreaks(ctx, im, reg, c), func(b WriterFailure) bool { return b.Property == prop })
		})
		for _, b := range writerBreaks(ctx, im, reg, f.Scenario) {
			if b.Property == prop {
				f.Write, f.Got, f.Want, f.Trace, f.Reference = b.Write, b.Got, b.Want, b.Trace, b.Reference
			}
		}
		out = append(out, *f)
	}
	return done, out
}

// writerBreaks puts one scenario to both writers and lists the properties broken.
func writerBreaks(ctx context.Context, im subject.Implementation, reg *contract.Registry, sc contract.WriterScenario) []WriterFailure {
	at := subject.Target{TenantID: 1, UserID: 1}
	want, err := subject.Reference{Registry: reg}.Drive(ctx, sc, at)
	if err != nil {
		return []WriterFailure{{Property: PropWriterAnswer, Scenario: sc, Write: -1, Got: "the reference writers failed: " + err.Error(), Want: "an answer"}}
	}
	got, err := im.Drive(ctx, sc, at)
	if err != nil {
		return []WriterFailure{{Property: PropWriterAnswer, Scenario: sc, Write: -1, Got: "no answer: " + oneLine(err.Error()), Want: "the writes of the scenario", Reference: want.Trace}}
	}
	var out []WriterFailure
	for _, f := range reg.CheckTrace(sc, got.Trace) {
		out = append(out, WriterFailure{Property: f.Rule, Scenario: sc, Write: f.Write, Got: f.Got, Want: f.Want, Trace: got.Trace, Reference: want.Trace})
	}
	g, w := shown(reg, got.Trace), shown(reg, want.Trace)
	if !slices.Equal(g, w) {
		out = append(out, WriterFailure{Property: PropWriterShown, Scenario: sc, Write: -1, Got: strings.Join(g, " → "), Want: strings.Join(w, " → "),
			Trace: got.Trace, Reference: want.Trace})
	}
	return out
}

// shown is what a trace shows an operator, state by state: each phase or composite summary as
// it changes while the run is active, then how it ended. Writes that show nothing new (the
// queued row, a status write before the first phase, evidence counts) are not states.
func shown(reg *contract.Registry, tr contract.Trace) []string {
	var out []string
	for _, row := range tr {
		res := reg.Resolve(row)
		var s string
		switch {
		case !res.Active:
			s = fmt.Sprintf("ended %s", contract.NormalizeOutcome(row.Outcome))
		case res.Capability == contract.Phased:
			s = fmt.Sprintf("%s %q", res.Phase, res.Label)
		case res.Capability == contract.Composite:
			c := res.Composite
			s = fmt.Sprintf("composite %q %d/%d/%d", res.Label, c.Children, c.Failed, c.Partial)
		default:
			continue
		}
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
		if !res.Active {
			break
		}
	}
	return out
}

// shrinkWriter makes a scenario simpler while keep says it still breaks the property.
func shrinkWriter(sc contract.WriterScenario, keep func(contract.WriterScenario) bool) (contract.WriterScenario, int) {
	steps := 0
	for budget := 100; budget > 0; {
		progressed := false
		for _, c := range writerVariants(sc) {
			budget--
			if c.Check() == nil && keep(c) {
				sc, progressed = c, true
				steps++
				break
			}
		}
		if !progressed {
			break
		}
	}
	return sc, steps
}

func writerVariants(sc contract.WriterScenario) []contract.WriterScenario {
	var out []contract.WriterScenario
	with := func(f func(*contract.WriterScenario)) {
		c := sc
		f(&c)
		out = append(out, c)
	}
	if sc.Stop != nil {
		with(func(c *contract.WriterScenario) { c.Stop = nil })
	}
	if sc.Outcome != "" {
		with(func(c *contract.WriterScenario) { c.Outcome = "" })
	}
	if sc.Resume {
		with(func(c *contract.WriterScenario) { c.Resume = false })
	}
	if sc.Evidence != nil {
		with(func(c *contract.WriterScenario) { c.Evidence = nil })
		if e := *sc.Evidence; e.Total > 1 {
			with(func(c *contract.WriterScenario) {
				c.Evidence = &contract.EvidenceStats{Total: e.Total / 2, Captured: min(e.Captured, e.Total/2)}
			})
		}
	}
	if sc.Path == "full-content" && sc.Evidence == nil && !sc.Resume {
		with(func(c *contract.WriterScenario) { c.Path = "standard" })
	}
	if o := sc.Operations; o != nil {
		with(func(c *contract.WriterScenario) { c.Operations = nil })
		if o.Total > 0 {
			half := contract.OperationsSummary{Total: o.Total / 2, Failed: min(o.Failed, o.Total/2)}
			half.Partial = min(o.Partial, half.Total-half.Failed)
			with(func(c *contract.WriterScenario) { c.Operations = &half })
		}
	}
	return out
}

// Report is the writer failure as a reviewer reads it: the shrunk scenario, the write that
// broke the rule, both traces, how to replay it and a scenario file to pin it.
func (f WriterFailure) Report() string { return f.ReportFor(true) }

// Replay is the flags that replay this writer scenario alone.
func (f WriterFailure) Replay() string {
	return fmt.Sprintf("--seed %d --writer-case %d", f.Seed, f.Index)
}

// Problem is the failure as a finding.Problem.
func (f WriterFailure) Problem(maintainer bool) finding.Problem {
	return finding.Problem{Rule: f.Property, Stage: finding.Sweep, Check: "sweep: " + f.Property, Input: finding.Compact(f.Scenario),
		Got: f.Got, Want: f.Want, Replay: f.Replay(), Detail: f.ReportFor(maintainer)}
}

// ReportFor is Report for the application developer (no fixture to pin) or conform's maintainers.
func (f WriterFailure) ReportFor(maintainer bool) string {
	var b strings.Builder
	more := ""
	if f.Breaking > 1 {
		more = fmt.Sprintf(" (%d drawn scenarios broke it)", f.Breaking)
	}
	fmt.Fprintf(&b, "%s broken at writer scenario %d of seed %d%s; shrunk in %d steps to:\n", f.Property, f.Index, f.Seed, more, f.Steps)
	if f.Corpus != "" {
		fmt.Fprintf(&b, "  (a divergence kept in the corpus: %s)\n", f.Corpus)
	}
	fmt.Fprintf(&b, "  scenario: %s\n", compactJSON(f.Scenario))
	at := "the trace"
	if f.Write >= 0 {
		at = fmt.Sprintf("write %d", f.Write+1)
	}
	fmt.Fprintf(&b, "  at %s: got %s\n  want:  %s\n", at, f.Got, f.Want)
	if f.Write >= 0 && f.Write < len(f.Trace) {
		fmt.Fprintf(&b, "  write %d: %s\n", f.Write+1, compactJSON(f.Trace[f.Write]))
	}
	fmt.Fprintf(&b, "  implementation wrote %d rows; the reference writers %d\n", len(f.Trace), len(f.Reference))
	fmt.Fprintf(&b, "  replay: conform run --impl CMD %s\n", f.Replay())
	if !maintainer {
		return strings.TrimRight(b.String(), "\n")
	}
	fmt.Fprintf(&b, "  pin it as fixtures/writers/%s/sweep-%d-%d.yaml:\n", writerDir(f.Scenario.Family), f.Seed, f.Index)
	for _, line := range strings.Split(strings.TrimRight(writerYAML(f.Scenario, f.Property), "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func writerDir(family string) string {
	switch family {
	case "baseline_capture":
		return "capture"
	case "baseline_compare":
		return "compare"
	}
	return "review"
}

// writerYAML is the scenario as a fixtures/writers file.
func writerYAML(sc contract.WriterScenario, prop string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "reason: %q\nfamily: %s\npath: %s\n", "Found by the writer sweep: "+prop+".", sc.Family, sc.Path)
	if e := sc.Evidence; e != nil {
		fmt.Fprintf(&b, "evidence: {captured: %d, total: %d}\n", e.Captured, e.Total)
	}
	if sc.Resume {
		b.WriteString("resume: true\n")
	}
	if s := sc.Stop; s != nil {
		fmt.Fprintf(&b, "stop: {at: %s, outcome: %s}\n", s.At, s.Outcome)
	}
	if sc.Outcome != "" {
		fmt.Fprintf(&b, "outcome: %s\n", sc.Outcome)
	}
	if o := sc.Operations; o != nil {
		fmt.Fprintf(&b, "operations: {total: %d, failed: %d, partial: %d}\n", o.Total, o.Failed, o.Partial)
	} else if sc.Family == "tenant.review.compose" {
		b.WriteString("operations: null\n")
	}
	return b.String()
}
