package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/vectors"
)

// The writers. A scenario says, sentence by sentence, what a job does: queued for a tenant,
// reaching a boundary, reporting evidence stats, ending. The sentences assemble a writer
// scenario; the first step that needs the run asks the implementation to run it with its own
// job code (subject.Implementation.Drive), holds what it persisted to the trace rules, and
// seeds the write the scenario talks about: the last one before the job ended, or the
// terminal one once the scenario ended it.

// The steps that ask the implementation's writers to run: a job queued, every writer
// scenario, the writer sweep.
const (
	stepQueueBaseline = `^a (standard|full-content) baseline (capture|compare) run is queued for "([^"]*)"$`
	stepQueueReview   = `^a tenant review composition is queued from that snapshot$`
	stepEveryWriter   = `^every writer scenario of the standard runs for "([^"]*)"$`
	stepWriterSweep   = `^no drawn writer scenario breaks "([^"]*)"$`
)

var writerSteps = sync.OnceValue(func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range []string{stepQueueBaseline, stepQueueReview, stepEveryWriter, stepWriterSweep} {
		out = append(out, regexp.MustCompile(p))
	}
	return out
})

// DrivesWriters reports whether a step asks the implementation's writers to run.
func DrivesWriters(text string) bool {
	return slices.ContainsFunc(writerSteps(), func(re *regexp.Regexp) bool { return re.MatchString(text) })
}

func jobSteps(d *definitions) {
	step(d, stepQueueBaseline, queueBaseline)
	step(d, `^the (?:capture|compare) reaches its "([^"]*)" boundary$`, reachBoundary)
	step(d, `^the (?:capture|compare) runs through every boundary$`, runThroughBoundaries)
	step(d, `^the run reports evidence-capture stats of (\d+) captured out of (\d+)$`, evidenceStats)
	step(d, `^the run (completes|is blocked|fails|partially succeeds|is cancelled)$`, finish)
	step(d, `^an evidence snapshot of "([^"]*)" summarizing (\d+) recent operations, (\d+) failed and (\d+) partial$`, snapshotWithSummary)
	step(d, `^an evidence snapshot of "([^"]*)" without an operations summary$`, snapshotWithoutSummary)
	step(d, stepQueueReview, queueReview)
	step(d, `^the run starts$`, startRun)
	step(d, stepEveryWriter, everyWriterScenario)
	step(d, `^no write breaks the trace rule "([^"]*)"$`, noWriteBreaks)
}

// job is the writer scenario the sentences so far describe, and what the implementation
// persisted for it once asked.
type job struct {
	sc       contract.WriterScenario
	tenantID int64
	reached  string // the last boundary reached, "" before the first
	started  bool
	ended    bool
	// later are writes the scenario itself makes on the run after the job's (summary counts).
	later []func(ctx context.Context, st store.Store, id int64) error
	// trace is what the implementation persisted for the scenario as it stood when asked;
	// stale when a sentence changed the scenario since.
	trace contract.Trace
	stale bool
}

// scenario is the writer scenario to run: where the sentences left the job. A job the
// scenario has not ended yet is cancelled where it stands, so the writes up to there are the
// ones the scenario looks at.
func (j *job) scenario() contract.WriterScenario {
	sc := j.sc
	if j.ended {
		return sc
	}
	sc.Outcome = ""
	at := j.reached
	if sc.Family == "tenant.review.compose" {
		at = "composition"
	}
	if at == "" {
		at = contract.Boundaries(sc.Family, sc.Path)[0].Name
	}
	sc.Stop = &contract.Stop{At: at, Outcome: contract.OutcomeCancelled}
	return sc
}

// current is the write the scenario talks about: the terminal one once ended; the queued one
// while nothing has happened; otherwise the last one before the job ended.
func (j *job) current(tr contract.Trace) contract.Run {
	if j.ended || len(tr) == 1 {
		return tr[len(tr)-1]
	}
	if j.reached == "" && !j.started {
		return tr[0]
	}
	end := len(tr)
	for i, r := range tr {
		if contract.Resolve(r).Lifecycle == contract.LifecycleCompleted {
			end = i
			break
		}
	}
	return tr[max(end-1, 0)]
}

func (w *World) newJob(family, path, tenant string, ops *contract.OperationsSummary) error {
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	w.job = &job{sc: contract.WriterScenario{ID: "features", Family: family, Path: path, Operations: ops}, tenantID: tid, stale: true}
	w.current = 0
	return nil
}

func queueBaseline(ctx context.Context, path, kind, tenant string) error {
	return world(ctx).newJob("baseline_"+kind, path, tenant, nil)
}

