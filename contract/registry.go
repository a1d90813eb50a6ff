package contract

import (
	"fmt"
	"slices"
	"strings"
)

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
	// ScopeCountedRollout families have deterministic work units (spec 271's counted rollout).
	ScopeCountedRollout Scope = "counted rollout"
	// ScopeDeferred families stay activity-only until they have repo-real queued progress truth.
	ScopeDeferred Scope = "deferred"
	// ScopeActivity families show generic activity by choice of the application.
	ScopeActivity Scope = "activity"
	// ScopeUnknown is every family the registry does not name.
	ScopeUnknown Scope = "unknown"
)

// Scopes lists the scopes a registry entry may have.
var Scopes = []Scope{ScopeSelected, ScopeCountedRollout, ScopeDeferred, ScopeActivity}

// Family is one registry entry: what a run family may claim and why.
type Family struct {
	Type   string       // the operation_runs.type value
	Label  string       // the operation label the shell shows
	Claim  Capability   // the strongest capability the family may claim while active
	Scope  Scope        // why it may
	Why    string       // one line for the written standard
	Phases []PhaseLabel // phased families only: their phases in workflow order, one label each
}

// Registry is the set of run families an application has: the built-in one is spec 272's
// (Builtin); an application supplies its own as a file (package registry). A registry is data:
// it cannot add capabilities, only say which of the contract's a family may claim.
type Registry struct {
	families []Family
	byType   map[string]int
	settings Settings
}

// NewRegistry checks every family (FamilyError names the family and the field) and builds
// a registry with spec 272's settings.
func NewRegistry(fams []Family) (*Registry, error) { return NewRegistryWith(fams, DefaultSettings()) }

// NewRegistryWith builds a registry with settings of its own (SettingsError names the field
// that breaks a rule; an empty field takes spec 272's value).
func NewRegistryWith(fams []Family, s Settings) (*Registry, error) {
	s.SummaryCountKeys = slices.Clone(s.SummaryCountKeys)
	if err := s.check(); err != nil {
		return nil, err
	}
	r := &Registry{families: slices.Clone(fams), byType: map[string]int{}, settings: s}
	for i, f := range r.families {
		if err := CheckFamily(f); err != nil {
			return nil, err
		}
		if _, dup := r.byType[f.Type]; dup {
			return nil, &FamilyError{Type: f.Type, Field: "type", Msg: "the family is listed twice"}
		}
		r.byType[f.Type] = i
	}
	return r, nil
}

// FamilyError is a registry entry that breaks a rule: the family, the field, what is wrong.
type FamilyError struct {
	Type  string
	Field string // "type", "label", "claim", "scope", "why", "phases", "phases[2].label" ...
	Msg   string
}

func (e *FamilyError) Error() string {
	return fmt.Sprintf("family %q: %s: %s", e.Type, e.Field, e.Msg)
}

