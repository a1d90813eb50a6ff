package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/store/internal/notfound"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is one scenario's database.
type Store struct {
	server *Server
	name   string
	pool   *pgxpool.Pool
}

// NewStore clones a fresh database for one scenario.
func (s *Server) NewStore(ctx context.Context) (*Store, error) {
	name, err := s.Clone(ctx)
	if err != nil {
		return nil, err
	}
	pool, err := newPool(ctx, s.cfg, name, 8)
	if err != nil {
		_ = s.Release(name) // a failure to drop it is reported by the server's Close
		return nil, errline.Wrap(err, "connect to %s: %s", name, cause(err))
	}
	return &Store{server: s, name: name, pool: pool}, nil
}

// Database is the name of the scenario's database.
func (st *Store) Database() string { return st.name }

func (st *Store) CreateTenant(ctx context.Context, name string) (int64, error) {
	var id int64
	err := st.pool.QueryRow(ctx, `INSERT INTO tenants (name) VALUES ($1) RETURNING id`, name).Scan(&id)
	return id, wrap("create tenant", err)
}

func (st *Store) CreateUser(ctx context.Context, name string) (int64, error) {
	var id int64
	err := st.pool.QueryRow(ctx, `INSERT INTO users (name) VALUES ($1) RETURNING id`, name).Scan(&id)
	return id, wrap("create user", err)
}

func (st *Store) Grant(ctx context.Context, userID, tenantID int64, caps []string) error {
	if caps == nil {
		caps = []string{}
	}
	var value any = caps
	cast := ""
	if st.server.capsJSON {
		raw, _ := json.Marshal(caps)
		value, cast = string(raw), "::jsonb"
	}
	_, err := st.pool.Exec(ctx, `INSERT INTO tenant_memberships (user_id, tenant_id, capabilities) VALUES ($1, $2, $3`+cast+`)
		ON CONFLICT (user_id, tenant_id) DO UPDATE SET capabilities = EXCLUDED.capabilities`, userID, tenantID, value)
	return missing(err, "grant", userID, tenantID)
}

func (st *Store) Actor(ctx context.Context, userID int64) (contract.Actor, error) {
	var exists bool
	if err := st.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, userID).Scan(&exists); err != nil {
		return contract.Actor{}, wrap("actor", err)
	}
	if !exists {
		return contract.Actor{}, fmt.Errorf("user %d: %w", userID, notfound.Err)
	}
	capsSQL := "capabilities"
	if st.server.capsJSON {
		capsSQL = "ARRAY(SELECT jsonb_array_elements_text(capabilities::jsonb))"
	}
	rows, err := st.pool.Query(ctx, `SELECT tenant_id, `+capsSQL+` FROM tenant_memberships WHERE user_id = $1 ORDER BY tenant_id`, userID)
	if err != nil {
		return contract.Actor{}, wrap("actor", err)
	}
	a := contract.Actor{UserID: userID, Memberships: []contract.Membership{}}
	var tenant int64
	var caps []string
	_, err = pgx.ForEachRow(rows, []any{&tenant, &caps}, func() error {
		a = a.Grant(tenant, caps...)
		return nil
	})
	return a, wrap("actor", err)
}

func marshal(v any) (*string, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(raw)
	return &s, nil
}

func (st *Store) InsertRun(ctx context.Context, run contract.Run) (int64, error) {
	ctxJSON, err := marshal(run.Context)
	if err != nil {
		return 0, fmt.Errorf("context: %w", err)
	}
	countsJSON, err := marshal(run.SummaryCounts)
	if err != nil {
		return 0, fmt.Errorf("summary_counts: %w", err)
	}
	var user *int64
	if run.UserID != 0 {
		user = &run.UserID
	}
	var id int64
	err = st.pool.QueryRow(ctx, `INSERT INTO operation_runs (tenant_id, user_id, type, status, outcome, summary_counts, context, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, now(), now()) RETURNING id`,
		run.TenantID, user, run.Type, run.Status, run.Outcome, countsJSON, ctxJSON).Scan(&id)
	return id, missing(err, "insert run", run.UserID, run.TenantID)
}

const runColumns = `id, tenant_id, coalesce(user_id, 0), type, status, outcome, summary_counts::text, context::text,
	started_at, completed_at, created_at, updated_at`