func (w *World) requireJob() (*job, error) {
	if w.job == nil {
		return nil, fmt.Errorf("no job was queued in this scenario")
	}
	if w.job.ended {
		return nil, fmt.Errorf("the job already ended in this scenario")
	}
	return w.job, nil
}

func reachBoundary(ctx context.Context, boundary string) error {
	j, err := world(ctx).requireJob()
	if err != nil {
		return err
	}
	bs := contract.Boundaries(j.sc.Family, j.sc.Path)
	if boundary == "resume" {
		if j.sc.Family != "baseline_compare" || j.sc.Path != "full-content" {
			return fmt.Errorf("a %s %s has no \"resume\" boundary: only a full-content compare resumes its evidence capture", j.sc.Path, j.sc.Family)
		}
		j.sc.Resume, boundary = true, "evidence capture"
	}
	at := slices.IndexFunc(bs, func(b contract.Boundary) bool { return b.Name == boundary })
	if at < 0 {
		return fmt.Errorf("a %s %s has no %q boundary", j.sc.Path, j.sc.Family, boundary)
	}
	if was := slices.IndexFunc(bs, func(b contract.Boundary) bool { return b.Name == j.reached }); at < was {
		return fmt.Errorf("the job already reached %q; it does not go back to %q", j.reached, boundary)
	}
	j.reached, j.stale = boundary, true
	return nil
}

func runThroughBoundaries(ctx context.Context) error {
	w := world(ctx)
	j, err := w.requireJob()
	if err != nil {
		return err
	}
	j.reached = ""
	j.ended, j.stale = true, true
	if err := w.drive(ctx); err != nil {
		return err
	}
	// The phase each write before the end shows, as the implementation resolves it.
	w.phases = nil
	for _, r := range j.trace {
		if contract.Resolve(r).Lifecycle == contract.LifecycleCompleted {
			break
		}
		res, err := w.cfg.Impl.Resolve(ctx, r)
		if err != nil {
			return fmt.Errorf("%s could not resolve write %+v: %w", w.cfg.Impl.Name(), r, err)
		}
		if p := string(res.Phase); p != "" && (len(w.phases) == 0 || w.phases[len(w.phases)-1] != p) {
			w.phases = append(w.phases, p)
		}
	}
	return nil
}

func evidenceStats(ctx context.Context, captured, total int64) error {
	j, err := world(ctx).requireJob()
	if err != nil {
		return err
	}
	j.sc.Evidence, j.stale = &contract.EvidenceStats{Captured: captured, Total: total}, true
	return nil
}

var endings = map[string]contract.Outcome{
	"completes": contract.OutcomeSucceeded, "is blocked": contract.OutcomeBlocked, "fails": contract.OutcomeFailed,
	"partially succeeds": contract.OutcomePartiallySucceeded, "is cancelled": contract.OutcomeCancelled,
}

func finish(ctx context.Context, ending string) error {
	w := world(ctx)
	j, err := w.requireJob()
	if err != nil {
		return err
	}
	outcome := endings[ending]
	bs := contract.Boundaries(j.sc.Family, j.sc.Path)
	ranThrough := j.sc.Family == "tenant.review.compose" || len(bs) > 0 && j.reached == bs[len(bs)-1].Name
	switch {
	case ranThrough && (outcome == contract.OutcomeSucceeded || outcome == contract.OutcomePartiallySucceeded):
		j.sc.Outcome = outcome
	case j.sc.Family == "tenant.review.compose":
		j.sc.Stop = &contract.Stop{At: "composition", Outcome: outcome}
	case j.reached == "":
		return fmt.Errorf("the job ends before it reached any boundary; say which it reached first")
	default:
		j.sc.Stop = &contract.Stop{At: j.reached, Outcome: outcome}
	}
	j.ended, j.stale = true, true
	return nil
}

func snapshotWithSummary(ctx context.Context, tenant string, total, failed, partial int64) error {
	w := world(ctx)
	if _, err := w.tenant(tenant); err != nil {
		return err
	}
	w.snapshot = &snapshot{tenant: tenant, ops: &contract.OperationsSummary{Total: total, Failed: failed, Partial: partial}}
	return nil
}

func snapshotWithoutSummary(ctx context.Context, tenant string) error {
	w := world(ctx)
	if _, err := w.tenant(tenant); err != nil {
		return err
	}
	w.snapshot = &snapshot{tenant: tenant}
	return nil
}

