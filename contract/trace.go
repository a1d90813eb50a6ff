package contract

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// The writers: half of spec 272 is about the jobs that persist phases (FR-004, FR-006, FR-007)
// and the composition that persists a composite summary (FR-008). A writer scenario names a
// job, its path and its inputs; what the job persists is a trace, the operation_runs row after
// each write, in order; the trace rules below say what every trace must keep.

// WriterScenario is one run of an application's job, as the standard names it.
type WriterScenario struct {
	ID     string `json:"id"`     // "capture/full-content", stable once released
	Family string `json:"family"` // baseline_capture, baseline_compare, tenant.review.compose
	// Path is the job's path: "standard" or "full-content" (capture, compare), "snapshot"
	// (review composition from an evidence snapshot).
	Path string `json:"path"`
	// Evidence is what full-content evidence capture reports (captured of total), nil: none.
	Evidence *EvidenceStats `json:"evidence"`
	// Resume makes a compare resume its evidence capture from a checkpoint.
	Resume bool `json:"resume"`
	// Stop ends the job at a boundary with a terminal outcome (a block, a failure, or an early
	// end the job reports as it ends); nil: the job runs through.
	Stop *Stop `json:"stop"`
	// Outcome is how a job that runs through ends: succeeded or partially_succeeded.
	Outcome Outcome `json:"outcome"`
	// Operations is the evidence snapshot's recent-operations summary a review is composed
	// from; nil: the snapshot has none.
	Operations *OperationsSummary `json:"operations"`
}

// String says the scenario in a line: "baseline_compare, full-content path, evidence 2 of 9,
// resumed, failed at evidence capture".
func (s WriterScenario) String() string {
	parts := []string{s.Family, s.Path + " path"}
	if s.Family == "tenant.review.compose" {
		parts[1] = "from a snapshot"
		if o := s.Operations; o != nil {
			parts = append(parts, fmt.Sprintf("%d operations, %d failed, %d partial", o.Total, o.Failed, o.Partial))
		} else {
			parts = append(parts, "no operations summary")
		}
	}
	if e := s.Evidence; e != nil {
		parts = append(parts, fmt.Sprintf("evidence %d of %d", e.Captured, e.Total))
	}
	if s.Resume {
		parts = append(parts, "resumed")
	}
	if s.Stop != nil {
		parts = append(parts, fmt.Sprintf("%s at %s", s.Stop.Outcome, s.Stop.At))
	} else {
		parts = append(parts, string(s.FinalOutcome()))
	}
	return strings.Join(parts, ", ")
}

// EvidenceStats are what evidence capture reports.
type EvidenceStats struct {
	Captured int64 `json:"captured"`
	Total    int64 `json:"total"`
}

// Stop is where a job ends early, and how.
type Stop struct {
	At      string  `json:"at"` // a boundary of the path: "eligibility", "drift evaluation" ...; a review's is "composition"
	Outcome Outcome `json:"outcome"`
}

// OperationsSummary is an evidence snapshot's summary of recent operations.
type OperationsSummary struct {
	Total   int64 `json:"total"`
	Failed  int64 `json:"failed"`
	Partial int64 `json:"partial"`
}

// Boundary is one lifecycle boundary of a phased job: its name as the features say it, and
// the phase the job enters there.
type Boundary struct {
	Name  string `json:"name"`
	Phase Phase  `json:"phase"`
}

