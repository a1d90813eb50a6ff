package audit

import (
	"testing"
)

// BenchmarkAuditRow is the client-side cost of one row: decoding both JSON columns and
// checking every rule (the server's share is measured against psql in docs/benchmarks.md).
func BenchmarkAuditRow(b *testing.B) {
	counts := []byte(`{"total": 40, "processed": 12}`)
	ctx := []byte(`{"progress": {"phase": {"key": "processing", "label": "Comparing with the baseline", "entered_at": "2026-05-05T10:00:00Z"}}, "baseline_capture": {"full_content": true}}`)
	str := func(s string) []byte { return []byte(s) }
	x := raw{id: str("1"), tenant: str("2"), typ: str("baseline_compare"), status: str("running"), outcome: str("pending"), counts: counts, ctx: ctx}
	r := NewReport(5)
	in := interner{}
	b.ReportAllocs()
	for b.Loop() {
		r.AddRow(x.runWith(in))
	}
}
