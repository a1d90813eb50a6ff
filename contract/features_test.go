package contract_test

import (
	"testing"

	"github.com/conform-dev/conform/suite"
)

// TestFeaturesAgainstTheContract runs the executable standard here too, so a change to this
// package (or a mutant of it under `make mutation`) meets the features as well as the unit tests.
func TestFeaturesAgainstTheContract(t *testing.T) {
	res := suite.Execute(t.Context(), suite.Options{Concurrency: 2})
	if res.Code != 0 || res.Failed > 0 {
		t.Fatalf("%s; failed: %v", res.Summary(), res.FailedScenarios)
	}
}
