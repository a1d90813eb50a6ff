package postgres_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// comment is a database's comment, "" when it has none.
func comment(t *testing.T, conn *pgx.Conn, name string) string {
	var c *string
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&c))
	if c == nil {
		return ""
	}
	return *c
}

// TestEveryDatabaseIsMarkedFromItsCreation: the template and every clone name their owner.
// The ready queue clones in the background, so a name the server lists may be a database still
// being created (listed first, so that a half-made one is dropped too) or not yet marked (the
// comment follows CREATE DATABASE at once): each must be marked as soon as it is made.
func TestEveryDatabaseIsMarkedFromItsCreation(t *testing.T) {
	needPostgres(t)
	s := openServer(t)
	conn := admin(t)
	st, err := s.NewStore(context.Background())
	require.NoError(t, err)
	defer st.Close()
	names := s.Created()
	require.Contains(t, names, st.Database())
	marks := map[string]owner.Owner{}
	require.Eventually(t, func() bool {
		for _, name := range names {
			var c *string
			err := conn.QueryRow(context.Background(), `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&c)
			if err != nil || c == nil {
				return false // still being made, or made and not yet marked
			}
			o, ok := owner.Parse(*c)
			if !ok {
				t.Fatalf("%s carries a comment that is not an owner mark: %q", name, *c)
			}
			marks[name] = o
		}
		return true
	}, 10*time.Second, 20*time.Millisecond, "a database stayed unmarked (or never appeared): %v", names)
	for name, o := range marks {
		assert.Equal(t, owner.Self().PID, o.PID, name)
		assert.Contains(t, []string{postgres.KindTemplate, postgres.KindScenario}, o.Kind, name)
	}
	assert.Equal(t, postgres.KindScenario, marks[st.Database()].Kind)
}

// TestLeftoversOfDeadRunsAreRemovedAndNothingElse: databases marked by a dead process are
// removed; those of a live one, unmarked ones and kept scratch databases stay.
func TestLeftoversOfDeadRunsAreRemovedAndNothingElse(t *testing.T) {
	needPostgres(t)
	ctx := context.Background()
	conn := admin(t)
	ended := exec.Command("true")
	require.NoError(t, ended.Run())
	dead := owner.Self()
	dead.PID, dead.Run, dead.Started = ended.Process.Pid, "deadrun", time.Now().Add(-time.Hour)
	alive := owner.Self()
	alive.Run = "liverun" // this test process: alive, but another run
	mk := func(name, mark string) {
		_, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
		require.NoError(t, err)
		t.Cleanup(func() {
			conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		})
		if mark != "" {
			_, err = conn.Exec(ctx, "COMMENT ON DATABASE "+pgx.Identifier{name}.Sanitize()+" IS '"+strings.ReplaceAll(mark, "'", "''")+"'")
			require.NoError(t, err)
		}
	}
	mk("conform_dead00000000001", dead.Mark(postgres.KindScenario))
	mk("conform_dead00000000002", dead.Mark(postgres.KindTemplate))
	mk("conform_live00000000001", alive.Mark(postgres.KindScenario))
	mk("conform_unmarked0000001", "")
	mk("conform_scratch00000001", dead.Mark(postgres.KindScratch))
	forged := map[string]any{"pid": 1, "started": "2000-01-01T00:00:00Z", "host": "elsewhere"}
	raw, _ := json.Marshal(forged)
	mk("conform_elsewhere000001", owner.Prefix+string(raw))

	s := openServer(t)
	removed, err := s.RemoveLeftovers(ctx, time.Minute, 24*time.Hour*365*100)
	require.NoError(t, err)
	var names []string
	for _, l := range removed {
		names = append(names, l.Name)
	}
	assert.ElementsMatch(t, []string{"conform_dead00000000001", "conform_dead00000000002"}, names)
	assert.ElementsMatch(t, []string{"conform_live00000000001", "conform_unmarked0000001", "conform_scratch00000001", "conform_elsewhere000001"},
		leftovers(t, conn, []string{"conform_dead00000000001", "conform_dead00000000002", "conform_live00000000001", "conform_unmarked0000001", "conform_scratch00000001", "conform_elsewhere000001"}))

	// With a shorter limit for what cannot be known, the other machine's old one goes too.
	removed, err = s.RemoveLeftovers(ctx, time.Minute, time.Hour)
	require.NoError(t, err)
	require.Len(t, removed, 1)
	assert.Equal(t, "conform_elsewhere000001", removed[0].Name)
}

// TestReleaseAfterCloseStillDrops: a store closed after its server drops its database (or
// finds it dropped), never leaking it in silence.
func TestReleaseAfterCloseStillDrops(t *testing.T) {
	needPostgres(t)
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{Ready: 1})
	require.NoError(t, err)
	st, err := s.NewStore(context.Background())
	require.NoError(t, err)
	name := st.Database()
	require.NoError(t, s.Close())
	assert.NoError(t, st.Close())
	assert.Empty(t, leftovers(t, admin(t), []string{name}))
}