func scanRun(row pgx.Row) (contract.Run, error) {
	var run contract.Run
	var counts, ctx *string
	var started, completed, created, updated *time.Time
	if err := row.Scan(&run.ID, &run.TenantID, &run.UserID, &run.Type, &run.Status, &run.Outcome, &counts, &ctx,
		&started, &completed, &created, &updated); err != nil {
		return run, err
	}
	var err error
	if run.SummaryCounts, err = decode(counts); err != nil {
		return run, fmt.Errorf("run %d summary_counts: %w", run.ID, err)
	}
	if run.Context, err = decode(ctx); err != nil {
		return run, fmt.Errorf("run %d context: %w", run.ID, err)
	}
	run.StartedAt, run.CompletedAt = stamp(started), stamp(completed)
	run.CreatedAt, run.UpdatedAt = stamp(created), stamp(updated)
	return run, nil
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// decode reads a JSONB column as the contract reads JSON: numbers keep their literal.
func decode(raw *string) (any, error) {
	if raw == nil {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(*raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func (st *Store) Run(ctx context.Context, id int64) (contract.Run, error) {
	run, err := scanRun(st.pool.QueryRow(ctx, `SELECT `+runColumns+` FROM operation_runs WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return run, fmt.Errorf("run %d: %w", id, notfound.Err)
	}
	return run, wrap("load run", err)
}

func (st *Store) Runs(ctx context.Context) ([]contract.Run, error) {
	return st.queryRuns(ctx, "list runs", `SELECT `+runColumns+` FROM operation_runs ORDER BY id`)
}

// queryRuns runs a query of runColumns and scans every row; what names the failure.
func (st *Store) queryRuns(ctx context.Context, what, sql string, args ...any) ([]contract.Run, error) {
	rows, err := st.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, wrap(what, err)
	}
	defer rows.Close()
	var runs []contract.Run
	for rows.Next() {
		run, err := scanRun(rows)
		if err != nil {
			return nil, wrap(what, err)
		}
		runs = append(runs, run)
	}
	return runs, wrap(what, rows.Err())
}

// setContextSQL builds the one UPDATE a writer issues at a lifecycle boundary: jsonb_set at
// path, after making every object on the way (anything else there, such as PHP's [] or null,
// becomes {}), with updated_at touched.
func setContextSQL(depth int) string {
	expr := `(CASE WHEN jsonb_typeof(context) = 'object' THEN context ELSE '{}'::jsonb END)`
	for i := 1; i < depth; i++ {
		prefix := fmt.Sprintf(`($2::text[])[1:%d]`, i)
		expr = fmt.Sprintf(`jsonb_set(%[1]s, %[2]s, CASE WHEN jsonb_typeof(%[1]s #> %[2]s) = 'object' THEN %[1]s #> %[2]s ELSE '{}'::jsonb END, true)`, expr, prefix)
	}
	return `UPDATE operation_runs SET context = jsonb_set(` + expr + `, $2::text[], $3::jsonb, true), updated_at = now() WHERE id = $1`
}

func (st *Store) exec(ctx context.Context, what string, id int64, sql string, args ...any) error {
	tag, err := st.pool.Exec(ctx, sql, append([]any{id}, args...)...)
	if err != nil {
		return wrap(what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("run %d: %w", id, notfound.Err)
	}
	return nil
}

func (st *Store) SetContext(ctx context.Context, id int64, path []string, value any) error {
	if len(path) == 0 {
		return errors.New("SetContext: empty path")
	}
	raw, err := marshal(value)
	if err != nil {
		return fmt.Errorf("context value: %w", err)
	}
	return st.exec(ctx, "set context", id, setContextSQL(len(path)), path, *raw)
}

func (st *Store) SetSummaryCounts(ctx context.Context, id int64, raw []byte) error {
	return st.exec(ctx, "set summary counts", id, `UPDATE operation_runs SET summary_counts = $2::jsonb, updated_at = now() WHERE id = $1`, string(bytes.TrimSpace(raw)))
}

func (st *Store) SetLifecycle(ctx context.Context, id int64, status, outcome string) error {
	// $2 is text throughout: an application's schema may make status a varchar.
	return st.exec(ctx, "set lifecycle", id, `UPDATE operation_runs SET status = $2::text, outcome = $3::text, updated_at = now(),
		started_at = CASE WHEN $2::text = 'running' THEN coalesce(started_at, now()) ELSE started_at END,
		completed_at = CASE WHEN $2::text = 'completed' THEN now() ELSE completed_at END
		WHERE id = $1`, status, outcome)
}

// DSN is the scenario database's DSN: an implementation whose writers run on a database is
// given it to run a writer scenario there.
func (st *Store) DSN() string { return st.server.DSNFor(st.name) }

// Writes lists every write of a run, in order, from the write log a trigger keeps in the
// scenario's database (migrations/002_write_log.sql): the run's row after each insert and
// update, whoever made it.
func (st *Store) Writes(ctx context.Context, runID int64) ([]contract.Run, error) {
	return st.queryRuns(ctx, "read the write log", `SELECT `+runColumns+` FROM conform.writes w,
		jsonb_populate_record(NULL::operation_runs, w.written) r WHERE w.run_id = $1 ORDER BY w.seq`, runID)
}

// Columns lists every table.column of the public schema, sorted: what the FR-012 guard
// compares before and after the writers ran.
func (st *Store) Columns(ctx context.Context) ([]string, error) {
	rows, err := st.pool.Query(ctx, `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' ORDER BY 1`)
	if err != nil {
		return nil, wrap("columns", err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return cols, wrap("columns", err)
}

// Close disconnects and drops the scenario's database (in the background while the server is
// open; a failure then is reported by the server's Close).
func (st *Store) Close() error {
	st.pool.Close()
	return st.server.Release(st.name)
}

// wrap names what failed and keeps the driver's error in the chain (errors.As reaches the
// *pgconn.PgError and its SQLSTATE, errors.Is reaches context.Canceled). A reference to a row
// that does not exist (a foreign-key violation) is also store.ErrNotFound, as in every store.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := foreignKey(err); ok {
		err = errors.Join(err, notfound.Err)
	}
	return errline.Wrap(err, "%s: %s", what, cause(err))
}

// missing names the user or tenant a foreign-key violation refers to, as the memory store
// does ("user 7: not found"); any other error is wrapped with what.
func missing(err error, what string, userID, tenantID int64) error {
	name, ok := foreignKey(err)
	switch {
	case ok && strings.Contains(name, "user_id"):
		return errline.Wrap(errors.Join(err, notfound.Err), "user %d: %v", userID, notfound.Err)
	case ok && strings.Contains(name, "tenant_id"):
		return errline.Wrap(errors.Join(err, notfound.Err), "tenant %d: %v", tenantID, notfound.Err)
	}
	return wrap(what, err)
}

// foreignKey reports whether err is a foreign-key violation, and its constraint's name.
func foreignKey(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23503" {
		return pgErr.ConstraintName, true
	}
	return "", false
}
