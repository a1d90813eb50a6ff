package contract_test

import (
	"encoding/json"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadVectors(t testing.TB) []vectors.Vector {
	t.Helper()
	vs, err := vectors.Load(vectors.Embedded())
	require.NoError(t, err)
	var runs []vectors.Vector
	for _, v := range vs {
		if v.Kind == vectors.KindRun {
			runs = append(runs, v)
		}
	}
	return runs
}

func pretty(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// TestVectors runs every fixture through the reference contract. A failure shows the input
// run, what came out and what was wanted.
func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	require.GreaterOrEqual(t, len(vs), 60, "the vector set shrank")
	for _, v := range vs {
		t.Run(v.ID, func(t *testing.T) {
			got := contract.Resolve(v.Run)
			assert.Equal(t, pretty(v.Want), pretty(got), "%s\nreason: %s\nrun: %s", v.File, v.Reason, pretty(v.Run))
		})
	}
}

// TestVectorsThroughJSON resolves every vector from its JSON text, the path external input
// takes, and expects the same answer as the decoded run.
func TestVectorsThroughJSON(t *testing.T) {
	for _, v := range loadVectors(t) {
		raw, err := json.Marshal(v.Run)
		require.NoError(t, err, v.ID)
		got, err := contract.ResolveJSON(raw)
		require.NoError(t, err, v.ID)
		assert.Equal(t, pretty(v.Want), pretty(got), "%s from JSON %s", v.ID, raw)
	}
}

// TestVectorsCoverEveryCapabilityAndPhase guards the vector set itself: every capability,
// every phase of both phased families, degraded and terminal cases must stay covered.
func TestVectorsCoverEveryCapabilityAndPhase(t *testing.T) {
	caps := map[contract.Capability]int{}
	phases := map[string]bool{}
	degraded, terminal := 0, 0
	for _, v := range loadVectors(t) {
		caps[v.Want.Capability]++
		if v.Want.Phase != "" {
			phases[v.Run.Type+"/"+string(v.Want.Phase)] = true
		}
		if v.Want.Degraded {
			degraded++
		}
		if v.Want.Lifecycle == contract.LifecycleCompleted {
			terminal++
		}
	}
	for _, c := range contract.Capabilities {
		assert.Positive(t, caps[c], "no vector resolves to %s", c)
	}
	for fam, labels := range contract.Vocabulary {
		for _, pl := range labels {
			assert.True(t, phases[fam+"/"+string(pl.Phase)], "no vector for %s phase %s", fam, pl.Phase)
		}
	}
	assert.GreaterOrEqual(t, degraded, 10)
	assert.GreaterOrEqual(t, terminal, 5)
}