// Boundaries are a phased job's boundaries in workflow order, for a family of the built-in
// registry and a path: baseline capture (eligibility and preparation, subject and snapshot
// work, evidence capture on full content, persistence, finalization) and baseline compare
// (coverage and preparation, evidence capture on full content, drift evaluation, persistence,
// finalization). FR-006, FR-007.
func Boundaries(family, path string) []Boundary {
	full := path == "full-content"
	switch family {
	case "baseline_capture":
		b := []Boundary{{"eligibility", PhasePreparing}, {"snapshot", PhaseProcessing}}
		if full {
			b = append(b, Boundary{"evidence capture", PhaseFetching})
		}
		return append(b, Boundary{"persistence", PhasePersisting}, Boundary{"finalization", PhaseFinalizing})
	case "baseline_compare":
		b := []Boundary{{"coverage", PhasePreparing}}
		if full {
			b = append(b, Boundary{"evidence capture", PhaseFetching})
		}
		return append(b, Boundary{"drift evaluation", PhaseProcessing},
			Boundary{"persistence", PhasePersisting}, Boundary{"finalization", PhaseFinalizing})
	}
	return nil
}

// ExpectedPhases are the phases a scenario's job persists, in order: every boundary up to
// its stop, or all of them.
func (s WriterScenario) ExpectedPhases() []Phase {
	var out []Phase
	for _, b := range Boundaries(s.Family, s.Path) {
		out = append(out, b.Phase)
		if s.Stop != nil && s.Stop.At == b.Name {
			break
		}
	}
	return out
}

// FinalOutcome is the outcome the job ends with.
func (s WriterScenario) FinalOutcome() Outcome {
	switch {
	case s.Stop != nil:
		return s.Stop.Outcome
	case s.Outcome != "":
		return s.Outcome
	}
	return OutcomeSucceeded
}

// Check refuses a scenario the standard cannot hold a job to.
func (s WriterScenario) Check() error {
	switch s.Family {
	case "baseline_capture", "baseline_compare":
		if s.Path != "standard" && s.Path != "full-content" {
			return fmt.Errorf("path: a %s runs the standard or the full-content path, got %q", s.Family, s.Path)
		}
		if s.Evidence != nil && s.Path != "full-content" {
			return fmt.Errorf("evidence: only the full-content path captures evidence")
		}
		if s.Resume && (s.Family != "baseline_compare" || s.Path != "full-content") {
			return fmt.Errorf("resume: only a full-content compare resumes its evidence capture")
		}
		if s.Operations != nil {
			return fmt.Errorf("operations: only a review is composed from an operations summary")
		}
	case "tenant.review.compose":
		if s.Path != "snapshot" {
			return fmt.Errorf("path: a review is composed from a snapshot, got %q", s.Path)
		}
		if s.Evidence != nil || s.Resume {
			return fmt.Errorf("evidence and resume are a baseline job's")
		}
		if o := s.Operations; o != nil && (o.Total < 0 || o.Failed < 0 || o.Partial < 0 || o.Failed+o.Partial > o.Total) {
			return fmt.Errorf("operations: %d operations cannot have %d failed and %d partial", o.Total, o.Failed, o.Partial)
		}
	default:
		return fmt.Errorf("family: writer scenarios are of baseline_capture, baseline_compare and tenant.review.compose, got %q", s.Family)
	}
	if s.Stop != nil {
		if !s.Stop.Outcome.Terminal() {
			return fmt.Errorf("stop.outcome: a job ends with a terminal outcome (succeeded, partially_succeeded, blocked, failed, cancelled), got %q", s.Stop.Outcome)
		}
		switch {
		case s.Family == "tenant.review.compose" && s.Stop.At != "composition":
			return fmt.Errorf("stop.at: a review ends early at its \"composition\", got %q", s.Stop.At)
		case s.Family != "tenant.review.compose" && !slices.ContainsFunc(Boundaries(s.Family, s.Path), func(b Boundary) bool { return b.Name == s.Stop.At }):
			var names []string
			for _, b := range Boundaries(s.Family, s.Path) {
				names = append(names, b.Name)
			}
			return fmt.Errorf("stop.at: a %s %s has no %q boundary (it has %s)", s.Path, s.Family, s.Stop.At, strings.Join(names, ", "))
		}
	}
	if s.Outcome != "" && s.Stop != nil {
		return fmt.Errorf("outcome: a job that stops ends with stop.outcome; outcome is for one that runs through")
	}
	if s.Outcome != "" && s.Outcome != OutcomeSucceeded && s.Outcome != OutcomePartiallySucceeded {
		return fmt.Errorf("outcome: a job that runs through succeeds or partially succeeds, got %q", s.Outcome)
	}
	return nil
}

