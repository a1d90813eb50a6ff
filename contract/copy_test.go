package contract

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var zeroTime = time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)

func TestCheckCopy(t *testing.T) {
	tests := []struct {
		copy    string
		counted bool
		bad     string // substring of the error, "" = passes
	}{
		{"Capturing evidence", false, ""},
		{"12 recent operations, 2 failed", false, ""},
		{"3 of 12 processed", true, ""},
		{"3 of 12 processed", false, "quantity"},
		{"Step 2 of 5", false, "quantity"},
		{"Phase 2", false, "quantity"},
		{"Capturing evidence (2 out of 5)", false, "quantity"},
		{"Phase three of five", false, "quantity"},
		{"Two of five captured", false, "quantity"},
		{"Stage one", false, "quantity"},
		{"One of the evidence sources is slow", false, ""},
		{"Someone of note", false, ""},
		{"Item3 of 12 captured", false, "quantity"},
		{"Capturing evidence \uff14\uff10\uff05", false, "percent"},
		{"Capturing evidence 40\u066a", false, "percent"},
		{"Forty percent done", false, "percent"},
		{"Half done \u00bd", false, "fraction"},
		{"3\u204412 captured", false, "fraction"},
		{"", false, ""},
		{"Capturing evidence 40%", false, "percent"},
		{"3/12 captured", false, "fraction"},
		{"3 / 12 captured", false, "fraction"},
		{"3/12 processed", true, ""},
		{"Running fetch_policies", false, "raw key"},
		{"Running baseline.capture", false, "raw key"},
		{"Waiting in queue", false, "technical word"},
		{"Job is running", false, "technical word"},
		{"Invalid token", false, "technical word"},
		{"Exception raised", false, "technical word"},
		{"Label is null", false, "technical word"},
		{"Payload pending", false, "technical word"},
		{"Queued", false, ""},
		{"capturing evidence", false, "capital"},
		{"Capturing Evidence", false, "sentence case"},
		{"Capturing evidence for the very long baseline profile of this tenant", false, "longer"},
	}
	for _, tt := range tests {
		err := CheckCopy(tt.copy, tt.counted)
		if tt.bad == "" {
			assert.NoError(t, err, tt.copy)
		} else {
			assert.ErrorContains(t, err, tt.bad, tt.copy)
		}
	}
}

// TestAllCopyObeysRules checks every piece of operator copy the contract can emit.
func TestAllCopyObeysRules(t *testing.T) {
	all := []string{SpecGenericPhased, SpecGenericComposite, QueuedLabel, ActivityLabel, CountedLabel,
		CompositeLabel, CompositeAttentionLabel, CompositeEmptyLabel, HintFailed, HintPartial,
		ViewOperationText, ShowAllOperationsText, unknownFamily.Label}
	for _, labels := range Vocabulary {
		for _, pl := range labels {
			all = append(all, pl.Label)
		}
	}
	for _, f := range Builtin.Families() {
		all = append(all, f.Label)
	}
	for _, l := range []Lifecycle{LifecycleQueued, LifecycleRunning, LifecycleCompleted, LifecycleUnknown} {
		for _, o := range outcomes {
			all = append(all, LifecycleLabel(l, o))
		}
	}
	for _, s := range all {
		assert.NoError(t, CheckCopy(s, false))
	}
}

func TestVocabularyListsOnlyKnownPhases(t *testing.T) {
	for fam, labels := range Vocabulary {
		assert.Equal(t, Phased, Lookup(fam).Claim, "%s has a vocabulary but is not a phased family", fam)
		seen := map[string]bool{}
		for _, pl := range labels {
			assert.Contains(t, Phases, pl.Phase, "%s lists %q", fam, pl.Phase)
			assert.False(t, seen[pl.Label], "%s repeats the label %q", fam, pl.Label)
			seen[pl.Label] = true
		}
	}
	for _, f := range Builtin.Families() {
		if f.Claim == Phased {
			assert.NotEmpty(t, Vocabulary[f.Type], "phased family %s has no vocabulary", f.Type)
		}
	}
}
