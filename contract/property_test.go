package contract

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Generators for runs that mix every family, lifecycle and metadata shape, valid or not.

var genType = rapid.SampledFrom([]string{"baseline_capture", "baseline_compare", "tenant.review.compose",
	"tenant.review_pack.generate", "evidence.snapshot.generate", "provider.health_check",
	"support.diagnostics", "inventory.sync", "", "Baseline_Capture"})

var genStatus = rapid.SampledFrom([]string{"queued", "running", "completed", " Running ", "QUEUED", "paused", ""})
var genOutcome = rapid.SampledFrom([]string{"pending", "", "succeeded", "partially_succeeded", "blocked",
	"failed", "cancelled", "Failed ", "exploded"})

func genScalar() *rapid.Generator[any] {
	return rapid.OneOf(
		rapid.Just[any](nil),
		rapid.Map(rapid.Int64(), func(i int64) any { return json.Number(big.NewInt(i).String()) }),
		rapid.Map(rapid.IntRange(-5, 50), func(i int) any { return json.Number(big.NewInt(int64(i)).String()) }),
		rapid.Map(rapid.Float64(), func(f float64) any { return f }),
		rapid.Map(rapid.SampledFrom([]string{"12.0", "1e2", "99999999999999999999", "-0"}), func(s string) any { return json.Number(s) }),
		rapid.Map(rapid.String(), func(s string) any { return s }),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Just[any]([]any{}),
		rapid.Just[any](map[string]any{}),
	)
}

func genPhase() *rapid.Generator[any] {
	keys := []string{"preparing", "fetching", "processing", "persisting", "finalizing", "Fetching", "downloading", ""}
	return rapid.OneOf(
		rapid.Map(rapid.SampledFrom(keys), func(k string) any { return map[string]any{"key": k, "label": "raw_label.x"} }),
		rapid.Map(genScalar(), func(v any) any { return map[string]any{"key": v} }),
		genScalar(),
	)
}

func genComposite() *rapid.Generator[any] {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) any {
			return map[string]any{
				"children": json.Number(big.NewInt(int64(rapid.IntRange(-1, 20).Draw(t, "children"))).String()),
				"failed":   json.Number(big.NewInt(int64(rapid.IntRange(-1, 20).Draw(t, "failed"))).String()),
				"partial":  json.Number(big.NewInt(int64(rapid.IntRange(-1, 20).Draw(t, "partial"))).String()),
			}
		}),
		rapid.Map(genScalar(), func(v any) any { return map[string]any{"children": v, "failed": v, "partial": v} }),
		genScalar(),
	)
}

func genRun() *rapid.Generator[Run] {
	return rapid.Custom(func(t *rapid.T) Run {
		progress := map[string]any{}
		if rapid.Bool().Draw(t, "hasPhase") {
			progress["phase"] = genPhase().Draw(t, "phase")
		}
		if rapid.Bool().Draw(t, "hasComposite") {
			progress["composite"] = genComposite().Draw(t, "composite")
		}
		var ctx any = map[string]any{"progress": progress}
		if rapid.IntRange(0, 5).Draw(t, "ctxShape") == 0 {
			ctx = genScalar().Draw(t, "context")
		}
		counts := map[string]any{}
		if rapid.Bool().Draw(t, "hasCounts") {
			counts["total"] = genScalar().Draw(t, "total")
			counts["processed"] = genScalar().Draw(t, "processed")
		}
		return Run{ID: rapid.Int64().Draw(t, "id"), TenantID: rapid.Int64Range(1, 3).Draw(t, "tenant"),
			Type: genType.Draw(t, "type"), Status: genStatus.Draw(t, "status"), Outcome: genOutcome.Draw(t, "outcome"),
			SummaryCounts: counts, Context: ctx}
	})
}

func TestResolveInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		run := genRun().Draw(t, "run")
		res := Resolve(run)
		lc := NormalizeLifecycle(run.Status, run.Outcome)
		fam := Lookup(run.Type)

		if !lc.Active() {
			if res.Capability != None || res.HasPercent || res.Bar || res.Label != "" || res.Composite.Present || res.Phase != "" {
				t.Fatalf("terminal or unknown run got active treatment: %+v", res)
			}
		}
		if NormalizeOutcome(run.Outcome).Terminal() && res.Active {
			t.Fatalf("terminal outcome left active: %+v", res)
		}
		if (res.HasPercent || res.Bar) != (res.Capability == Counted) {
			t.Fatalf("percent or bar outside counted: %+v", res)
		}
		if res.Capability == Counted {
			p, tot := mustInt(t, run.SummaryCounts, "processed"), mustInt(t, run.SummaryCounts, "total")
			want := new(big.Int).Div(new(big.Int).Mul(p, big.NewInt(100)), tot)
			if !want.IsInt64() || want.Int64() != int64(res.Percent) || res.Percent < 0 || res.Percent > 100 {
				t.Fatalf("percent %d, want floor(100*%s/%s) = %s", res.Percent, p, tot, want)
			}
			if fam.Claim != Counted {
				t.Fatalf("family %q may not claim counted", run.Type)
			}
		}
		if _, _, gate := CountedGate(run.SummaryCounts); gate && res.Active && fam.Claim == Counted && res.Capability != Counted {
			t.Fatalf("a %s run (claim counted) whose counts pass the gate resolves %s", run.Type, res.Capability)
		}
		if res.Capability == Phased && run.Type != "baseline_capture" && run.Type != "baseline_compare" {
			t.Fatalf("phased for %q", run.Type)
		}
		if res.Capability == Composite && run.Type != "tenant.review.compose" {
			t.Fatalf("composite for %q", run.Type)
		}
		if res.Degraded && fam.Scope != ScopeSelected {
			t.Fatalf("degraded outside selected families: %q", run.Type)
		}
		if res.Phase != "" {
			label, ok := LabelFor(run.Type, res.Phase)
			if !ok || label != res.Label {
				t.Fatalf("phase %q shown as %q, vocabulary says %q", res.Phase, res.Label, label)
			}
		}
		if res.Composite.Present && (res.Composite.Failed+res.Composite.Partial > res.Composite.Children) {
			t.Fatalf("inconsistent composite summary: %+v", res.Composite)
		}
		if res.Composite.Present && res.Composite.Failed == 0 && res.Composite.Partial == 0 && res.Composite.Hint != "" {
			t.Fatalf("hint invented for a healthy summary: %+v", res.Composite)
		}
		for _, s := range []string{res.Label, res.Composite.Hint} {
			if err := CheckCopy(s, res.Capability == Counted); err != nil {
				t.Fatal(err)
			}
		}
		html := Present(run, res).HTML()
		if res.Capability != Counted && (strings.Contains(html, "%") || strings.Contains(html, "<progress")) {
			t.Fatalf("non-counted shell shows a percentage or a bar:\n%s", html)
		}
		if res != Resolve(run) {
			t.Fatal("Resolve is not deterministic")
		}
	})
}

func mustInt(t *rapid.T, counts any, key string) *big.Int {
	v := counts.(map[string]any)[key]
	i, ok := integer(v)
	if !ok {
		t.Fatalf("counted with non-integer %s = %#v", key, v)
	}
	return big.NewInt(i)
}

// TestResolveJSONRoundTrip: a run survives JSON and resolves the same.
func TestResolveJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		run := genRun().Draw(t, "run")
		raw, err := json.Marshal(run)
		if err != nil {
			t.Skip("not representable in JSON (NaN or infinity)")
		}
		got, err := ResolveJSON(raw)
		if err != nil {
			t.Fatalf("decoding %s: %v", raw, err)
		}
		want := Resolve(run)
		// Every field: float64 values that were whole become json.Number literals like "4",
		// which are integers either way, so any difference is a real disagreement.
		if got != want {
			t.Fatalf("from JSON %s:\n got %+v\nwant %+v", raw, got, want)
		}
		var back Resolution
		out, err := json.Marshal(got)
		if err != nil || json.Unmarshal(out, &back) != nil || back != got {
			t.Fatalf("the resolution's JSON %s does not read back as %+v", out, got)
		}
	})
}
