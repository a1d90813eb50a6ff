package postgres_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/protocol"
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

// startKillable starts conform in its own process group, so SIGKILL takes it all at once. Its
// temporary files go to a directory of the test's: a killed conform cannot remove its own.
func startKillable(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(), "TESTCONTAINERS_RYUK_DISABLED=true", "TMPDIR="+t.TempDir())
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
	require.NoError(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name ~ ('^conform run [0-9a-f]{12} pid ' || $1 || '(:|$)')`,
		strconv.Itoa(pid)).Scan(&n))
	return n
}

// settle waits until the server has ended every session of the dead conform process pid: a
// CREATE or DROP DATABASE that was running when it died runs to its end first.
func settle(t *testing.T, conn *pgx.Conn, pid int) {
	t.Helper()
	require.Eventually(t, func() bool { return sessions(t, conn, pid) == 0 }, 30*time.Second, 20*time.Millisecond,
		"the killed run's sessions never ended")
}

// markedBy lists the databases of the run of the conform process pid: those whose owner
// mark names pid, and every other one whose name carries the same run (a database created
// after its client died has no mark).
func markedBy(t *testing.T, conn *pgx.Conn, pid int) []string {
	rows, err := conn.Query(context.Background(), `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname LIKE 'conform\_%'`)
	require.NoError(t, err)
	defer rows.Close()
	runs := map[string]bool{}
	byRun := map[string][]string{}
	for rows.Next() {
		var name, comment string
		require.NoError(t, rows.Scan(&name, &comment))
		if o, ok := owner.Parse(comment); ok && o.PID == pid {
			runs[o.Run] = true
		}
		if run, _, ok := postgres.ParseName(name); ok {
			byRun[run] = append(byRun[run], name)
		}
	}
	var out []string
	for run := range runs {
		out = append(out, byRun[run]...)
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

// TestARunInAnotherPidNamespaceIsNeverTakenForDead runs conform as PID 1 of its own pid
// namespace (as in conform's image, or any container) on the shared server. Its pid means
// nothing here: while it runs, `conform clean` sees its sessions and leaves its databases
// alone; once it is killed, nothing here proves it dead, so clean lists its databases as left
// alone and removes them only when told how old such leftovers may get.
func TestARunInAnotherPidNamespaceIsNeverTakenForDead(t *testing.T) {
	t.Parallel() // its clean after the kill is limited to its run (--run), beside the other killing tests
	needPostgres(t)
	if err := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "true").Run(); err != nil {
		t.Skipf("cannot make a pid namespace here (unshare: %v)", err)
	}
	bin := buildConform(t)
	conn := admin(t)
	run := startKillable(t, "unshare", "--pid", "--fork", "--mount-proc", bin, "run", "--lane", "confidence", "--dsn", dsn,
		"--sweep", "0", "--concurrency", "1", "--format", "progress", "--render", "never")
	// Its databases: those whose mark names another pid namespace than this test's.
	theirs := func() (names []string, run string) {
		rows, err := conn.Query(context.Background(), `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname LIKE 'conform\_%'`)
		require.NoError(t, err)
		defer rows.Close()
		byRun := map[string][]string{}
		for rows.Next() {
			var name, comment string
			require.NoError(t, rows.Scan(&name, &comment))
			if o, ok := owner.Parse(comment); ok && o.PidNS != owner.Self().PidNS && o.PID == 1 {
				run = o.Run
			}
			if r, _, ok := postgres.ParseName(name); ok {
				byRun[r] = append(byRun[r], name)
			}
		}
		names = byRun[run]
		slices.Sort(names)
		return names, run
	}
	var left []string
	var runID string
	require.Eventually(t, func() bool {
		left, runID = theirs()
		return len(left) >= 3
	}, 60*time.Second, 50*time.Millisecond, "the run in its own pid namespace never created its databases")

	// The live run drops its scenario databases as its scenarios end; its template lives as
	// long as the run, and clean must touch none of them.
	template := slices.IndexFunc(left, func(n string) bool { _, kind, _ := postgres.ParseName(n); return kind == postgres.DBTemplate })
	require.GreaterOrEqual(t, template, 0, "no template among %v", left)
	out, err := exec.Command(bin, "clean", "--dsn", dsn, "--run", runID).CombinedOutput()
	require.NoError(t, err, "%s", out)
	now, _ := theirs()
	assert.Contains(t, now, left[template], "clean dropped a live run's template:\n%s", out)
	assert.NotContains(t, string(out), "removed database conform_"+runID, "clean dropped a live run's database")
	assert.Contains(t, string(out), "left alone database "+left[template]+" (run "+runID)
	assert.Contains(t, string(out), "session(s) of run "+runID)

	kill9(t, run)
	require.Eventually(t, func() bool {
		var n int
		require.NoError(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'conform run '||$1||'%'`, runID).Scan(&n))
		return n == 0
	}, 30*time.Second, 20*time.Millisecond, "the killed run's sessions never ended")
	left, _ = theirs()
	require.NotEmpty(t, left)
	out, err = exec.Command(bin, "clean", "--dsn", dsn, "--run", runID).CombinedOutput()
	require.NoError(t, err, "%s", out)
	now, _ = theirs()
	assert.Equal(t, left, now, "clean dropped what nothing proves dead:\n%s", out)
	assert.Contains(t, string(out), "another pid namespace")

	time.Sleep(1100 * time.Millisecond) // marks keep whole seconds: the newest must be a second old
	out, err = exec.Command(bin, "clean", "--dsn", dsn, "--run", runID, "--unprovable-older-than", "1s").CombinedOutput()
	require.NoError(t, err, "%s", out)
	now, _ = theirs()
	assert.Empty(t, now, "asked to, clean removes what nothing proves dead and no session holds:\n%s", out)
}

