package protocol_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/python"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hostile(kind string) string {
	return python.Interpreter() + " ../testdata/adapters/hostile.py " + kind
}

// liveHeap is the heap in use after a collection: what conform still holds.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func questions(n int) []subject.Question {
	qs := make([]subject.Question, n)
	for i := range qs {
		qs[i] = subject.Question{Kind: subject.KindResolve, Run: contract.Run{ID: int64(i + 1), TenantID: 7, Type: "baseline_capture", Status: "running"}}
	}
	return qs
}

// Attack 3: 15 MiB error strings. What a failure keeps is capped and says so; conform holds
// no more than a few answers' worth however many checks fail.
func TestHugeAnswersAreCapped(t *testing.T) {
	// Not parallel: it measures the heap, which other tests would share.
	for _, kind := range []string{"huge_error", "huge_stderr"} {
		t.Run(kind, func(t *testing.T) {
			// Python takes seconds to build and write 15 MiB on a loaded machine; the point here
			// is the cap, not the time.
			a := protocol.NewClient(hostile(kind), time.Minute)
			defer a.Close()
			before := liveHeap()
			var errs []error
			// Two are enough: one answer kept whole would already be over the bound.
			for i := 0; i < 2; i++ {
				_, err := a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
				require.Error(t, err)
				errs = append(errs, err)
			}
			held := uint64(0)
			if after := liveHeap(); after > before {
				held = after - before
			}
			assert.Less(t, held, uint64(8<<20), "2 failed checks hold %d bytes", held)
			msg := errs[0].Error()
			assert.Less(t, len(msg), 16<<10, "one failure message is at most a few KiB")
			if kind == "huge_stderr" {
				assert.Contains(t, msg, "(the last 4096 of")
			} else {
				assert.Contains(t, msg, "cut:")
			}
		})
	}
}

// TestOversizedAnswersFailTheirCheck: a fragment of 15 MiB or a tenant shell that lists half a
// million runs fits the line limit but no answer of its kind: the check fails, saying so, and
// nothing of the answer is held or copied.
func TestOversizedAnswersFailTheirCheck(t *testing.T) {
	run := contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"}
	actor := contract.Actor{UserID: 1}.Grant(7, contract.ViewCapability)
	for kind, ask := range map[string]func(*protocol.Client) error{
		"huge_fragment": func(a *protocol.Client) error { _, err := a.Present(context.Background(), run, actor); return err },
		"huge_listing": func(a *protocol.Client) error {
			_, err := a.Shell(context.Background(), actor, 7, []contract.Run{run})
			return err
		},
	} {
		t.Run(kind, func(t *testing.T) {
			a := protocol.NewClient(hostile(kind), time.Minute)
			defer a.Close()
			before := liveHeap()
			err := ask(a)
			require.Error(t, err)
			assert.Regexp(t, `a hint fragment is at most|lists 400000 runs of the 1 it was given`, err.Error())
			assert.Less(t, len(err.Error()), 4<<10)
			held := uint64(0)
			if after := liveHeap(); after > before {
				held = after - before
			}
			assert.Less(t, held, uint64(8<<20), "the failed check holds %d bytes", held)
		})
	}
}

// Attack 4: a program that answers the handshake and never reads again. A pipelined batch
// fills the pipe; every write has a deadline, so conform goes on, and Ctrl-C ends it at once.
func TestAProgramThatDoesNotReadCannotHoldConform(t *testing.T) {
	t.Parallel()
	a := protocol.NewClient(hostile("no_read"), 300*time.Millisecond)
	defer a.Close()
	done := make(chan []subject.Reply)
	go func() { done <- a.Batch(context.Background(), questions(2000)) }()
	select {
	case replies := <-done:
		require.Len(t, replies, 2000)
		for _, r := range replies {
			require.Error(t, r.Err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("a batch to a program that does not read never returned")
	}

	ctx, cancel := context.WithCancel(context.Background())
	ready := filepath.Join(t.TempDir(), "ready")
	b := protocol.NewClient("CONFORM_TEST_READY="+ready+" CONFORM_TEST_READY_WHEN=full "+hostile("no_read"), time.Hour)
	defer b.Close()
	go func() { done <- b.Batch(ctx, questions(2000)) }()
	require.Eventually(t, func() bool { _, err := os.Stat(ready); return err == nil }, 30*time.Second, 10*time.Millisecond,
		"the batch never filled the program's stdin")
	cancel()
	select {
	case replies := <-done:
		assert.Contains(t, replies[0].Err.Error(), "interrupted")
	case <-time.After(30 * time.Second):
		t.Fatal("Ctrl-C did not end a batch stuck in a write")
	}
}

// Attack 5: answers out of order. Each is a failed check and a restart, until the breaker
// stops asking; the rest fail at once, and Broken says why.
func TestTheBreakerStopsAskingAProgramThatKeepsFailing(t *testing.T) {
	t.Parallel()
	a := protocol.NewClient(hostile("out_of_order"), 5*time.Second)
	a.Breaker = 3
	defer a.Close()
	var errs []string
	for i := 0; i < 8; i++ {
		_, err := a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
		require.Error(t, err)
		errs = append(errs, err.Error())
	}
	assert.Contains(t, errs[0], "response has seq 0, want 1")
	require.Error(t, a.Broken())
	assert.Contains(t, a.Broken().Error(), "failed 3 checks in a row")
	assert.Contains(t, errs[7], "conform stopped asking it")
	assert.ErrorIs(t, a.Broken(), protocol.ErrStopped)
}

func TestTheRunDeadlineEndsEveryRequest(t *testing.T) {
	t.Parallel()
	a := protocol.NewClient(referenceCommand(t), 5*time.Second)
	a.Deadline = time.Now().Add(-time.Second)
	defer a.Close()
	_, err := a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the run's deadline passed")
	assert.ErrorIs(t, err, protocol.ErrStopped)
}

// A failed check keeps the error behind it: a program is interrupted, late or gone, and a
// caller can tell which with errors.Is rather than by reading the text.
func TestACheckErrorKeepsItsCause(t *testing.T) {
	t.Parallel()
	run := contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"}
	hang := protocol.NewClient(python.Interpreter()+" ../testdata/adapters/hang.py", 200*time.Millisecond)
	defer hang.Close()
	_, err := hang.Resolve(t.Context(), run)
	var ce *protocol.CheckError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded, "no answer in time")

	stuck := protocol.NewClient(python.Interpreter()+" ../testdata/adapters/hang.py", time.Minute)
	defer stuck.Close()
	_, err = stuck.Start(t.Context())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = stuck.Resolve(ctx, run)
	assert.ErrorIs(t, err, context.Canceled, "interrupted")
	assert.Contains(t, err.Error(), "interrupted")

	gone := protocol.NewClient("exit 3", time.Second)
	defer gone.Close()
	_, err = gone.Resolve(t.Context(), run)
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the program's exit")
	assert.Equal(t, 3, exit.ExitCode())
}

// Attack 6: a grandchild that calls setsid() leaves the process group; stopping the adapter
// ends it all the same.
func TestAGrandchildThatLeftTheGroupIsEnded(t *testing.T) {
	t.Parallel()
	pidfile := filepath.Join(t.TempDir(), "pid")
	a := protocol.NewClient("CONFORM_TEST_PIDFILE="+pidfile+" "+hostile("setsid"), 5*time.Second)
	_, err := a.Start(context.Background())
	require.NoError(t, err)
	var pid int
	require.Eventually(t, func() bool {
		raw, err := os.ReadFile(pidfile)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(raw)))
		return err == nil && pid > 0
	}, 10*time.Second, 20*time.Millisecond)
	require.NoError(t, syscall.Kill(pid, 0), "the grandchild runs")
	_ = a.Close()
	require.Eventually(t, func() bool {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			return true
		}
		// A zombie waiting for its reaper is dead too.
		stat, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		return strings.Contains(string(stat), ") Z ")
	}, 5*time.Second, 20*time.Millisecond, "the grandchild %d outlived the adapter", pid)
}

