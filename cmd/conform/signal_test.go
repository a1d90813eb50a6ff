package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/python"
	"github.com/conform-dev/conform/internal/shortlived"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asMain makes the test binary run as conform itself: the tests that signal or kill conform
// need a process of its own, and need no build for it.
const asMain = "CONFORM_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		main()
		return
	}
	// The scripts of testdata/script run the test binary as the command "conform"; otherwise
	// it runs the tests.
	testscript.Main(tests{m}, map[string]func(){"conform": main})
}

// tests runs the test binary's tests: the suite runs in process too, and most tests wait on a
// conform process or on a program the suite speaks to.
type tests struct{ m *testing.M }

func (t tests) Run() int {
	shortlived.Tune()
	shortlived.WaitingTests(6)
	return t.m.Run()
}

func self(t *testing.T) string {
	exe, err := os.Executable()
	require.NoError(t, err)
	return exe
}

// TestCtrlCEndsARunWhateverTheAdapterDoes: an implementation that answers the handshake and
// never reads again, with a one-hour timeout, cannot hold conform: Ctrl-C ends the run, with
// the interruption said in one line and the adapter's process tree gone.
func TestCtrlCEndsARunWhateverTheAdapterDoes(t *testing.T) {
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := exec.Command(self(t), "run", "--impl", python.Interpreter()+" ../../testdata/adapters/hostile.py no_read", "--impl-timeout", "1h", "--sweep", "50")
	cmd.Env = append(os.Environ(), asMain+"=1", "CONFORM_TEST_READY="+ready)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	require.Eventually(t, func() bool { return strings.Contains(stderr.String(), "implementation no_read") }, 30*time.Second, 20*time.Millisecond,
		"the handshake never happened: %s", stderr.String())
	require.Eventually(t, func() bool { _, err := os.Stat(ready); return err == nil }, 30*time.Second, 10*time.Millisecond,
		"the run never asked the adapter: %s", stderr.String()) // the run is now stuck on the adapter
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	select {
	case err := <-done:
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, 2, ee.ExitCode())
		assert.Contains(t, stderr.String(), "interrupted")
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("Ctrl-C did not end the run:\n%s", stderr.String())
	}
}

// syncBuffer is a buffer the process's output copier and the test may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAReaderThatStopsReadingEndsTheRunCleanly: `conform run | head` closes conform's stdout
// early; conform is not killed by SIGPIPE but ends the run as Ctrl-C does, saying so, and
// leaves nothing in its temporary directory.
func TestAReaderThatStopsReadingEndsTheRunCleanly(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	cmd := exec.Command(self(t), "run", "--sweep", "0", "--format", "pretty")
	cmd.Env = append(os.Environ(), asMain+"=1", "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	line := make([]byte, 64)
	_, err = io.ReadAtLeast(out, line, 1) // the run has started writing
	require.NoError(t, err)
	require.NoError(t, out.Close()) // the reader goes away, as head does
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stderr: %s", stderr.String())
	status := exit.Sys().(syscall.WaitStatus)
	assert.False(t, status.Signaled(), "conform was killed by %v", status.Signal())
	assert.Equal(t, 2, exit.ExitCode())
	assert.Contains(t, stderr.String(), "interrupted")
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "conform left files in its TMPDIR")
}
