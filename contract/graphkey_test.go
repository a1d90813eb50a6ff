package contract

import (
	"testing"

	"pgregory.net/rapid"
)

// TestGraphKeyPrefilterAgreesWithTheExpression: the cheap test before the expression never
// turns away a key the expression would take, whatever the key.
func TestGraphKeyPrefilterAgreesWithTheExpression(t *testing.T) {
	for _, k := range []string{"child_run_ids", "CHILD_RUN_IDS", "operation_run_ids", "child_ids", "Child-IDs", "sub_runs",
		"run_graph", "child_idſ", "ſub_runs", "children", "label", "evidence_capture", "runtime", "operations"} {
		if GraphKey(k) != graphKey.MatchString(k) {
			t.Errorf("GraphKey(%q) = %v, the expression says %v", k, GraphKey(k), graphKey.MatchString(k))
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOfN(rapid.SampledFrom([]string{"child", "children", "sub", "run", "runs", "Run", "RUN", "operation",
			"ids", "IDs", "id", "graph", "tree", "list", "_", "-", "x", "ſ", "K"}), 1, 5).Draw(t, "parts")
		k := ""
		for _, p := range parts {
			k += p
		}
		if GraphKey(k) != graphKey.MatchString(k) {
			t.Fatalf("GraphKey(%q) = %v, the expression says %v", k, GraphKey(k), graphKey.MatchString(k))
		}
	})
}
