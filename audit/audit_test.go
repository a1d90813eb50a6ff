package audit_test

import (
	"context"
	"os"
	"testing"

	"github.com/conform-dev/conform/audit"
	"github.com/conform-dev/conform/scratch"
	"github.com/conform-dev/conform/store/pgtest"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Tests(m, "audit")) }

// seeded seeds n runs with the generator into a fresh scratch database (scratch.Create, as
// conform seed does) and returns its DSN and what the generator says it made.
func seeded(t *testing.T, n int64, badShare float64) (string, scratch.Tally) {
	t.Helper()
	g := scratch.New(42, badShare)
	name, dsn, err := scratch.Create(t.Context(), pgtest.DSN(t), n, g, nil)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, scratch.Drop(context.Background(), pgtest.DSN(t), name)) })
	return dsn, g.Tally
}

// scratch.Drop drops only what scratch.Create made: the server's own databases are refused.
func TestSeedDropRefusesOtherDatabases(t *testing.T) {
	for _, name := range []string{"postgres", "template1", "conform_notmade"} {
		err := scratch.Drop(t.Context(), pgtest.DSN(t), name)
		assert.Error(t, err, name)
	}
}

// TestASeedIsNotAWriteUnderTest: conform seed's rows are conform's own; the write log of its
// scratch database (which a writer scenario reads) holds none of them, while a write made
// afterwards, in a session of its own, is logged.
func TestASeedIsNotAWriteUnderTest(t *testing.T) {
	dsn, _ := seeded(t, 300, 0.1)
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	count := func() (n int) {
		require.NoError(t, conn.QueryRow(t.Context(), "SELECT count(*) FROM conform.writes").Scan(&n))
		return n
	}
	assert.Zero(t, count(), "the seed's rows are not in the write log")
	_, err = conn.Exec(t.Context(), "UPDATE operation_runs SET status = 'running' WHERE id = (SELECT min(id) FROM operation_runs)")
	require.NoError(t, err)
	assert.Equal(t, 1, count(), "a later write is logged")
}

// TestAuditFindsExactlyTheSeededDefects: every defect the generator put in is found, per
// rule, and nothing else.
func TestAuditFindsExactlyTheSeededDefects(t *testing.T) {
	dsn, tally := seeded(t, 5000, 0.2)
	rep, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: audit.DefaultMapping()})
	require.NoError(t, err)
	assert.Equal(t, int64(5000), rep.Runs)
	found := scratch.Tally{}
	for _, g := range rep.Groups() {
		found[g.Rule] += g.Count
		assert.LessOrEqual(t, len(g.Examples), 3)
	}
	assert.Equal(t, tally, found)
	assert.Positive(t, rep.Violations())
	for _, r := range audit.Rules {
		if r.ID == "unreadable-column" {
			continue // conform's own schema has NOT NULL columns; TestAuditReadsRowsWithNulls covers it
		}
		assert.Positive(t, found[r.ID], "the seed never exercised %s", r.ID)
	}
	strict, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: audit.DefaultMapping(), Strict: true})
	require.NoError(t, err)
	assert.Equal(t, rep.Violations()+found["fallback-copy"], strict.Violations(), "--strict adds exactly the fallback-copy runs")
}

