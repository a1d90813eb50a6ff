package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/conform-dev/conform/store/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An application's schema as a Laravel migration makes it: varchar status and type, JSON
// capabilities, nullable timestamps without time zone and no defaults, a migrations table.
// The run's timestamps have microseconds ($table->timestamps(6)), so that the store's test can
// see updated_at move between two writes a millisecond apart.
const laravelSchema = `
CREATE TABLE migrations (id serial PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL);
CREATE TABLE tenants (id bigserial PRIMARY KEY, name varchar(255) NOT NULL, created_at timestamp(0), updated_at timestamp(0));
CREATE TABLE users (id bigserial PRIMARY KEY, name varchar(255) NOT NULL, email varchar(255) UNIQUE, created_at timestamp(0), updated_at timestamp(0));
CREATE TABLE tenant_memberships (user_id bigint NOT NULL REFERENCES users (id), tenant_id bigint NOT NULL REFERENCES tenants (id),
  capabilities jsonb NOT NULL DEFAULT '[]', UNIQUE (user_id, tenant_id));
CREATE TABLE operation_runs (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), user_id bigint REFERENCES users (id),
  type varchar(255) NOT NULL, status varchar(255) NOT NULL DEFAULT 'queued', outcome varchar(255) NOT NULL DEFAULT 'pending',
  summary_counts jsonb, context jsonb, failure_summary jsonb, started_at timestamp(6), completed_at timestamp(6),
  created_at timestamp(6), updated_at timestamp(6));`

// applySchema is the test binary as an application's migration command: it runs ddl on
// DATABASE_URL, as conform gives it.
func applySchema(ddl string) int {
	conn, err := pgx.Connect(context.Background(), os.Getenv("DATABASE_URL"))
	if err == nil {
		_, err = conn.Exec(context.Background(), ddl)
		conn.Close(context.Background())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "migrate:", err)
		return 1
	}
	return 0
}

func appServer(t *testing.T, ddl string) (*postgres.Server, error) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	t.Setenv("CONFORM_TEST_APP_SCHEMA", ddl)
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{Ready: 1, App: &postgres.AppSchema{Command: exe}})
	if err == nil {
		t.Cleanup(func() { assert.NoError(t, s.Close()) })
	}
	return s, err
}

// TestAnApplicationsSchemaMakesTheScenarioDatabases: with the application's migrations, the
// scenario databases hold its tables, the store behaves as on conform's own schema, and the
// write log is there.
func TestAnApplicationsSchemaMakesTheScenarioDatabases(t *testing.T) {
	needPostgres(t)
	s, err := appServer(t, laravelSchema)
	require.NoError(t, err)
	storetest.Test(t, func(t *testing.T) store.Store {
		st, err := s.NewStore(context.Background())
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	})
	st, err := s.NewStore(context.Background())
	require.NoError(t, err)
	defer st.Close()
	cols, err := st.Columns(context.Background())
	require.NoError(t, err)
	assert.Contains(t, cols, "migrations.batch", "the application's own tables")
	assert.Contains(t, cols, "users.email")
}

// TestAnApplicationsSchemaIsChecked: migrations that fail, or make no column conform seeds,
// are refused in one line naming the command's output or every missing column.
func TestAnApplicationsSchemaIsChecked(t *testing.T) {
	needPostgres(t)
	_, err := appServer(t, "CREATE TABLE nope (")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the application's migrations")
	assert.Contains(t, err.Error(), "syntax error")
	assert.NotContains(t, err.Error(), "\n")

	partial := strings.Replace(laravelSchema, "outcome varchar(255) NOT NULL DEFAULT 'pending',", "", 1)
	partial = strings.Replace(partial, "context jsonb,", "context json,", 1)
	_, err = appServer(t, partial)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "operation_runs.outcome")
	assert.Contains(t, err.Error(), "operation_runs.context as jsonb (it is json)")
}
