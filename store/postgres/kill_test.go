package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	buildOnce sync.Once
	binDir    string
	binErr    error
)

// buildConform builds the conform binary once for the tests that kill it; TestMain removes it.
func buildConform(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "conform-kill-test-"); binErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, "conform"), "../../cmd/conform").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("%v: %s", err, out)
		}
	})
	require.NoError(t, binErr)
	return filepath.Join(binDir, "conform")
}

// startKillable starts conform in its own process group, so SIGKILL takes it all at once.
func startKillable(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(), "TESTCONTAINERS_RYUK_DISABLED=true")
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
	return cmd
}

func kill9(t *testing.T, cmd *exec.Cmd) {
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL))
	_ = cmd.Wait()
}

// sessions counts the server's sessions of the conform process pid.
func sessions(t *testing.T, conn *pgx.Conn, pid int) int {
	t.Helper()
	var n int
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`,
		postgres.ApplicationName(pid)).Scan(&n))
	return n
}

// settle waits until the server has ended every session of the dead conform process pid: a
// CREATE or DROP DATABASE that was running when it died runs to its end first.
func settle(t *testing.T, conn *pgx.Conn, pid int) {
	t.Helper()
	require.Eventually(t, func() bool { return sessions(t, conn, pid) == 0 }, 30*time.Second, 20*time.Millisecond,
		"the killed run's sessions never ended")
}

// markedBy lists the databases whose owner mark names pid.
func markedBy(t *testing.T, conn *pgx.Conn, pid int) []string {
	rows, err := conn.Query(context.Background(), `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname LIKE 'conform\_%'`)
	require.NoError(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, comment string
		require.NoError(t, rows.Scan(&name, &comment))
		if o, ok := owner.Parse(comment); ok && o.PID == pid {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// TestCleanRemovesWhatAKilledRunLeft kills conform with SIGKILL in the middle of the
// PostgreSQL lane, then shows `conform clean` removing exactly the databases it left, and
// nothing else on the server.
func TestCleanRemovesWhatAKilledRunLeft(t *testing.T) {
	// Parallel with the lanes of live runs, never with another test that kills: clean
	// removes what every dead run left.
	t.Parallel()
	needPostgres(t)
	bin := buildConform(t)
	conn := admin(t)
	ctx := context.Background()
	const foreign = "conform_ffffffffffffffff" // looks like ours, carries no mark
	_, err := conn.Exec(ctx, "CREATE DATABASE "+foreign)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+foreign+" WITH (FORCE)") })

	run := startKillable(t, bin, "run", "--lane", "confidence", "--dsn", dsn, "--sweep", "0", "--concurrency", "1", "--format", "progress")
	var left []string
	require.Eventually(t, func() bool {
		left = markedBy(t, conn, run.Process.Pid)
		return len(left) >= 3 // the template and clones of the ready queue
	}, 60*time.Second, 50*time.Millisecond, "the run never created its databases")
	require.Positive(t, sessions(t, conn, run.Process.Pid), "the run's sessions do not say whose they are")
	kill9(t, run)
	settle(t, conn, run.Process.Pid)
	left = markedBy(t, conn, run.Process.Pid)
	require.NotEmpty(t, left, "a killed run leaves its databases behind")

	dry, err := exec.Command(bin, "clean", "--dsn", dsn, "--dry-run").CombinedOutput()
	require.NoError(t, err, "%s", dry)
	for _, name := range left {
		assert.Contains(t, string(dry), "would remove database "+name)
	}
	assert.Equal(t, left, markedBy(t, conn, run.Process.Pid), "a dry run removes nothing")

	out, err := exec.Command(bin, "clean", "--dsn", dsn).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Empty(t, markedBy(t, conn, run.Process.Pid), "clean left some:\n%s", out)
	for _, name := range left {
		assert.Contains(t, string(out), "removed database "+name)
	}
	assert.Equal(t, len(left), strings.Count(string(out), "removed database"), "clean removed exactly the killed run's databases:\n%s", out)
	assert.Equal(t, []string{foreign}, leftovers(t, conn, []string{foreign}), "an unmarked database is never touched")
}

// TestCleanRemovesTheContainerOfAKilledRun: the container store's container outlives a
// SIGKILL (the reaper is off); its owner label lets `conform clean --containers` remove it.
func TestCleanRemovesTheContainerOfAKilledRun(t *testing.T) {
	t.Parallel() // its own container; the other tests touch only databases of the shared one
	needPostgres(t)
	if os.Getenv("CONFORM_DSN") != "" && os.Getenv("CONFORM_REQUIRE_POSTGRES") == "" {
		t.Skip("a DSN is given; the container store is not used")
	}
	bin := buildConform(t)
	run := startKillable(t, bin, "run", "--store", "container", "--sweep", "0", "--tags", "@US1")
	var mine []pgcontainer.Leftover
	require.Eventually(t, func() bool {
		all, err := pgcontainer.Leftovers(context.Background())
		if err != nil {
			return false
		}
		mine = slices.DeleteFunc(all, func(l pgcontainer.Leftover) bool { return l.Owner.PID != run.Process.Pid })
		return len(mine) == 1
	}, 90*time.Second, 100*time.Millisecond, "the run never started its container")
	kill9(t, run)

	var out bytes.Buffer
	clean := exec.Command(bin, "clean", "--containers")
	// Containers only: with CONFORM_DSN set, clean would also remove the databases another
	// test's killed run left on that server, before that test counts them.
	clean.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "CONFORM_DSN=") })
	clean.Stdout, clean.Stderr = &out, &out
	require.NoError(t, clean.Run(), "%s", out.String())
	assert.Contains(t, out.String(), "removed container "+mine[0].Name)
	all, err := pgcontainer.Leftovers(context.Background())
	require.NoError(t, err)
	for _, l := range all {
		assert.NotEqual(t, mine[0].ID, l.ID, "the killed run's container is still there")
	}
}