// HoldsWriters reports whether the writer scenarios of a family apply under this registry: it
// claims the family as spec 272 does (baseline capture and compare phased, review composition
// composite), so the family's jobs persist what the trace rules read.
func (r *Registry) HoldsWriters(family string) bool {
	want, ok := map[string]Capability{"baseline_capture": Phased, "baseline_compare": Phased, "tenant.review.compose": Composite}[family]
	f := r.Lookup(family)
	if !ok || f.Claim != want {
		return false
	}
	if want != Phased {
		return true
	}
	for _, b := range Boundaries(family, "full-content") {
		if _, known := r.LabelFor(family, b.Phase); !known {
			return false
		}
	}
	return true
}

// Trace is what a job persisted: the operation_runs row after each write, in order.
type Trace []Run

// TraceFinding is one broken trace rule, at the write that broke it (0-based; -1: the trace as
// a whole).
type TraceFinding struct {
	Rule  string
	Write int
	Got   string
	Want  string
}

func (f TraceFinding) String() string {
	at := "the trace"
	if f.Write >= 0 {
		at = fmt.Sprintf("write %d", f.Write+1)
	}
	return fmt.Sprintf("%s at %s: got %s, want %s", f.Rule, at, f.Got, f.Want)
}

// The trace rules, in report order (docs/standards.md, "What writers persist").
const (
	RuleTraceRow            = "trace.one-run"
	RuleTraceQueued         = "trace.queued-first"
	RuleTracePhaseKey       = "trace.phase-canonical"
	RuleTracePhaseOrder     = "trace.phase-order"
	RuleTracePhases         = "trace.phases"
	RuleTraceProgress       = "trace.progress-canonical"
	RuleTraceFlags          = "trace.no-flag"
	RuleTraceGraph          = "trace.no-child-run-graph"
	RuleTraceSummaryKeys    = "trace.summary-keys"
	RuleTraceCounted        = "trace.no-counted-truth"
	RuleTraceComposite      = "trace.composite-from-queue"
	RuleTraceActive         = "trace.active-resolution"
	RuleTraceTerminal       = "trace.terminal"
	RuleTraceCheckpointCopy = "trace.checkpoint-hidden"
)

// TraceRules lists the rules in report order.
var TraceRules = []string{RuleTraceRow, RuleTraceQueued, RuleTracePhaseKey, RuleTracePhaseOrder, RuleTracePhases,
	RuleTraceProgress, RuleTraceFlags, RuleTraceGraph, RuleTraceSummaryKeys, RuleTraceCounted, RuleTraceComposite,
	RuleTraceActive, RuleTraceTerminal, RuleTraceCheckpointCopy}

// TraceRuleText says what each rule holds a trace to, as the standard states it.
var TraceRuleText = map[string]string{
	RuleTraceRow:            "every write is of one run: its id, tenant, user and type never change, and the type is the scenario's family",
	RuleTraceQueued:         "the first write creates the run queued, outcome pending",
	RuleTracePhaseKey:       "a persisted phase is an object whose key is one of the family's phases and whose label is the vocabulary's; only phased families persist one",
	RuleTracePhaseOrder:     "phases are entered in the family's workflow order; only a resume steps back, to fetching, with its checkpoint",
	RuleTracePhases:         "the job enters every phase of its path, up to the boundary where it ends",
	RuleTraceProgress:       "`context.progress` holds `phase` and `composite` only, each with its canonical members; `entered_at` is an RFC 3339 timestamp",
	RuleTraceFlags:          "no capability, mode, percent or bar is persisted in `context` or `context.progress`",
	RuleTraceGraph:          "no child-run graph is persisted anywhere in `context`",
	RuleTraceSummaryKeys:    "`summary_counts` holds only the registry's keys",
	RuleTraceCounted:        "a non-counted family never resolves counted, and never writes counts that pass the counted gate while its own metadata is missing",
	RuleTraceComposite:      "a review's composite summary is written with the queued run, with the evidence snapshot's counts (source `evidence_snapshot`), and kept; without an operations summary none is written, and only composite families write one",
	RuleTraceActive:         "every write before the terminal one resolves active; once a phase was written every write resolves phased, and a review with a summary resolves composite",
	RuleTraceTerminal:       "the job ends with one terminal write carrying the scenario's outcome; no write after it reopens the run, and none of them shows active treatment",
	RuleTraceCheckpointCopy: "a resume checkpoint stays in `context.baseline_compare.resume`: it never appears in `context.progress` or in a label",
}

