package reap

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOrphansComeToTheSubreaper: a grandchild whose parent exits, after leaving the process
// group, becomes this process's child, where Orphans finds it.
func TestOrphansComeToTheSubreaper(t *testing.T) {
	require.NoError(t, Subreaper())
	out, err := exec.Command("/bin/sh", "-c", "setsid sleep 1000 >/dev/null 2>&1 & echo $!").Output()
	require.NoError(t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	require.NoError(t, err)
	defer syscall.Kill(pid, syscall.SIGKILL)
	require.Eventually(t, func() bool { return contains(Orphans(), pid) }, 5*time.Second, 10*time.Millisecond,
		"the orphan %d was not reparented here", pid)
	assert.NotContains(t, Orphans(pid), pid, "keep leaves a known child out")
	Kill(pid)
	var ws syscall.WaitStatus
	_, err = syscall.Wait4(pid, &ws, 0, nil)
	require.NoError(t, err)
	assert.True(t, ws.Signaled())
}

// TestDescendants: a tree of three levels is found whole, from each thread's children files
// and from a pass over every process (kernels without those files), alike.
func TestDescendants(t *testing.T) {
	kernel := childrenFiles
	defer func() { childrenFiles = kernel }()
	for _, files := range []bool{true, false} {
		if files && !kernel() {
			continue // this kernel has no children files
		}
		childrenFiles = func() bool { return files }
		cmd := exec.Command("/bin/sh", "-c", "sleep 1000 & /bin/sh -c 'sleep 1000 & wait' & wait")
		require.NoError(t, cmd.Start())
		require.Eventually(t, func() bool { return len(Descendants(cmd.Process.Pid)) == 3 }, 5*time.Second, 10*time.Millisecond,
			"children files %v: %v", files, Descendants(cmd.Process.Pid))
		Kill(cmd.Process.Pid)
		_ = cmd.Wait()
	}
}

// forker leaves its session and then forks, each child leaving the session too and forking on
// its own, so the tree grows while it is being ended. It is bounded (at most 30 children of 30
// grandchildren each, every process gone after 20 s) so that a failure cannot run away.
const forker = `
import os, time
os.setsid()
for _ in range(30):
    if os.fork() == 0:
        os.setsid()
        for _ in range(30):
            if os.fork() == 0:
                time.sleep(20)
                os._exit(0)
            time.sleep(0.003)
        time.sleep(20)
        os._exit(0)
    time.sleep(0.003)
time.sleep(20)
`

// TestATreeThatKeepsForkingIsEndedWhole: Kill freezes the tree before it ends it, so no
// process forked meanwhile (each in a session of its own) outlives it.
func TestATreeThatKeepsForkingIsEndedWhole(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	require.NoError(t, Subreaper())
	mark := "CONFORM_REAP_TEST=" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	cmd := exec.Command(python, "-c", forker)
	cmd.Env = append(os.Environ(), mark)
	require.NoError(t, cmd.Start())
	require.Eventually(t, func() bool { return len(marked(mark)) > 40 }, 10*time.Second, 10*time.Millisecond)
	defer EndOrphans()
	Kill(cmd.Process.Pid)
	_ = cmd.Wait()
	// A killed process is gone once its parent reaps it; one the kill missed sleeps for 20 s.
	assert.Eventually(t, func() bool { return len(marked(mark)) == 0 }, 5*time.Second, 10*time.Millisecond,
		"processes of the tree outlived Kill: %v", marked(mark))
}

// TestOrphansAreEndedUntilNoneIsLeft: a forking tree whose root exits leaves its processes to
// this subreaper; EndOrphans (conform's exit) ends them and what they fork meanwhile.
func TestOrphansAreEndedUntilNoneIsLeft(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	require.NoError(t, Subreaper())
	mark := "CONFORM_REAP_TEST=" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	cmd := exec.Command(python, "-c", "import os, subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', sys.argv[1]])\ntime.sleep(0.3)", forker)
	cmd.Env = append(os.Environ(), mark)
	require.NoError(t, cmd.Run(), "the root exits, its forking child stays")
	require.NotEmpty(t, marked(mark))
	EndOrphans()
	assert.Eventually(t, func() bool { return len(marked(mark)) == 0 }, 5*time.Second, 10*time.Millisecond,
		"orphans outlived EndOrphans: %v", marked(mark))
}

// marked lists the live (not zombie) processes whose environment holds mark.
func marked(mark string) []int {
	var out []int
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		env, err := os.ReadFile(d + "/environ")
		if err != nil || !bytes.Contains(env, []byte(mark+"\x00")) {
			continue
		}
		stat, _ := os.ReadFile(d + "/stat")
		if s := string(stat); strings.Contains(s[strings.LastIndexByte(s, ')')+1:], " Z ") {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(d))
		out = append(out, pid)
	}
	return out
}
