package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/jobs"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/pgtest"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/conform-dev/conform/store/storetest"
	"github.com/conform-dev/conform/suite"
	"github.com/conform-dev/conform/vectors"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	if ddl := os.Getenv("CONFORM_TEST_APP_SCHEMA"); ddl != "" {
		os.Exit(applySchema(ddl))
	}
	code := pgtest.Tests(m, "store/postgres")
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	dsn     string
	dsnOnce sync.Once // parallel tests set it once and read it after
)

func needPostgres(t testing.TB) {
	t.Helper()
	d := pgtest.DSN(t)
	dsnOnce.Do(func() { dsn = d })
}

func admin(t testing.TB) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func openServer(t testing.TB) *postgres.Server { return openServerWith(t, postgres.Options{}) }

func openServerWith(t testing.TB, o postgres.Options) *postgres.Server {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, o)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

func TestPostgresStore(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	s := openServer(t)
	storetest.Test(t, func(t *testing.T) store.Store {
		st, err := s.NewStore(context.Background())
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	})
}

// leftovers lists which of names still exist on the server.
func leftovers(t *testing.T, conn *pgx.Conn, names []string) []string {
	rows, err := conn.Query(context.Background(), `SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY 1`, names)
	require.NoError(t, err)
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	return left
}

// TestConfidenceLaneLeavesOtherDatabasesAlone runs every scenario, the @postgres ones
// included, on the server, next to a database and a table conform did not create; afterwards
// both are untouched and no conform_ database is left.
func TestConfidenceLaneLeavesOtherDatabasesAlone(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	ctx := context.Background()
	conn := admin(t)
	victim := fmt.Sprintf("victim_%d", time.Now().UnixNano())
	_, err := conn.Exec(ctx, "CREATE DATABASE "+victim)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+victim+" WITH (FORCE)") })
	_, err = conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS conform_victim_table (id int PRIMARY KEY, note text)`)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Exec(context.Background(), `DROP TABLE IF EXISTS conform_victim_table`) })
	_, err = conn.Exec(ctx, `INSERT INTO conform_victim_table VALUES (1, 'untouched') ON CONFLICT DO NOTHING`)
	require.NoError(t, err)

	b, err := store.Open(ctx, store.Config{DSN: dsn, Ready: 4})
	require.NoError(t, err)
	res := suite.Execute(ctx, suite.Options{Stores: b, Concurrency: 4})
	made := b.Server.History()
	require.NoError(t, b.Close())
	assert.Equal(t, 0, res.Code, "failed: %v", res.FailedScenarios)
	assert.Greater(t, res.Passed, 140)

	var note string
	require.NoError(t, conn.QueryRow(ctx, `SELECT note FROM conform_victim_table WHERE id = 1`).Scan(&note))
	assert.Equal(t, "untouched", note)
	var exists bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, victim).Scan(&exists))
	assert.True(t, exists, "a database conform did not create was dropped")
	assert.Greater(t, len(made), 140, "every scenario had its own database")
	assert.Empty(t, leftovers(t, conn, made), "conform left scratch databases behind")
}

// TestSessionsSayWhoseTheyAre: conform's sessions carry its run and pid in application_name
// (so a DBA, and another conform run, can tell whose they are in pg_stat_activity), followed
// by the name the DSN asks for, if any.
func TestSessionsSayWhoseTheyAre(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	ctx := context.Background()
	conn := admin(t)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("application_name", "mine")
	u.RawQuery = q.Encode()
	for _, tc := range []struct{ dsn, want string }{
		{dsn, postgres.ApplicationName(owner.Self(), "")},
		{u.String(), postgres.ApplicationName(owner.Self(), "mine")},
	} {
		s, err := postgres.Open(ctx, tc.dsn, postgres.Options{Ready: 1})
		require.NoError(t, err)
		st, err := s.NewStore(ctx)
		require.NoError(t, err)
		_, err = st.CreateTenant(ctx, "acme") // a session on the scenario's database
		require.NoError(t, err)
		rows, err := conn.Query(ctx, `SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = $1`, st.Database())
		require.NoError(t, err)
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		assert.Equal(t, []string{tc.want}, got)
		require.NoError(t, st.Close())
		require.NoError(t, s.Close())
	}
}

func TestRefusesARoleThatMayNotCreateDatabases(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	ctx := context.Background()
	conn := admin(t)
	role := fmt.Sprintf("conform_nocreate_%d", time.Now().UnixNano())
	_, err := conn.Exec(ctx, "CREATE ROLE "+role+" LOGIN PASSWORD 'pw' NOCREATEDB")
	require.NoError(t, err)
	t.Cleanup(func() { conn.Exec(context.Background(), "DROP ROLE IF EXISTS "+role) })
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	u.User = url.UserPassword(role, "pw")
	_, err = postgres.Open(ctx, u.String(), postgres.Options{})
	assert.ErrorContains(t, err, "the role may not create databases")
}

func TestConnectionErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	wrong := *u
	wrong.User = url.UserPassword(u.User.Username(), "wrong-password")
	unreachable := *u
	unreachable.Host = "127.0.0.1:1"
	for in, want := range map[string]string{
		wrong.String():           "password authentication failed",
		unreachable.String():     "connection refused",
		"postgres://%zz":         "invalid DSN",
		"host=127.0.0.1 port=xx": "invalid DSN",
	} {
		_, err := postgres.Open(context.Background(), in, postgres.Options{ConnectTimeout: 2 * time.Second})
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), want, in)
		assert.NotContains(t, err.Error(), "\n")
		assert.NotContains(t, err.Error(), "wrong-password", "the password never shows")
	}
}

// BenchmarkScenarioStore is the per-scenario cost as a scenario sees it: a fresh database
// (from the ready queue), connected, first row written, released. Target: at most 15 ms median.
func BenchmarkScenarioStore(b *testing.B) {
	needPostgres(b)
	ctx := context.Background()
	s := openServer(b)
	time.Sleep(500 * time.Millisecond) // let the ready queue fill, as it does during a run
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		st, err := s.NewStore(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.CreateTenant(ctx, "Contoso"); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		st.Close()
		time.Sleep(30 * time.Millisecond) // a scenario's own work, during which the queue refills
	}
	reportMedian(b, ds)
}

// BenchmarkScenarioStoreBurst is eight scenarios starting at once on a drained ready queue:
// each clones on its own and the previous burst's databases drop meanwhile, the case one
// locked admin connection used to serialize.
func BenchmarkScenarioStoreBurst(b *testing.B) {
	needPostgres(b)
	ctx := context.Background()
	s := openServerWith(b, postgres.Options{Ready: 1})
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		var wg sync.WaitGroup
		stores := make([]*postgres.Store, 8)
		for i := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := s.NewStore(ctx)
				if err != nil {
					b.Error(err)
					return
				}
				stores[i] = st
			}()
		}
		wg.Wait()
		ds = append(ds, time.Since(t0))
		for _, st := range stores {
			if st != nil {
				st.Close()
			}
		}
	}
	reportMedian(b, ds)
}

// BenchmarkTemplateClone is one CREATE DATABASE ... TEMPLATE without the ready queue.
func BenchmarkTemplateClone(b *testing.B) {
	needPostgres(b)
	ctx := context.Background()
	s := openServerWith(b, postgres.Options{Ready: 1})
	time.Sleep(200 * time.Millisecond)
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		name, err := s.CloneNow(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		s.Release(name)
	}
	reportMedian(b, ds)
}

// BenchmarkContainerStart is container start to first query.
func BenchmarkContainerStart(b *testing.B) {
	needPostgres(b)
	if os.Getenv("CONFORM_DSN") != "" {
		b.Skip("a DSN is given; no container is started")
	}
	ctx := context.Background()
	var ds []time.Duration
	for b.Loop() {
		t0 := time.Now()
		c, err := pgcontainer.Start(ctx, pgcontainer.Image())
		if err != nil {
			b.Fatal(err)
		}
		conn, err := pgx.Connect(ctx, c.DSN)
		if err != nil {
			b.Fatal(err)
		}
		var one int
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
		conn.Close(ctx)
		c.Terminate()
	}
	reportMedian(b, ds)
}

func reportMedian(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(ds[len(ds)*9/10].Microseconds())/1000, "ms-p90")
}

// TestErrorsKeepTheirCause: a store error reads as one line yet still is what caused it, the
// server's SQLSTATE and a cancelled context included.
func TestErrorsKeepTheirCause(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	s := openServer(t)
	st, err := s.NewStore(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	tid, err := st.CreateTenant(t.Context(), "Contoso")
	require.NoError(t, err)

	err = st.Grant(t.Context(), 4242, tid, nil)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr)
	assert.Equal(t, "23503", pgErr.Code)
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.Equal(t, "user 4242: not found", err.Error())

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = st.Run(cancelled, 1)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), "\n")
}

// TestWriteLogHoldsEveryWrite: the write log of a scenario database holds every write of the
// reference writers, in order, as the writers saw it after each one.
func TestWriteLogHoldsEveryWrite(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	ctx := context.Background()
	st, err := openServer(t).NewStore(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	tid, err := st.CreateTenant(ctx, "Contoso")
	require.NoError(t, err)
	uid, err := st.CreateUser(ctx, "olivia")
	require.NoError(t, err)
	scs, err := vectors.LoadEmbeddedWriters()
	require.NoError(t, err)
	for _, sc := range scs {
		tr, err := jobs.Drive(ctx, st, sc.WriterScenario, tid, uid)
		require.NoError(t, err, sc.ID)
		logged, err := st.Writes(ctx, tr[0].ID)
		require.NoError(t, err)
		require.Len(t, logged, len(tr), sc.ID)
		for i := range tr {
			assert.Equal(t, tr[i].Status, logged[i].Status, "%s write %d", sc.ID, i+1)
			assert.Equal(t, tr[i].Outcome, logged[i].Outcome, "%s write %d", sc.ID, i+1)
			assert.Equal(t, tr[i].Context, logged[i].Context, "%s write %d", sc.ID, i+1)
			assert.Equal(t, tr[i].SummaryCounts, logged[i].SummaryCounts, "%s write %d", sc.ID, i+1)
		}
		assert.Empty(t, contract.Builtin.CheckTrace(sc.WriterScenario, logged), sc.ID)
	}
	cols, err := st.Columns(ctx)
	require.NoError(t, err)
	for _, c := range cols {
		assert.False(t, strings.HasPrefix(c, "writes."), "the write log is not among the application's tables: %s", c)
	}
}

// TestAnAnswerIsHeldToTheDatabase: an implementation whose writers run on the scenario's
// database is held to what the database logged. The PHP kit's answer agrees; a program that
// writes behind its model's events is refused, naming the write its answer left out.
func TestAnAnswerIsHeldToTheDatabase(t *testing.T) {
	t.Parallel()
	needPostgres(t)
	if _, err := exec.LookPath("php"); err != nil {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("php is required (CONFORM_REQUIRE_PHP) but not installed")
		}
		t.Skip("php is not installed (apt-get install php-cli)")
	}
	if mods, err := exec.Command("php", "-m").Output(); err != nil || !strings.Contains(string(mods), "\npdo_pgsql\n") {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("PHP's pdo_pgsql is required (CONFORM_REQUIRE_PHP) but not installed (apt-get install php-pgsql)")
		}
		t.Skip("PHP has no pdo_pgsql (apt-get install php-pgsql)")
	}
	ctx := context.Background()
	for _, tc := range []struct {
		program string
		code    int
	}{{"../../adapters/php/bin/conform-adapter.php", 0}, {"../../testdata/php/hides_a_write.php", 1}} {
		b, err := store.Open(ctx, store.Config{DSN: dsn, Ready: 2})
		require.NoError(t, err)
		impl := protocol.NewClient("php "+tc.program, 10*time.Second)
		var out strings.Builder
		// One scenario is enough: every drive is held to the log (scripts/php-lanes.sh runs the
		// kit through every scenario on PostgreSQL).
		res := suite.Execute(ctx, suite.Options{Stores: b, Impl: impl, Concurrency: 2, Tags: "@US1-AS1", Output: &out, Format: "pretty", NoColors: true})
		impl.Close()
		require.NoError(t, b.Close())
		assert.Equal(t, tc.code, res.Code, "%s: %v\n%s", tc.program, res.FailedScenarios, out.String())
		if tc.code == 1 {
			assert.Contains(t, out.String(), "the database logged")
			assert.Contains(t, out.String(), "is not in the answer")
		}
	}
}