// canonicalPhaseMembers and canonicalCompositeMembers are what the canonical payload holds.
var (
	canonicalProgressMembers  = []string{"phase", "composite"}
	canonicalPhaseMembers     = []string{"key", "label", "entered_at"}
	canonicalCompositeMembers = []string{"children", "failed", "partial", "source"}
)

// CheckTrace applies every trace rule to what a job persisted for a scenario, with this
// registry's families, vocabulary and summary_counts keys. Each finding names the write that
// broke the rule; one finding per rule, the first.
func (r *Registry) CheckTrace(s WriterScenario, tr Trace) []TraceFinding {
	c := traceCheck{reg: r, s: s, fam: r.Lookup(s.Family), found: map[string]bool{}, checkpoints: map[string]bool{}, lastAt: -1}
	if len(tr) == 0 {
		c.add(RuleTraceQueued, -1, "no write", "the run created queued, outcome pending")
		return c.out
	}
	first := tr[0]
	if NormalizeLifecycle(first.Status, first.Outcome) != LifecycleQueued {
		c.add(RuleTraceQueued, 0, fmt.Sprintf("status %q, outcome %q", first.Status, first.Outcome), "status queued, outcome pending")
	}
	end := len(tr) // the first terminal write
	for i, row := range tr {
		if r.Resolve(row).Lifecycle == LifecycleCompleted {
			end = i
			break
		}
	}
	for i, row := range tr {
		c.row(i, row, first)
		res := r.Resolve(row)
		switch {
		case i < end:
			c.active(i, res)
		case res.Lifecycle != LifecycleCompleted || NormalizeOutcome(row.Outcome) != NormalizeOutcome(tr[end].Outcome):
			c.add(RuleTraceTerminal, i, fmt.Sprintf("status %q, outcome %q after the run ended %s", row.Status, row.Outcome, tr[end].Outcome),
				"the terminal outcome kept: it is authoritative")
		case res.Capability != None || res.Active:
			c.add(RuleTraceTerminal, i, fmt.Sprintf("%s treatment (%q)", res.Capability, res.Label), "no active treatment once the run ended")
		}
	}
	if end == len(tr) {
		last := tr[len(tr)-1]
		c.add(RuleTraceTerminal, len(tr)-1, fmt.Sprintf("the last write leaves status %q, outcome %q", last.Status, last.Outcome),
			fmt.Sprintf("status completed, outcome %s", s.FinalOutcome()))
	} else if got := NormalizeOutcome(tr[end].Outcome); got != s.FinalOutcome() {
		c.add(RuleTraceTerminal, end, fmt.Sprintf("outcome %q", tr[end].Outcome), fmt.Sprintf("outcome %s", s.FinalOutcome()))
	}
	c.phasesOfPath()
	c.composite(tr)
	return c.out
}

// traceCheck is one CheckTrace: what it found and what it has seen so far.
type traceCheck struct {
	reg         *Registry
	s           WriterScenario
	fam         Family
	out         []TraceFinding
	found       map[string]bool
	phases      []Phase // the phase of each write that changed it
	lastAt      int     // the furthest workflow position reached
	phased      bool    // a phase was written
	checkpoints map[string]bool
}

