package reap

import (
	"os/exec"
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
