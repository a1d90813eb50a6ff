package finding

// Check is the verdict of one check of a run: a vector, a scenario or a sweep property, with
// the requirement IDs it checks. A run's checks travel in its cucumber JSON (one attachment
// per scenario), so that records, diffs and gap files are made from a saved run.
type Check struct {
	ID   string `json:"id"`   // phased/capture-fetching, "us1.feature: name", "sweep: resolution.label"
	Kind string `json:"kind"` // KindVector, KindScenario or KindSweep
	// Verdict is passed, failed, known (failed as a known gap says) or pending (failed, and
	// newer than the release --pending-since names).
	Verdict      string   `json:"verdict"`
	Requirements []string `json:"requirements,omitempty"`
	// Gap is the known gap or pending entry the check fell under, nil for none.
	Gap *GapRef `json:"gap,omitempty"`
	// Rules are the rules its failure broke (the findings it belongs to).
	Rules []string `json:"rules,omitempty"`
}

// GapRef is what a check's report says of the gap it fell under.
type GapRef struct {
	Check  string `json:"check"` // the gap's glob
	Kind   string `json:"kind"`  // known or pending
	Reason string `json:"reason"`
	Ticket string `json:"ticket,omitempty"`
	Source string `json:"source"` // conform.gaps.yaml:12, --skip, --pending-since v0.10.0
}

// Kinds of check.
const (
	KindVector   = "vector"
	KindScenario = "scenario"
	KindSweep    = "sweep"
)

// Verdicts of a check.
const (
	Passed  = "passed"
	Failed  = "failed"
	Known   = "known"
	Pending = "pending"
)