func (c *traceCheck) add(rule string, write int, got, want string) {
	if !c.found[rule] {
		c.found[rule] = true
		c.out = append(c.out, TraceFinding{Rule: rule, Write: write, Got: got, Want: want})
	}
}

// row applies the rules every write keeps on its own.
func (c *traceCheck) row(i int, row, first Run) {
	if row.ID != first.ID || row.TenantID != first.TenantID || row.UserID != first.UserID || row.Type != first.Type {
		c.add(RuleTraceRow, i, fmt.Sprintf("run %d of tenant %d, user %d, type %q", row.ID, row.TenantID, row.UserID, row.Type),
			fmt.Sprintf("run %d of tenant %d, user %d, type %q, as written first", first.ID, first.TenantID, first.UserID, first.Type))
	}
	if row.Type != c.s.Family {
		c.add(RuleTraceRow, i, fmt.Sprintf("type %q", row.Type), fmt.Sprintf("type %q", c.s.Family))
	}
	progress, _, _ := object(mapMember(row.Context, "progress"))
	for _, k := range sortedKeys(progress) {
		if !slices.Contains(canonicalProgressMembers, k) {
			c.add(RuleTraceProgress, i, "context.progress."+k, "only phase and composite")
		}
	}
	if v, has := progress["phase"]; has {
		c.phase(i, v, row)
	}
	if v, has := progress["composite"]; has {
		cm, _ := v.(map[string]any)
		for _, k := range sortedKeys(cm) {
			if !slices.Contains(canonicalCompositeMembers, k) {
				c.add(RuleTraceProgress, i, "context.progress.composite."+k, "only children, failed, partial and source")
			}
		}
		if c.fam.Claim != Composite {
			c.add(RuleTraceComposite, i, fmt.Sprintf("composite metadata on a %s family", c.fam.Claim), "none")
		}
	}
	if bad := CheckPersistedFlags(row.Context); len(bad) > 0 {
		c.add(RuleTraceFlags, i, strings.Join(bad, ", "), "no capability, mode, percent or bar persisted")
	}
	if bad := GraphKeys(row.Context); len(bad) > 0 {
		c.add(RuleTraceGraph, i, strings.Join(bad, ", "), "no child-run graph")
	}
	if bad := c.reg.CheckSummaryCounts(row.SummaryCounts); len(bad) > 0 {
		c.add(RuleTraceSummaryKeys, i, "summary_counts."+strings.Join(bad, ", summary_counts."), "only "+strings.Join(c.reg.settings.SummaryCountKeys, ", "))
	}
	res := c.reg.Resolve(row)
	if c.fam.Claim != Counted {
		if res.Capability == Counted {
			c.add(RuleTraceCounted, i, fmt.Sprintf("a counted resolution (%d %%)", res.Percent), "no percentage for a "+string(c.fam.Claim)+" family")
		} else if _, _, passes := CountedGate(row.SummaryCounts); passes && res.Active && res.Degraded {
			c.add(RuleTraceCounted, i, "counts that pass the counted gate while the "+string(c.fam.Claim)+" metadata is missing",
				"no counted truth before the metadata")
		}
	}
	for _, cp := range checkpointsOf(row.Context) {
		c.checkpoints[cp] = true
	}
	for _, cp := range slices.Sorted(maps.Keys(c.checkpoints)) {
		if where := stringHolding(progress, cp, "context.progress"); where != "" {
			c.add(RuleTraceCheckpointCopy, i, fmt.Sprintf("the checkpoint %q in %s", cp, where), "no checkpoint in the progress payload operators read")
		} else if strings.Contains(res.Label, cp) {
			c.add(RuleTraceCheckpointCopy, i, fmt.Sprintf("label %q", res.Label), "no checkpoint in operator copy")
		}
	}
}