func queueReview(ctx context.Context) error {
	w := world(ctx)
	if w.snapshot == nil {
		return fmt.Errorf("no evidence snapshot was given in this scenario")
	}
	return w.newJob("tenant.review.compose", "snapshot", w.snapshot.tenant, w.snapshot.ops)
}

func startRun(ctx context.Context) error {
	j, err := world(ctx).requireJob()
	if err != nil {
		return err
	}
	j.started, j.stale = true, true
	return nil
}

// target is where the implementation runs a writer scenario: the scenario's store and, when
// it is a database, its DSN.
func (w *World) target(tenantID int64) subject.Target {
	at := subject.Target{TenantID: tenantID, UserID: w.viewer, Store: w.store}
	if l, ok := w.store.(store.WriteLog); ok {
		at.DSN = l.DSN()
	}
	return at
}

// run asks the implementation to run a writer scenario, and holds what it answers to the
// database's write log when its writers ran there, and to the trace rules.
func (w *World) run(ctx context.Context, sc contract.WriterScenario, tenantID int64) (contract.Trace, error) {
	got, err := w.cfg.Impl.Drive(ctx, sc, w.target(tenantID))
	if err != nil {
		return nil, fmt.Errorf("%s could not run the writer scenario %s: %w", w.cfg.Impl.Name(), describe(sc), err)
	}
	if got.Database {
		if err := w.sameAsLogged(ctx, got.Trace); err != nil {
			return nil, fmt.Errorf("writer scenario %s: %w", describe(sc), err)
		}
	}
	if bad := w.cfg.registry().CheckTrace(sc, got.Trace); len(bad) > 0 {
		te := &TraceError{Scenario: sc, Trace: got.Trace, Findings: bad}
		return got.Trace, finding.WithProblems(te, te.Problems()...)
	}
	return got.Trace, nil
}

// Problems are the trace's broken rules, each with the scenario as its input and the write
// that broke it.
func (e *TraceError) Problems() []finding.Problem {
	ps := make([]finding.Problem, 0, len(e.Findings))
	for _, f := range e.Findings {
		p := finding.Problem{Rule: f.Rule, Stage: finding.Scenario, Input: finding.Compact(e.Scenario), Got: f.Got, Want: f.Want}
		if f.Write >= 0 && f.Write < len(e.Trace) {
			p.Detail = fmt.Sprintf("write %d: %s", f.Write+1, rowText(e.Trace[f.Write]))
		}
		if e.Scenario.ID != "" && e.Scenario.ID != "features" {
			p.Check = e.Scenario.ID
		}
		ps = append(ps, p)
	}
	return ps
}

// drive runs the scenario's job when a sentence changed it, and seeds the write the scenario
// talks about as the scenario's current run.
func (w *World) drive(ctx context.Context) error {
	j := w.job
	if j == nil || !j.stale {
		return nil
	}
	tr, err := w.run(ctx, j.scenario(), j.tenantID)
	if err != nil {
		return err
	}
	j.trace, j.stale = tr, false
	cur := j.current(tr)
	id, err := w.store.InsertRun(ctx, contract.Run{TenantID: cur.TenantID, UserID: cur.UserID, Type: cur.Type,
		Status: cur.Status, Outcome: cur.Outcome, SummaryCounts: cur.SummaryCounts, Context: cur.Context})
	if err != nil {
		return fmt.Errorf("seeding write %+v: %w", cur, err)
	}
	for _, f := range j.later {
		if err := f(ctx, w.store, id); err != nil {
			return err
		}
	}
	w.current = id
	return nil
}

// sameAsLogged holds an implementation's answer to the writes the database logged for the run.
func (w *World) sameAsLogged(ctx context.Context, answered contract.Trace) error {
	if len(answered) == 0 {
		return fmt.Errorf("%s answered no write", w.cfg.Impl.Name())
	}
	logged, err := w.store.(store.WriteLog).Writes(ctx, answered[0].ID)
	if err != nil {
		return err
	}
	for i := 0; i < max(len(logged), len(answered)); i++ {
		switch {
		case i >= len(logged):
			return fmt.Errorf("%s answered %d writes of run %d; the database logged %d: write %d was never made (%s)",
				w.cfg.Impl.Name(), len(answered), answered[0].ID, len(logged), i+1, rowText(answered[i]))
		case i >= len(answered):
			return fmt.Errorf("%s answered %d writes of run %d; the database logged %d: write %d is not in the answer (%s)",
				w.cfg.Impl.Name(), len(answered), answered[0].ID, len(logged), i+1, rowText(logged[i]))
		case !sameRow(answered[i], logged[i]):
			return fmt.Errorf("write %d of run %d: %s answered %s; the database logged %s",
				i+1, answered[0].ID, w.cfg.Impl.Name(), rowText(answered[i]), rowText(logged[i]))
		}
	}
	return nil
}