// TestTheContainerOfALiveRunInAnotherPidNamespaceStays: `clean --containers` asks the
// container's own server for sessions of the run that started it, so a run in another pid
// namespace keeps its container while it runs; once it is killed, its container is listed
// and left alone until clean is told how old such leftovers may get.
func TestTheContainerOfALiveRunInAnotherPidNamespaceStays(t *testing.T) {
	t.Parallel() // its cleans are limited to its run (--run)
	needPostgres(t)
	if os.Getenv("CONFORM_DSN") != "" && os.Getenv("CONFORM_REQUIRE_POSTGRES") == "" {
		t.Skip("a DSN is given; the container store is not used")
	}
	if err := exec.Command("unshare", "--pid", "--fork", "--mount-proc", "true").Run(); err != nil {
		t.Skipf("cannot make a pid namespace here (unshare: %v)", err)
	}
	bin := buildConform(t)
	// An implementation that answers the handshake and then nothing: the run lives, with its
	// container up and its sessions open, until it is killed.
	impl := filepath.Join(t.TempDir(), "stuck.sh")
	require.NoError(t, os.WriteFile(impl, []byte(fmt.Sprintf(`#!/bin/sh
read line
echo '{"version":%d,"implementation":{"name":"stuck","language":"sh","version":"1"}}'
exec sleep 600
`, protocol.Version)), 0o755))
	run := startKillable(t, "unshare", "--pid", "--fork", "--mount-proc", bin, "run", "--store", "container", "--sweep", "0",
		"--impl", impl, "--impl-timeout", "60s", "--tags", "@US1", "--render", "never")
	var mine pgcontainer.Leftover
	require.Eventually(t, func() bool {
		all, err := pgcontainer.Leftovers(context.Background())
		if err != nil {
			return false
		}
		for _, l := range all {
			if l.Owner != nil && l.Owner.PidNS != owner.Self().PidNS && l.Owner.PID == 1 && l.DSN != "" {
				mine = l
				return sessionsAt(t, l.DSN, l.Run) > 0
			}
		}
		return false
	}, 90*time.Second, 100*time.Millisecond, "the run never started its container")

	cleanContainers := func(args ...string) string {
		var out bytes.Buffer
		c := exec.Command(bin, append([]string{"clean", "--containers", "--run", mine.Run}, args...)...)
		c.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "CONFORM_DSN=") })
		c.Stdout, c.Stderr = &out, &out
		require.NoError(t, c.Run(), "%s", out.String())
		return out.String()
	}
	exists := func() bool {
		all, err := pgcontainer.Leftovers(context.Background())
		require.NoError(t, err)
		return slices.ContainsFunc(all, func(l pgcontainer.Leftover) bool { return l.ID == mine.ID })
	}
	out := cleanContainers()
	assert.True(t, exists(), "clean removed a live run's container:\n%s", out)
	assert.Contains(t, out, "left alone container "+mine.Name)
	assert.Contains(t, out, "session(s) of run "+mine.Run)

	kill9(t, run)
	require.Eventually(t, func() bool { return sessionsAt(t, mine.DSN, mine.Run) == 0 }, 30*time.Second, 50*time.Millisecond)
	out = cleanContainers()
	assert.True(t, exists(), "clean removed the container of a run nothing proves dead:\n%s", out)
	assert.Contains(t, out, "another pid namespace")
	time.Sleep(1100 * time.Millisecond)
	out = cleanContainers("--unprovable-older-than", "1s")
	assert.False(t, exists(), "asked to, clean removes it:\n%s", out)
}

// sessionsAt counts a run's sessions on the server at dsn.
func sessionsAt(t *testing.T, dsn, run string) int {
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		return -1
	}
	defer conn.Close(context.Background())
	n, err := postgres.RunSessions(context.Background(), conn)
	require.NoError(t, err)
	return n[run]
}