// stringHolding finds a string holding s inside v (keys included), and names where.
func stringHolding(v any, s, at string) string {
	switch t := v.(type) {
	case string:
		if strings.Contains(t, s) {
			return at
		}
	case map[string]any:
		for _, k := range sortedKeys(t) {
			if strings.Contains(k, s) {
				return at + "." + k
			}
			if w := stringHolding(t[k], s, at+"."+k); w != "" {
				return w
			}
		}
	case []any:
		for i, x := range t {
			if w := stringHolding(x, s, fmt.Sprintf("%s[%d]", at, i)); w != "" {
				return w
			}
		}
	}
	return ""
}

// phase checks a persisted phase payload: canonical for the family, in the family's order.
func (c *traceCheck) phase(i int, v any, row Run) {
	ph, ok := v.(map[string]any)
	if !ok {
		c.add(RuleTracePhaseKey, i, fmt.Sprintf("context.progress.phase %s", jsonText(v)), "an object with key and label")
		return
	}
	for _, k := range sortedKeys(ph) {
		if !slices.Contains(canonicalPhaseMembers, k) {
			c.add(RuleTraceProgress, i, "context.progress.phase."+k, "only key, label and entered_at")
		}
	}
	if at, has := ph["entered_at"]; !has {
		c.add(RuleTraceProgress, i, "a phase payload without entered_at", "key, label and entered_at, the canonical payload")
	} else if s, ok := at.(string); !ok || !isTimestamp(s) {
		c.add(RuleTraceProgress, i, fmt.Sprintf("entered_at %s", jsonText(at)), "an RFC 3339 timestamp")
	}
	key, _ := ph["key"].(string)
	if c.fam.Claim != Phased {
		c.add(RuleTracePhaseKey, i, fmt.Sprintf("phase %s on a %s family", jsonText(ph["key"]), c.fam.Claim), "no phase metadata")
		return
	}
	label, known := c.reg.LabelFor(c.s.Family, Phase(key))
	if !known {
		c.add(RuleTracePhaseKey, i, fmt.Sprintf("phase key %s", jsonText(ph["key"])), "one of "+phaseKeys(c.fam))
		return
	}
	if persisted, has := ph["label"]; !has || persisted != label {
		c.add(RuleTracePhaseKey, i, fmt.Sprintf("label %s for %s", jsonText(persisted), key), fmt.Sprintf("%q, the vocabulary's", label))
	}
	c.phased = true
	at := slices.Index(workflow(c.fam), Phase(key))
	if n := len(c.phases); n == 0 || c.phases[n-1] != Phase(key) {
		resumed := Phase(key) == PhaseFetching && hasCheckpoint(row.Context)
		if at < c.lastAt && !resumed {
			c.add(RuleTracePhaseOrder, i, fmt.Sprintf("%s after %s", key, c.phases[n-1]), "the family's workflow order, forward (only a resume re-enters fetching)")
		}
		c.phases = append(c.phases, Phase(key))
	}
	c.lastAt = max(c.lastAt, at)
}

// active checks a write before the run ended: it resolves active, phased once a phase was
// written, composite when the snapshot had a summary.
func (c *traceCheck) active(i int, res Resolution) {
	switch {
	case !res.Active:
		c.add(RuleTraceActive, i, fmt.Sprintf("lifecycle %s before the job ended", res.Lifecycle), "an active run until the terminal write")
	case c.fam.Claim == Phased && c.phased && res.Capability != Phased:
		c.add(RuleTraceActive, i, fmt.Sprintf("%s (%q)", res.Capability, res.Label), "phased: once the job entered a phase, every write keeps one")
	case c.fam.Claim == Composite && c.s.Operations != nil && res.Capability != Composite:
		c.add(RuleTraceActive, i, fmt.Sprintf("%s (%q)", res.Capability, res.Label), "composite, from the snapshot's summary")
	}
}

