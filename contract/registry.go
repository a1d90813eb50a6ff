package contract

// Capability is the kind of progress a resolution claims.
type Capability string

// The five capabilities of the shared progress contract. No other capability exists (FR-012).
const (
	None      Capability = "none"
	Activity  Capability = "activity"
	Counted   Capability = "counted"
	Phased    Capability = "phased"
	Composite Capability = "composite"
)

// Capabilities lists every capability in precedence order, strongest first; None closes the
// list because it is what terminal runs get, not a rung of the ladder.
var Capabilities = []Capability{Phased, Composite, Counted, Activity, None}

// Scope says why a family may claim what it claims.
type Scope string

// The scopes of the registry.
const (
	// ScopeSelected families are selected by spec 272 for phase or composite progress.
	ScopeSelected Scope = "selected"
	// ScopeCountedRollout families have deterministic work units owned by spec 271.
	ScopeCountedRollout Scope = "counted rollout"
	// ScopeDeferred families stay activity-only until they have repo-real queued progress truth.
	ScopeDeferred Scope = "deferred"
	// ScopeUnknown is every family the registry does not name.
	ScopeUnknown Scope = "unknown"
)

// Family is one registry entry: what a run family may claim and why.
type Family struct {
	Type  string     // the operation_runs.type value
	Label string     // the operation label the shell shows
	Claim Capability // the strongest capability the family may claim while active
	Scope Scope
	Why   string // one line for the written standard
}

// Registry lists every known family. A family absent here is activity-only.
var Registry = []Family{
	{Type: "baseline_capture", Label: "Baseline capture", Claim: Phased, Scope: ScopeSelected,
		Why: "Persists eligibility, snapshot and evidence-capture boundaries today (FR-002, FR-006)."},
	{Type: "baseline_compare", Label: "Baseline compare", Claim: Phased, Scope: ScopeSelected,
		Why: "Persists coverage, evidence-capture, resume and compare boundaries today (FR-002, FR-007)."},
	{Type: "tenant.review.compose", Label: "Tenant review", Claim: Composite, Scope: ScopeSelected,
		Why: "Aggregates recent operations from its evidence snapshot; no child-run graph (FR-003, FR-008)."},
	{Type: "tenant.review_pack.generate", Label: "Review pack generation", Claim: Counted, Scope: ScopeCountedRollout,
		Why: "Has deterministic work units; counted progress is owned by spec 271 (FR-013)."},
	{Type: "evidence.snapshot.generate", Label: "Evidence snapshot", Claim: Counted, Scope: ScopeCountedRollout,
		Why: "Has deterministic work units; counted progress is owned by spec 271 (FR-013)."},
	{Type: "provider.health_check", Label: "Provider health check", Claim: Activity, Scope: ScopeDeferred,
		Why: "No repo-real queued phase or composite truth yet; a later spec must establish it (FR-012)."},
	{Type: "support.diagnostics", Label: "Support diagnostics", Claim: Activity, Scope: ScopeDeferred,
		Why: "No repo-real queued phase or composite truth yet; a later spec must establish it (FR-012)."},
}

// unknownFamily is what Lookup answers for a family the registry does not name.
var unknownFamily = Family{Label: "Operation", Claim: Activity, Scope: ScopeUnknown,
	Why: "Not rolled out to any determinate or detailed treatment."}

// Lookup returns the registry entry of a run type; unknown types get an activity-only entry
// with the neutral label "Operation". The match is exact: types are machine keys.
func Lookup(runType string) Family {
	for i := range Registry {
		if Registry[i].Type == runType {
			return Registry[i]
		}
	}
	f := unknownFamily
	f.Type = runType
	return f
}
