package audit

import (
	"testing"
)

// BenchmarkAuditRow is the client-side cost of one row: decoding both JSON columns and
// checking every rule (the server's share is measured against psql in docs/benchmarks.md).
func BenchmarkAuditRow(b *testing.B) {
	counts := []byte(`{"total": 40, "processed": 12}`)
	ctx := []byte(`{"progress": {"phase": {"key": "processing", "label": "Comparing with the baseline", "entered_at": "2026-05-05T10:00:00Z"}}, "baseline_capture": {"full_content": true}}`)
	x := raw{id: 1, tenant: 2, typ: "baseline_compare", status: "running", outcome: "pending", counts: counts, ctx: ctx}
	r := NewReport(5)
	b.ReportAllocs()
	for b.Loop() {
		r.Add(x.run())
	}
}