// CheckFamily applies the registry's rules to one family: phase and composite claims only
// for selected families and the contract's own payloads (the phase vocabulary's keys, the
// composite summary), deferred families activity-only, every label within the copy rules.
func CheckFamily(f Family) error {
	bad := func(field, format string, args ...any) error {
		return &FamilyError{Type: f.Type, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case f.Type == "" || strings.TrimSpace(f.Type) != f.Type:
		return bad("type", "want the exact operation_runs.type key, got %q", f.Type)
	case f.Label == "":
		return bad("label", "want the operation label the shell shows")
	}
	if err := CheckCopy(f.Label, false); err != nil {
		return bad("label", "%v", err)
	}
	if strings.TrimSpace(f.Why) == "" {
		return bad("why", "want one line saying why the family claims what it claims")
	}
	switch f.Claim {
	case Phased, Composite, Counted, Activity:
	default:
		return bad("claim", "want phased, composite, counted or activity, got %q (a registry cannot add capabilities)", f.Claim)
	}
	if !slices.Contains(Scopes, f.Scope) {
		return bad("scope", "want one of %s, got %q", scopeList(), f.Scope)
	}
	switch {
	case (f.Claim == Phased || f.Claim == Composite) != (f.Scope == ScopeSelected):
		return bad("scope", "phase and composite claims are for selected families, and selected families claim one of them (claim %s, scope %s)", f.Claim, f.Scope)
	case f.Scope == ScopeDeferred && f.Claim != Activity:
		return bad("claim", "a deferred family is activity-only, got %s", f.Claim)
	case f.Claim == Counted && f.Scope != ScopeCountedRollout:
		return bad("scope", "a counted family has the scope %q, got %q", ScopeCountedRollout, f.Scope)
	case f.Claim == Activity && f.Scope != ScopeDeferred && f.Scope != ScopeActivity:
		return bad("scope", "an activity family is %q or %q, got %q", ScopeDeferred, ScopeActivity, f.Scope)
	}
	if f.Claim != Phased {
		if len(f.Phases) > 0 {
			return bad("phases", "only a phased family has phases (this one claims %s)", f.Claim)
		}
		return nil
	}
	if len(f.Phases) == 0 {
		return bad("phases", "a phased family lists its phases")
	}
	seen := map[Phase]bool{}
	for i, pl := range f.Phases {
		at := fmt.Sprintf("phases[%d]", i)
		switch {
		case !slices.Contains(Phases, pl.Phase):
			return bad(at+".key", "%q is outside the phase vocabulary (%s)", pl.Phase, phaseList())
		case seen[pl.Phase]:
			return bad(at+".key", "%q is listed twice", pl.Phase)
		case pl.Label == "":
			return bad(at+".label", "want the operator label of %q", pl.Phase)
		}
		if err := CheckCopy(pl.Label, false); err != nil {
			return bad(at+".label", "%v", err)
		}
		if strings.EqualFold(strings.TrimSpace(pl.Label), string(pl.Phase)) {
			return bad(at+".label", "%q is the raw phase key, not operator copy", pl.Label)
		}
		seen[pl.Phase] = true
	}
	return nil
}

func scopeList() string {
	var s []string
	for _, sc := range Scopes {
		s = append(s, string(sc))
	}
	return strings.Join(s, ", ")
}

func phaseList() string {
	var s []string
	for _, p := range Phases {
		s = append(s, string(p))
	}
	return strings.Join(s, ", ")
}

// Families lists the registry's families in their order.
func (r *Registry) Families() []Family { return slices.Clone(r.families) }

// Settings are the registry's settings (a copy).
func (r *Registry) Settings() Settings {
	s := r.settings
	s.SummaryCountKeys = slices.Clone(s.SummaryCountKeys)
	return s
}

// unknownFamily is what Lookup answers for a family the registry does not name.
var unknownFamily = Family{Label: "Operation", Claim: Counted, Scope: ScopeUnknown,
	Why: "Not in the registry: counted when its processed and total pass the counted gate, activity otherwise; never phase or composite progress."}

// ScopeRule is the rung a family of a scope takes while active, in one sentence: the one
// sentence the written standard (its families table and its prose) and this package's
// documentation say of it. Resolve is what it describes.
func (r *Registry) ScopeRule(s Scope) string {
	gate := "counted when its `processed` and `total` pass the counted gate, activity otherwise"
	switch s {
	case ScopeSelected:
		missing := "activity (degraded) when its metadata is missing, whatever its counts"
		if r.settings.Readings.MissingWithCounts == ReadCounted {
			missing = "counted when its metadata is missing and its counts pass the gate, activity (degraded) when they do not"
		}
		return "phase or composite progress, the one it claims; its generic copy (degraded) when its metadata is malformed; " + missing + "."
	case ScopeCountedRollout:
		return gate + "."
	case ScopeDeferred:
		if r.settings.Readings.DeferredCounts == ReadCounted {
			return gate + " (the registry reads deferred counts as counted); never phase or composite progress."
		}
		return "activity only, even with counts that pass the counted gate, until a later spec establishes its progress truth."
	case ScopeActivity:
		return "activity only."
	case ScopeUnknown:
		return "not in the registry: " + gate + "; never phase or composite progress, never degraded."
	}
	return ""
}

// Lookup returns the registry entry of a run type; unknown types get an entry with the neutral
// label "Operation" that claims counted (the counted gate decides) and never a selected rung.
// The match is exact: types are machine keys. It does not allocate.
func (r *Registry) Lookup(runType string) Family {
	if i, ok := r.byType[runType]; ok {
		return r.families[i]
	}
	f := unknownFamily
	f.Type = runType
	return f
}

// LabelFor returns the operator-safe label of a phase of a family, and whether the family's
// workflow has that phase. It does not allocate.
func (r *Registry) LabelFor(family string, key Phase) (string, bool) {
	i, ok := r.byType[family]
	if !ok {
		return "", false
	}
	for _, pl := range r.families[i].Phases {
		if pl.Phase == key {
			return pl.Label, true
		}
	}
	return "", false
}

// Builtin is spec 272's registry: the default of every command, and the data of
// registry/spec272.yaml (a test keeps them equal).
var Builtin = mustRegistry(spec272)

func mustRegistry(fams []Family) *Registry {
	r, err := NewRegistry(fams)
	if err != nil {
		panic("contract: the built-in registry: " + err.Error()) // a defect caught by every test
	}
	return r
}

var spec272 = []Family{
	{Type: "baseline_capture", Label: "Baseline capture", Claim: Phased, Scope: ScopeSelected,
		Why: "Persists eligibility, snapshot and evidence-capture boundaries today (FR-002, FR-006).",
		Phases: []PhaseLabel{
			{PhasePreparing, "Checking capture eligibility", "runtime eligibility recheck and preparation"},
			{PhaseProcessing, "Building the baseline snapshot", "subject and snapshot work"},
			{PhaseFetching, "Capturing evidence", "optional full-content evidence capture"},
			{PhasePersisting, "Saving the baseline snapshot", "snapshot persistence"},
			{PhaseFinalizing, "Finishing baseline capture", "finalization"},
		}},
	{Type: "baseline_compare", Label: "Baseline compare", Claim: Phased, Scope: ScopeSelected,
		Why: "Persists coverage, evidence-capture, resume and compare boundaries today (FR-002, FR-007).",
		Phases: []PhaseLabel{
			{PhasePreparing, "Checking compare coverage", "coverage check and preparation"},
			{PhaseFetching, "Capturing evidence", "optional evidence capture or resumed capture"},
			{PhaseProcessing, "Comparing with the baseline", "compare execution and drift evaluation"},
			{PhasePersisting, "Saving compare results", "finding persistence"},
			{PhaseFinalizing, "Finishing baseline compare", "finalization"},
		}},
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

// Lookup is Builtin.Lookup.
func Lookup(runType string) Family { return Builtin.Lookup(runType) }

// LabelFor is Builtin.LabelFor.
func LabelFor(family string, key Phase) (string, bool) { return Builtin.LabelFor(family, key) }
