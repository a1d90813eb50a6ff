package contract

import (
	"errors"
	"testing"
)

// TestCheckFamily: each row breaks one rule of a registry entry; the error names the family
// and the field. The base rows are families the rules allow.
func TestCheckFamily(t *testing.T) {
	phased := func() Family {
		return Family{Type: "app.import", Label: "Import", Claim: Phased, Scope: ScopeSelected, Why: "has phases",
			Phases: []PhaseLabel{{Phase: PhaseFetching, Label: "Fetching records"}, {Phase: PhaseFinalizing, Label: "Wrapping up"}}}
	}
	with := func(change func(*Family)) Family { f := phased(); change(&f); return f }
	ok := []Family{
		phased(),
		{Type: "app.rollup", Label: "Rollup", Claim: Composite, Scope: ScopeSelected, Why: "aggregates"},
		{Type: "app.sync", Label: "Sync", Claim: Counted, Scope: ScopeCountedRollout, Why: "counts items"},
		{Type: "app.later", Label: "Later", Claim: Activity, Scope: ScopeDeferred, Why: "not yet"},
		{Type: "app.misc", Label: "Misc", Claim: Activity, Scope: ScopeActivity, Why: "no detail"},
	}
	for _, f := range ok {
		if err := CheckFamily(f); err != nil {
			t.Errorf("CheckFamily(%s) = %v, want nil", f.Type, err)
		}
	}
	tests := []struct {
		name  string
		f     Family
		field string
	}{
		{"no type", with(func(f *Family) { f.Type = "" }), "type"},
		{"padded type", with(func(f *Family) { f.Type = " app.import" }), "type"},
		{"no label", with(func(f *Family) { f.Label = "" }), "label"},
		{"label with a percentage", with(func(f *Family) { f.Label = "Import 40%" }), "label"},
		{"no why", with(func(f *Family) { f.Why = "  " }), "why"},
		{"a new capability", with(func(f *Family) { f.Claim = "eta" }), "claim"},
		{"none is no claim", with(func(f *Family) { f.Claim = None }), "claim"},
		{"an unknown scope", with(func(f *Family) { f.Scope = "everything" }), "scope"},
		{"phased but not selected", with(func(f *Family) { f.Scope = ScopeActivity }), "scope"},
		{"selected but activity", Family{Type: "a", Label: "A", Claim: Activity, Scope: ScopeSelected, Why: "w"}, "scope"},
		{"deferred but counted", Family{Type: "a", Label: "A", Claim: Counted, Scope: ScopeDeferred, Why: "w"}, "claim"},
		{"counted outside the rollout", Family{Type: "a", Label: "A", Claim: Counted, Scope: ScopeActivity, Why: "w"}, "scope"},
		{"activity in the rollout", Family{Type: "a", Label: "A", Claim: Activity, Scope: ScopeCountedRollout, Why: "w"}, "scope"},
		{"activity unknown scope", Family{Type: "a", Label: "A", Claim: Activity, Scope: ScopeUnknown, Why: "w"}, "scope"},
		{"phases on a composite", Family{Type: "a", Label: "A", Claim: Composite, Scope: ScopeSelected, Why: "w",
			Phases: []PhaseLabel{{Phase: PhaseFetching, Label: "Fetching"}}}, "phases"},
		{"phased without phases", with(func(f *Family) { f.Phases = nil }), "phases"},
		{"a key outside the vocabulary", with(func(f *Family) { f.Phases[1].Phase = "uploading" }), "phases[1].key"},
		{"a key twice", with(func(f *Family) { f.Phases[1].Phase = PhaseFetching }), "phases[1].key"},
		{"a phase without a label", with(func(f *Family) { f.Phases[0].Label = "" }), "phases[0].label"},
		{"the raw key as label", with(func(f *Family) { f.Phases[1].Label = " Finalizing " }), "phases[1].label"},
		{"a phase label with a percentage", with(func(f *Family) { f.Phases[0].Label = "Fetching (40%)" }), "phases[0].label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckFamily(tt.f)
			var fe *FamilyError
			if !errors.As(err, &fe) {
				t.Fatalf("CheckFamily = %v, want a FamilyError", err)
			}
			if fe.Type != tt.f.Type || fe.Field != tt.field {
				t.Errorf("CheckFamily = %v, want family %q field %q", err, tt.f.Type, tt.field)
			}
		})
	}
}

func TestNewRegistryRefusesAFamilyTwice(t *testing.T) {
	f := Family{Type: "app.misc", Label: "Misc", Claim: Activity, Scope: ScopeActivity, Why: "no detail"}
	_, err := NewRegistry([]Family{f, f})
	var fe *FamilyError
	if !errors.As(err, &fe) || fe.Field != "type" || fe.Type != "app.misc" {
		t.Errorf("NewRegistry(twice) = %v, want a FamilyError on type", err)
	}
	if _, err := NewRegistry([]Family{f, {Type: "b"}}); err == nil {
		t.Error("NewRegistry took a family without a label")
	}
	reg, err := NewRegistry([]Family{f})
	if err != nil || reg.Lookup("app.misc").Label != "Misc" {
		t.Errorf("NewRegistry([misc]) = %v, %v", reg, err)
	}
}
