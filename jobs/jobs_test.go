package jobs

import (
	"context"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func phases(bs []Boundary) []contract.Phase {
	var ps []contract.Phase
	for _, b := range bs {
		ps = append(ps, b.Phase)
	}
	return ps
}

func TestBoundariesFollowTheWorkflow(t *testing.T) {
	assert.Equal(t, []contract.Phase{"preparing", "processing", "persisting", "finalizing"}, phases(contract.Boundaries("baseline_capture", "standard")))
	assert.Equal(t, []contract.Phase{"preparing", "processing", "fetching", "persisting", "finalizing"}, phases(contract.Boundaries("baseline_capture", "full-content")))
	assert.Equal(t, []contract.Phase{"preparing", "processing", "persisting", "finalizing"}, phases(contract.Boundaries("baseline_compare", "standard")))
	assert.Equal(t, []contract.Phase{"preparing", "fetching", "processing", "persisting", "finalizing"}, phases(contract.Boundaries("baseline_compare", "full-content")))
}

func TestReachRefusesABoundaryTheJobDoesNotHave(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	tid, _ := st.CreateTenant(ctx, "t")
	j, err := QueueCapture(ctx, st, tid, 0, false)
	require.NoError(t, err)
	assert.ErrorContains(t, j.Reach(ctx, "evidence capture"), `a standard baseline_capture has no "evidence capture" boundary`)
	assert.ErrorContains(t, j.Reach(ctx, "resume"), "no \"resume\" boundary")
	assert.Error(t, j.Finish(ctx, contract.OutcomePending), "pending is not terminal")
}

func TestReviewComposeWritesNothingWithoutASummary(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	tid, _ := st.CreateTenant(ctx, "t")
	j, err := QueueReviewCompose(ctx, st, EvidenceSnapshot{ID: 5, TenantID: tid}, 0)
	require.NoError(t, err)
	run, err := st.Run(ctx, j.RunID)
	require.NoError(t, err)
	assert.Nil(t, run.Context.(map[string]any)["progress"])
	_, err = QueueReviewCompose(ctx, st, EvidenceSnapshot{ID: 6, TenantID: tid, Operations: &OperationsSummary{Total: 1, Failed: 2}}, 0)
	assert.ErrorContains(t, err, "evidence snapshot 6")
}

// TestVocabularyFollowsTheWorkflow: the written standard lists each family's phases in the
// order the full-content job reaches them.
func TestVocabularyFollowsTheWorkflow(t *testing.T) {
	for fam, bs := range map[string][]Boundary{"baseline_capture": contract.Boundaries("baseline_capture", "full-content"), "baseline_compare": contract.Boundaries("baseline_compare", "full-content")} {
		var vocab []contract.Phase
		for _, pl := range contract.Vocabulary[fam] {
			vocab = append(vocab, pl.Phase)
		}
		assert.Equal(t, vocab, phases(bs), fam)
	}
}
