package contract

import "testing"

var sink Resolution

func benchmarkRuns() []Run {
	return []Run{
		phasedRun("fetching"),
		{ID: 6, TenantID: 7, Type: "tenant.review.compose", Status: "running",
			Context: map[string]any{"progress": map[string]any{"composite": map[string]any{"children": 12, "failed": 2, "partial": 1}}}},
		{ID: 5, TenantID: 7, Type: "tenant.review_pack.generate", Status: "Running ",
			SummaryCounts: map[string]any{"total": 12, "processed": 3}},
		{ID: 8, TenantID: 7, Type: "baseline_compare", Status: "running", Context: []any{}},
	}
}

// BenchmarkResolve measures resolving an already decoded run (target: < 1 µs, 0 allocs).
func BenchmarkResolve(b *testing.B) {
	runs := benchmarkRuns()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sink = Resolve(runs[i%len(runs)])
	}
}

// BenchmarkStrictDecodeAndResolve measures the strict encoding/json decoder and resolving:
// the path of a run with an error (runio's BenchmarkResolveJSON is the path of every run).
func BenchmarkStrictDecodeAndResolve(b *testing.B) {
	raw := []byte(`{"id":42,"tenant_id":7,"user_id":3,"type":"baseline_capture","status":"running","outcome":"pending",` +
		`"summary_counts":{"total":12,"processed":3},"context":{"progress":{"phase":{"key":"fetching",` +
		`"label":"Capturing evidence","entered_at":"2026-05-05T10:00:00Z"}},"eligibility":{"eligible":true}},` +
		`"created_at":"2026-05-05T09:59:00Z","updated_at":"2026-05-05T10:00:00Z"}`)
	b.ReportAllocs()
	for b.Loop() {
		res, err := ResolveJSON(raw)
		if err != nil {
			b.Fatal(err)
		}
		sink = res
	}
}

func TestResolveDoesNotAllocate(t *testing.T) {
	for _, run := range benchmarkRuns() {
		if n := testing.AllocsPerRun(100, func() { sink = Resolve(run) }); n != 0 {
			t.Errorf("Resolve(%s) allocates %v times", run.Type, n)
		}
	}
}
