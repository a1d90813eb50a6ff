package runner

import (
	"testing"

	"github.com/conform-dev/conform/impl"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFeatures runs the whole executable standard against the reference contract on the
// in-memory store, each scenario as a subtest, Strict on.
func TestFeatures(t *testing.T) {
	res := Run(Options{TestingT: t, Concurrency: 2})
	require.Equal(t, 0, res.Code, "failed: %v", res.FailedScenarios)
	assert.Greater(t, res.Passed, 100)
}

// TestFeaturesRejectBrokenContracts: the features can fail. Each mutant breaks one rule of
// the contract and must make at least one scenario fail.
func TestFeaturesRejectBrokenContracts(t *testing.T) {
	for _, name := range impl.MutantNames() {
		t.Run(name, func(t *testing.T) {
			res := Run(Options{Impl: impl.Mutants()[name], Concurrency: 2})
			assert.Equal(t, 1, res.Code)
			assert.NotEmpty(t, res.FailedScenarios, "no scenario caught %s", name)
			t.Logf("%s caught by %d scenarios, e.g. %s", name, res.Failed, res.FailedScenarios[0])
		})
	}
}