// sameRow compares what the trace rules read of a write.
func sameRow(a, b contract.Run) bool {
	return a.ID == b.ID && a.TenantID == b.TenantID && a.UserID == b.UserID && a.Type == b.Type && a.Status == b.Status &&
		a.Outcome == b.Outcome && sameJSON(a.SummaryCounts, b.SummaryCounts) && sameJSON(a.Context, b.Context)
}

func rowText(r contract.Run) string {
	b, _ := json.Marshal(map[string]any{"id": r.ID, "status": r.Status, "outcome": r.Outcome, "summary_counts": r.SummaryCounts, "context": r.Context})
	return string(b)
}

func describe(sc contract.WriterScenario) string {
	if sc.ID != "" && sc.ID != "features" {
		return sc.ID + " (" + sc.String() + ")"
	}
	return "(" + sc.String() + ")"
}

// TraceError is a trace that broke trace rules: each finding with the write that broke it.
type TraceError struct {
	Scenario contract.WriterScenario
	Trace    contract.Trace
	Findings []contract.TraceFinding
}

func (e *TraceError) Error() string {
	var b strings.Builder
	rules := "rules"
	if len(e.Findings) == 1 {
		rules = "rule"
	}
	fmt.Fprintf(&b, "the writes for writer scenario %s break %d trace %s (docs/standards.md, \"What writers persist\"):", describe(e.Scenario), len(e.Findings), rules)
	for _, f := range e.Findings {
		fmt.Fprintf(&b, "\n  %s", f)
		if f.Write >= 0 && f.Write < len(e.Trace) {
			fmt.Fprintf(&b, "\n    write %d: %s", f.Write+1, rowText(e.Trace[f.Write]))
		}
	}
	return b.String()
}

// everyWriterScenario runs every writer scenario of the standard (fixtures/writers) and keeps
// what each broke, for the rule steps.
func everyWriterScenario(ctx context.Context, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	scs, err := vectors.LoadEmbeddedWriters()
	if err != nil {
		return err
	}
	w.broken = map[string][]string{}
	w.brokenProblems = map[string][]finding.Problem{}
	w.ranWriters = 0
	for _, s := range scs {
		if !w.cfg.registry().HoldsWriters(s.Family) {
			continue // the registry claims the family otherwise: its jobs persist something else
		}
		w.ranWriters++
		_, err := w.run(ctx, s.WriterScenario, tid)
		var te *TraceError
		switch {
		case asTraceError(err, &te):
			for _, p := range te.Problems() {
				w.brokenProblems[p.Rule] = append(w.brokenProblems[p.Rule], p)
			}
			for _, f := range te.Findings {
				line := fmt.Sprintf("%s (%s): %s", s.ID, s.String(), f)
				if f.Write >= 0 && f.Write < len(te.Trace) {
					line += fmt.Sprintf("\n    write %d: %s", f.Write+1, rowText(te.Trace[f.Write]))
				}
				w.broken[f.Rule] = append(w.broken[f.Rule], line)
			}
		case err != nil:
			return err
		}
	}
	return nil
}

func asTraceError(err error, te **TraceError) bool { return errors.As(err, te) }

func noWriteBreaks(ctx context.Context, rule string) error {
	w := world(ctx)
	if !slices.Contains(contract.TraceRules, rule) {
		return fmt.Errorf("no trace rule %q (rules: %s)", rule, strings.Join(contract.TraceRules, ", "))
	}
	if w.ranWriters == 0 {
		return fmt.Errorf("no writer scenario applies: the registry claims none of baseline_capture, baseline_compare (phased) and tenant.review.compose (composite) as spec 272 does")
	}
	if bad := w.broken[rule]; len(bad) > 0 {
		ps := w.brokenProblems[rule]
		for i := range ps {
			ps[i].Replay = "--only " + shellQuote(w.scenario.Uri+": "+w.scenario.Name)
		}
		return finding.WithProblems(fmt.Errorf("%d of %d writer scenarios break %s:\n  %s", len(bad), w.ranWriters, rule, strings.Join(bad, "\n  ")), ps...)
	}
	return nil
}

func phasesShown(ctx context.Context, list string) error {
	w := world(ctx)
	got := strings.Join(w.phases, ", ")
	return expect(got == list, "phases shown: got %q, want %q", got, list)
}
