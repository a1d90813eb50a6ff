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

// TestHasGraphKeyAgreesWithGraphKeys: the audit's yes-or-no answer is GraphKeys' list being
// non-empty, on contexts of keys drawn near and far from the graph keys, nested in objects
// and lists.
func TestHasGraphKeyAgreesWithGraphKeys(t *testing.T) {
	key := rapid.SampledFrom([]string{"child_run_ids", "run_graph", "children", "label", "progress", "phase", "sub_runs", "runtime", "ids", "x"})
	var value func(t *rapid.T, depth int) any
	value = func(t *rapid.T, depth int) any {
		if depth > 3 {
			return rapid.IntRange(0, 9).Draw(t, "n")
		}
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			m := map[string]any{}
			for range rapid.IntRange(0, 3).Draw(t, "members") {
				m[key.Draw(t, "key")] = value(t, depth+1)
			}
			return m
		case 1:
			var l []any
			for range rapid.IntRange(0, 3).Draw(t, "items") {
				l = append(l, value(t, depth+1))
			}
			return l
		default:
			return "text"
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		ctx := value(t, 0)
		if got, want := HasGraphKey(ctx), len(GraphKeys(ctx)) > 0; got != want {
			t.Fatalf("HasGraphKey(%v) = %v, GraphKeys says %v", ctx, got, want)
		}
	})
}
