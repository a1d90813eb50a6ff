package scratch

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
)

// kind is one shape of run and the audit rules it trips.
type kind struct {
	name    string
	typ     string
	status  string
	outcome string
	counts  string
	context string
	rules   []string
}

const phase = `{"progress": {"phase": {"key": "%s", "label": "%s", "entered_at": "2026-05-05T10:00:00Z"}}, "baseline_capture": {"full_content": true}}`

var clean = []kind{
	{"capture running", "baseline_capture", "running", "pending", `[]`, fmt.Sprintf(phase, "fetching", "Capturing evidence"), nil},
	{"compare running", "baseline_compare", "running", "pending", `{"total": 40, "processed": 12}`, fmt.Sprintf(phase, "processing", "Comparing with the baseline"), nil},
	{"review running", "tenant.review.compose", "running", "pending", `[]`, `{"evidence_snapshot_id": 9, "progress": {"composite": {"children": 12, "failed": 2, "partial": 1, "source": "evidence_snapshot"}}}`, nil},
	{"pack running", "tenant.review_pack.generate", "running", "pending", `{"total": 12, "processed": 3, "succeeded": 3}`, `[]`, nil},
	{"snapshot done", "evidence.snapshot.generate", "completed", "succeeded", `{"total": 5, "processed": 5}`, `[]`, nil},
	{"health running", "provider.health_check", "running", "pending", `[]`, `{"provider": "graph"}`, nil},
	{"sync queued", "inventory.sync", "queued", "pending", `[]`, `[]`, nil},
	{"capture done", "baseline_capture", "completed", "succeeded", `[]`, fmt.Sprintf(phase, "finalizing", "Finishing baseline capture"), []string{"terminal-active-metadata"}},
	{"compare queued", "baseline_compare", "queued", "pending", `[]`, `[]`, []string{"fallback-copy"}},
}

var defects = []kind{
	{"unknown phase key", "baseline_capture", "running", "pending", `[]`, `{"progress": {"phase": {"key": "downloading_policies"}}}`, []string{"unknown-phase-key", "fallback-copy"}},
	{"label mismatch", "baseline_compare", "running", "pending", `[]`, fmt.Sprintf(phase, "processing", "CompareBaselineToTenantJob"), []string{"persisted-label-mismatch"}},
	{"phase on provider health", "provider.health_check", "running", "pending", `[]`, fmt.Sprintf(phase, "fetching", "Capturing evidence"), []string{"metadata-on-unselected-family"}},
	{"malformed composite", "tenant.review.compose", "running", "pending", `[]`, `{"progress": {"composite": {"children": "12", "failed": 0, "partial": 0}}}`, []string{"malformed-composite", "fallback-copy"}},
	{"inconsistent composite", "tenant.review.compose", "running", "pending", `[]`, `{"progress": {"composite": {"children": 3, "failed": 2, "partial": 2}}}`, []string{"inconsistent-composite", "fallback-copy"}},
	{"new summary key", "tenant.review_pack.generate", "running", "pending", `{"total": 4, "completed": 2}`, `[]`, []string{"unknown-summary-key"}},
	{"persisted flag", "evidence.snapshot.generate", "running", "pending", `{"total": 4, "processed": 1}`, `{"progress": {"capability": "counted"}}`, []string{"persisted-flag"}},
	{"child-run graph", "tenant.review.compose", "running", "pending", `[]`, `{"child_run_ids": [101, 102], "progress": {"composite": {"children": 2, "failed": 0, "partial": 0}}}`, []string{"child-run-graph"}},
}

// Tally counts, per audit rule, how many runs made must trip it.
type Tally map[string]int64

// Generator makes runs deterministically from a seed.
type Generator struct {
	rng      *rand.Rand
	badShare float64
	tenants  int64
	Tally    Tally
	made     int64
}

// New makes a generator; badShare is the share of runs with a defect (0 to 1).
func New(seed uint64, badShare float64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), badShare: badShare, tenants: 20, Tally: Tally{}}
}

// Columns are the operation_runs columns the generator fills.
var Columns = []string{"tenant_id", "type", "status", "outcome", "summary_counts", "context", "created_at", "updated_at"}

var epoch = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// Next makes one row for CopyFrom.
func (g *Generator) Next() []any {
	pool := clean
	if g.rng.Float64() < g.badShare {
		pool = defects
	}
	k := pool[g.rng.IntN(len(pool))]
	for _, r := range k.rules {
		g.Tally[r]++
	}
	g.made++
	at := epoch.Add(time.Duration(g.made) * time.Second)
	return []any{1 + g.rng.Int64N(g.tenants), k.typ, k.status, k.outcome, json.RawMessage(k.counts), json.RawMessage(k.context), at, at}
}

// Fill copies n runs into the operation_runs table of conn with CopyFrom, after making the
// tenants they belong to. It reports progress every 100,000 rows when progress is not nil.
func (g *Generator) Fill(ctx context.Context, conn *pgx.Conn, n int64, progress func(done int64)) error {
	if _, err := conn.Exec(ctx, `INSERT INTO tenants (id, name) SELECT i, 'tenant ' || i FROM generate_series(1, $1::bigint) i ON CONFLICT DO NOTHING`, g.tenants); err != nil {
		return fmt.Errorf("tenants: %w", err)
	}
	// The rows are conform's own, not writes under test: the write log (conform.writes) of a
	// scratch database skips them, or a bulk seed would write every row twice.
	if _, err := conn.Exec(ctx, `SET conform.log_writes = 'off'`); err != nil {
		return fmt.Errorf("session: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `RESET conform.log_writes`)
	src := &source{g: g, n: n, progress: progress}
	_, err := conn.CopyFrom(ctx, pgx.Identifier{"operation_runs"}, Columns, src)
	if err != nil {
		return fmt.Errorf("copy runs: %w", err)
	}
	return nil
}

type source struct {
	g        *Generator
	n, i     int64
	row      []any
	progress func(int64)
}

func (s *source) Next() bool {
	if s.i >= s.n {
		return false
	}
	s.row = s.g.Next()
	s.i++
	if s.progress != nil && s.i%100000 == 0 {
		s.progress(s.i)
	}
	return true
}

func (s *source) Values() ([]any, error) { return s.row, nil }
func (s *source) Err() error             { return nil }