func TestAuditFiltersAndMapping(t *testing.T) {
	dsn, tally := seeded(t, 2000, 0.5)
	ctx := context.Background()
	rep, err := audit.Audit(ctx, dsn, audit.Options{Examples: 1, Families: []string{"tenant.review.compose"}, Mapping: audit.DefaultMapping()})
	require.NoError(t, err)
	for _, g := range rep.Groups() {
		assert.Equal(t, "tenant.review.compose", g.Family)
	}
	assert.Less(t, rep.Runs, int64(2000))

	// A renamed table and column, as deployments have them.
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE VIEW renamed_runs AS SELECT id, tenant_id, type AS run_type, status, outcome, summary_counts, context AS ctx, created_at FROM operation_runs`)
	require.NoError(t, err)
	m := audit.DefaultMapping()
	m.Table = "renamed_runs"
	require.NoError(t, m.Set("type=run_type"))
	require.NoError(t, m.Set("context=ctx"))
	rep, err = audit.Audit(ctx, dsn, audit.Options{Examples: 1, Mapping: m})
	require.NoError(t, err)
	found := scratch.Tally{}
	for _, g := range rep.Groups() {
		found[g.Rule] += g.Count
	}
	assert.Equal(t, tally, found)
}

func TestAuditIsReadOnlyAndFailsClearly(t *testing.T) {
	dsn, _ := seeded(t, 10, 0)
	ctx := context.Background()
	m := audit.DefaultMapping()
	m.Table = "no_such_table"
	_, err := audit.Audit(ctx, dsn, audit.Options{Mapping: m})
	assert.ErrorContains(t, err, `relation "no_such_table" does not exist`)
	_, err = audit.Audit(ctx, "postgres://%zz", audit.Options{Mapping: audit.DefaultMapping()})
	assert.ErrorContains(t, err, "invalid DSN")
}

// TestAuditReadsRowsWithNulls: a live table whose schema allows NULLs (or keeps ids as text)
// is audited whole; each unreadable row is a finding of its own.
func TestAuditReadsRowsWithNulls(t *testing.T) {
	dsn, _ := seeded(t, 10, 0)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE loose_runs (id text, tenant_id bigint, type text, status text, outcome text,
		summary_counts jsonb, context json, created_at timestamptz DEFAULT now());
		INSERT INTO loose_runs (id, tenant_id, type, status, outcome, summary_counts, context) VALUES
		('1', NULL, 'baseline_capture', 'running', 'pending', NULL, '{"progress":{"phase":{"key":"fetching"}}}'),
		('2', 7, NULL, 'running', NULL, '[]', NULL),
		(NULL, 7, 'baseline_compare', NULL, 'pending', '{}', '{}'),
		('run-4', 7, 'baseline_compare', 'running', 'pending', '{}', '{"progress":{"phase":{"key":"nonsense"}}}'),
		('5', 7, 'baseline_capture', 'running', NULL, '{}', '{"progress":{"phase":{"key":"fetching"}}}')`)
	require.NoError(t, err)
	m := audit.DefaultMapping()
	m.Table = "loose_runs"
	rep, err := audit.Audit(ctx, dsn, audit.Options{Examples: 5, Mapping: m})
	require.NoError(t, err, "NULLs never end the audit")
	assert.EqualValues(t, 5, rep.Runs)
	unreadable := int64(0)
	for _, g := range rep.Groups() {
		if g.Rule == "unreadable-column" {
			unreadable += g.Count
		}
	}
	assert.EqualValues(t, 4, unreadable, "rows 1-4 each have a column the contract cannot read")
	assert.Positive(t, rep.Violations())
}

// TestParallelReadsTheSameAsOne: the audit read over three connections on one snapshot finds
// exactly what one connection finds, every row once.
func TestParallelReadsTheSameAsOne(t *testing.T) {
	dsn, _ := seeded(t, 3000, 0.3)
	one, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: audit.DefaultMapping()})
	require.NoError(t, err)
	three, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: audit.DefaultMapping(), Parallel: 3})
	require.NoError(t, err)
	assert.Equal(t, int64(3000), three.Runs)
	assert.Equal(t, one.Groups(), three.Groups())
	assert.Equal(t, one.Violations(), three.Violations())

	// Ids as a live table may hold them: NULL, negative, far apart; every row is read once.
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	_, err = conn.Exec(t.Context(), `CREATE TABLE sparse_runs AS SELECT * FROM operation_runs;
		UPDATE sparse_runs SET id = NULL WHERE id % 7 = 0;
		UPDATE sparse_runs SET id = -id WHERE id % 11 = 0;
		UPDATE sparse_runs SET id = id * 1000000000 WHERE id % 13 = 0`)
	require.NoError(t, err)
	m := audit.DefaultMapping()
	m.Table = "sparse_runs"
	one, err = audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: m})
	require.NoError(t, err)
	for _, n := range []int{2, 3, 8} {
		many, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: m, Parallel: n})
		require.NoError(t, err)
		assert.Equal(t, int64(3000), many.Runs, "--parallel %d", n)
		assert.Equal(t, one.Groups(), many.Groups(), "--parallel %d", n)
	}
}