// phasesOfPath checks the job entered every phase of its path up to where it ended, in order.
func (c *traceCheck) phasesOfPath() {
	if c.fam.Claim != Phased || c.found[RuleTracePhaseOrder] || c.found[RuleTracePhaseKey] {
		return
	}
	var entered []Phase
	for _, p := range c.phases {
		if !slices.Contains(entered, p) {
			entered = append(entered, p)
		}
	}
	if want := c.s.ExpectedPhases(); !slices.Equal(entered, want) {
		c.add(RuleTracePhases, -1, phaseText(entered), phaseText(want))
	}
}

// composite checks the summary a review is queued with: the snapshot's counts, or none.
func (c *traceCheck) composite(tr Trace) {
	if c.fam.Claim != Composite {
		return
	}
	summary, present := compositeOf(tr[0].Context)
	switch o := c.s.Operations; {
	case o == nil:
		for i, row := range tr {
			if _, present := compositeOf(row.Context); present {
				c.add(RuleTraceComposite, i, "a composite summary", "none: the snapshot has no operations summary, and nothing is invented")
			}
		}
	case !present:
		c.add(RuleTraceComposite, 0, "no composite summary when the run is queued", fmt.Sprintf("children %d, failed %d, partial %d, written with the queued run", o.Total, o.Failed, o.Partial))
	default:
		children, failed, partial, shape := ReadCounts(summary)
		switch {
		case shape != ShapeOK || children != o.Total || failed != o.Failed || partial != o.Partial:
			c.add(RuleTraceComposite, 0, jsonText(summary), fmt.Sprintf("children %d, failed %d, partial %d (the snapshot's)", o.Total, o.Failed, o.Partial))
		case summary["source"] != nil && summary["source"] != "evidence_snapshot":
			c.add(RuleTraceComposite, 0, fmt.Sprintf("source %s", jsonText(summary["source"])), `"evidence_snapshot"`)
		}
		for i, row := range tr[1:] {
			if s, _ := compositeOf(row.Context); !sameCounts(s, summary) {
				c.add(RuleTraceComposite, i+1, jsonText(s), fmt.Sprintf("the summary written when the run was queued, %s", jsonText(summary)))
			}
		}
	}
}

func sameCounts(a, b map[string]any) bool {
	ac, af, ap, as := ReadCounts(a)
	bc, bf, bp, bs := ReadCounts(b)
	return as == bs && ac == bc && af == bf && ap == bp
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || v == nil {
		return "null"
	}
	return string(b)
}

func isTimestamp(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// workflow is a phased family's phases in the registry's order.
func workflow(f Family) []Phase {
	out := make([]Phase, 0, len(f.Phases))
	for _, p := range f.Phases {
		out = append(out, p.Phase)
	}
	// The registry lists a family's phases in its workflow order (spec272.yaml lists
	// baseline_capture's processing before fetching: the snapshot is built first).
	return out
}

func phaseKeys(f Family) string {
	var ks []string
	for _, p := range workflow(f) {
		ks = append(ks, string(p))
	}
	return strings.Join(ks, ", ")
}

func phaseText(ps []Phase) string {
	if len(ps) == 0 {
		return "no phase"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

func mapMember(v any, k string) any {
	m, _ := v.(map[string]any)
	return m[k]
}

func compositeOf(ctx any) (map[string]any, bool) {
	p, _ := mapMember(ctx, "progress").(map[string]any)
	c, ok := p["composite"].(map[string]any)
	return c, ok && len(c) > 0
}

// hasCheckpoint reports whether a context carries a resume checkpoint (baseline_compare.resume).
func hasCheckpoint(ctx any) bool { return len(checkpointsOf(ctx)) > 0 }

func checkpointsOf(ctx any) []string {
	bc, _ := mapMember(ctx, "baseline_compare").(map[string]any)
	resume, _ := bc["resume"].(map[string]any)
	if cp, ok := resume["checkpoint"].(string); ok && cp != "" {
		return []string{cp}
	}
	return nil
}
