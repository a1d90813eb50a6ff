package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
		assert.Contains(t, []string{postgres.DBTemplate, postgres.DBScenario}, o.Kind, name)
	}
	assert.Equal(t, postgres.DBScenario, marks[st.Database()].Kind)
}

// runOf is a fresh run id.
func runOf(t *testing.T) string {
	b := make([]byte, owner.RunIDLen/2)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// endedOwner is the mark of a conform process that ended, of a fresh run.
func endedOwner(t *testing.T) owner.Owner {
	ended := exec.Command("true")
	require.NoError(t, ended.Run())
	o := owner.Self()
	o.PID, o.Run, o.Started = ended.Process.Pid, runOf(t), time.Now().Add(-time.Hour)
	return o
}

// makeDB creates a database (dropped at the end of the test), with a comment when mark is set.
func makeDB(t *testing.T, conn *pgx.Conn, name, mark string) {
	t.Helper()
	ctx := context.Background()
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

// sessionOf opens a session that carries a run, as a live conform run's do, until the test ends.
func sessionOf(t *testing.T, run string) {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	o := owner.Self()
	o.Run, o.PID = run, 1
	cfg.RuntimeParams["application_name"] = postgres.ApplicationName(o, "")
	c, err := pgx.ConnectConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close(context.Background()) })
}

// clean runs store.Clean on the test server and returns, by name, the leftovers it heard of.
func clean(t *testing.T, unprovable time.Duration) map[string]store.Leftover {
	t.Helper()
	got := map[string]store.Leftover{}
	require.NoError(t, store.Clean(context.Background(), store.CleanOptions{DSN: dsn, Unprovable: unprovable}, func(l store.Leftover) {
		got[l.Name] = l
	}))
	return got
}

// TestLeftoversOfDeadRunsAreRemovedAndNothingElse: a database is removed only when its name
// says which run made it and that run is proven dead: its process ended in this machine's boot
// and pid namespace, and the server has no session of it. A run in another pid namespace (every
// run in conform's image is PID 1) is alive while it has a session, and unprovable without one:
// it is listed and left alone. Names conform does not make, kept scratch databases and a
// database carrying a copied mark are never touched.
func TestLeftoversOfDeadRunsAreRemovedAndNothingElse(t *testing.T) {
	needPostgres(t)
	conn := admin(t)
	dead := endedOwner(t)                // a run killed on this machine
	deadWithSession := endedOwner(t)     // its pid is gone, but a session of its run is not
	elsewhere := endedOwner(t)           // a run in another pid namespace, with a live session
	elsewhere.PidNS = "pid:[4026599999]" //
	container := endedOwner(t)           // a run in another pid namespace, no session
	container.PidNS = "pid:[4026599998]" //
	unmarked := runOf(t)                 // a run whose every database missed its mark
	half := endedOwner(t)                // a seed that died before its scratch database was whole
	kept := endedOwner(t)                // a seed that finished: its database is the user's
	sessionOf(t, deadWithSession.Run)
	sessionOf(t, elsewhere.Run)

	name := postgres.NewName
	deadTemplate, deadLate := name(dead.Run, postgres.DBTemplate), name(dead.Run, postgres.DBScenario)
	makeDB(t, conn, deadTemplate, dead.Mark(postgres.DBTemplate))
	makeDB(t, conn, deadLate, "") // its CREATE DATABASE completed after the client died: no mark
	withSession := name(deadWithSession.Run, postgres.DBScenario)
	makeDB(t, conn, withSession, deadWithSession.Mark(postgres.DBScenario))
	liveElsewhere := name(elsewhere.Run, postgres.DBScenario)
	makeDB(t, conn, liveElsewhere, elsewhere.Mark(postgres.DBScenario))
	unprovable := name(container.Run, postgres.DBTemplate)
	makeDB(t, conn, unprovable, container.Mark(postgres.DBTemplate))
	noMark := name(unmarked, postgres.DBScenario)
	makeDB(t, conn, noMark, "")
	halfScratch := name(half.Run, postgres.DBScratch)
	makeDB(t, conn, halfScratch, half.Mark(postgres.DBScratch))
	keptScratch := name(kept.Run, postgres.DBScratch)
	makeDB(t, conn, keptScratch, kept.Mark(postgres.DBKept))
	keepme, legacy := "conform_keepme_"+runOf(t), "conform_"+runOf(t)+"0000"
	makeDB(t, conn, keepme, dead.Mark(postgres.DBScenario)) // a copied mark on a name conform never makes
	makeDB(t, conn, legacy, dead.Mark(postgres.DBScenario)) // an older conform's name: nothing attributes it
	all := []string{deadTemplate, deadLate, withSession, liveElsewhere, unprovable, noMark, halfScratch, keptScratch, keepme, legacy}

	got := clean(t, 0)
	removed := func(got map[string]store.Leftover) (out []string) {
		for n, l := range got {
			if l.Removed {
				out = append(out, n)
			}
		}
		return out
	}
	assert.ElementsMatch(t, []string{deadTemplate, deadLate, halfScratch}, removed(got))
	for n, want := range map[string]owner.State{withSession: owner.Alive, liveElsewhere: owner.Alive, unprovable: owner.Unknown, noMark: owner.Unknown} {
		if assert.Contains(t, got, n) {
			assert.Equal(t, want, got[n].Verdict.State, "%s: %s", n, got[n].Verdict.Why)
		}
	}
	assert.Contains(t, got[unprovable].Verdict.Why, "another pid namespace")
	for _, n := range []string{keptScratch, keepme, legacy} {
		assert.NotContains(t, got, n, "%s is not listed", n)
	}
	assert.ElementsMatch(t, []string{withSession, liveElsewhere, unprovable, noMark, keptScratch, keepme, legacy}, leftovers(t, conn, all))

	// Asked to, clean also removes what nothing proves dead once no session of its run is on
	// the server; a run with a session, or without a mark to date it, still stays.
	got = clean(t, time.Minute)
	assert.ElementsMatch(t, []string{unprovable}, removed(got))
	assert.ElementsMatch(t, []string{withSession, liveElsewhere, noMark, keptScratch, keepme, legacy}, leftovers(t, conn, all))
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