// Review item: a program that answers and exits at once. Its answer is read whatever the
// timing of its exit (conform owns the pipe; Wait no longer closes it under the reader).
func TestAnAnswerBeforeExitIsNeverLost(t *testing.T) {
	t.Parallel()
	cmd := `read line; echo '{"version":3,"implementation":{"name":"quick","language":"sh","version":"0"}}'`
	for i := 0; i < 100; i++ {
		a := protocol.NewClient(cmd, 5*time.Second)
		_, err := a.Start(context.Background())
		require.NoError(t, err, "handshake %d", i)
		a.Close()
	}
}

// Review item: every restart used to leave the old stdout reader blocked on its channel.
// After failed checks and restarts, the goroutines come back to where they were.
func TestRestartsLeakNoGoroutine(t *testing.T) {
	// Not parallel: it counts goroutines, which other tests would share.
	before := runtime.NumGoroutine()
	a := protocol.NewClient(hostile("out_of_order"), 5*time.Second)
	a.Breaker = 1000
	for i := 0; i < 5; i++ {
		_, err := a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
		require.Error(t, err)
	}
	require.NoError(t, a.Close())
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+1 }, 10*time.Second, 50*time.Millisecond,
		"goroutines: %d before, %d after 5 restarts", before, runtime.NumGoroutine())
}

// TestAReportedErrorKeepsTheProgram: an answer {"seq","error"} fails that one check, and the
// protocol says the program keeps running: no restart, no new handshake.
func TestAReportedErrorKeepsTheProgram(t *testing.T) {
	t.Parallel()
	starts := filepath.Join(t.TempDir(), "starts")
	a := protocol.NewClient("CONFORM_TEST_STARTS="+starts+" "+hostile("reported_errors"), 5*time.Second)
	defer a.Close()
	for i := 0; i < 5; i++ {
		_, err := a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "reported an error: this one request failed")
	}
	raw, err := os.ReadFile(starts)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(raw), "start"), "the program was restarted after a reported error")
	assert.NoError(t, a.Broken(), "reported errors do not trip the breaker")
}

// A program that writes to stderr and exits: its last words are in the failure whatever the
// order in which conform sees the end of stdout and the end of stderr.
func TestTheLastStderrLineIsNeverLost(t *testing.T) {
	t.Parallel()
	for i := 0; i < 40; i++ {
		a := protocol.NewClient("echo last words >&2; exit 3", 5*time.Second)
		_, err := a.Start(context.Background())
		a.Close()
		var ce *protocol.CheckError
		require.ErrorAs(t, err, &ce)
		require.Contains(t, ce.Stderr, "last words", "attempt %d", i+1)
	}
}

// A program that takes longer to start than one answer may take is slow, not wrong: the
// handshake waits at least protocol.StartWait; the answers after it keep the short timeout.
func TestASlowStartIsNotAFailure(t *testing.T) {
	t.Parallel()
	a := protocol.NewClient(`sleep 1.2; echo '{"version":3,"implementation":{"name":"slow","language":"sh","version":"0"}}'; sleep 60`, 500*time.Millisecond)
	defer a.Close()
	info, err := a.Start(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "slow", info.Name)
	_, err = a.Resolve(context.Background(), contract.Run{ID: 1, TenantID: 7, Type: "t", Status: "running"})
	assert.ErrorContains(t, err, "no answer within 500ms")
}
