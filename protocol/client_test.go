package protocol_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/python"
	"github.com/conform-dev/conform/internal/shortlived"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/suite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary doubles as the reference adapter process, so no build step is needed.
func TestMain(m *testing.M) {
	if os.Getenv("CONFORM_TEST_SERVE_REFERENCE") == "1" {
		err := protocol.Serve(context.Background(), os.Stdin, os.Stdout, os.Stderr, subject.Reference{},
			protocol.Identity{Name: "conform reference", Language: "go", Version: "test"})
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	shortlived.Tune()
	// Most tests here wait on other processes (an adapter, a hostile or hanging program).
	shortlived.WaitingTests(6)
	os.Exit(m.Run())
}

func referenceCommand(t testing.TB) string {
	exe, err := os.Executable()
	require.NoError(t, err)
	return "CONFORM_TEST_SERVE_REFERENCE=1 " + exe
}

func runAgainst(t *testing.T, command string, timeout time.Duration, tags string) (suite.Result, string) {
	return runWith(t, command, timeout, suite.Options{Tags: tags})
}

func runWith(t *testing.T, command string, timeout time.Duration, o suite.Options) (suite.Result, string) {
	t.Helper()
	a := protocol.NewClient(command, timeout)
	t.Cleanup(func() { a.Close() })
	var out bytes.Buffer
	o.Impl, o.Output, o.Format, o.NoColors = a, &out, "progress", true
	if o.Concurrency == 0 {
		o.Concurrency = 2
	}
	res := suite.Execute(context.Background(), o)
	// What a user reads: the findings, as the closing lines tell them.
	if err := finding.WriteText(&out, res.Findings, command); err != nil {
		t.Fatal(err)
	}
	return res, out.String()
}

func TestReferenceThroughTheProtocolPassesEverything(t *testing.T) {
	t.Parallel()
	res, out := runWith(t, referenceCommand(t), 5*time.Second, suite.Options{SweepCases: 2000, SweepSeed: 1})
	require.Equal(t, 0, res.Code, out)
	assert.Greater(t, res.Passed, 140)
	// What never asks the implementation is not part of its tally: the US4 scenarios check
	// the written standard, and nothing else passes without asking.
	assert.GreaterOrEqual(t, len(res.IndependentScenarios), 10)
	for _, s := range res.IndependentScenarios {
		assert.True(t, strings.HasPrefix(s, "us4_documented_boundaries.feature: "), "%s passes without asking the implementation", s)
	}
}

// TestBrokenAdaptersFailClearlyAndTheRunFinishes: hangs, crashes and garbage fail the checks
// they touch, with the request and the output shown, and the run still ends.
func TestBrokenAdaptersFailClearlyAndTheRunFinishes(t *testing.T) {
	t.Parallel()
	for name, want := range map[string][]string{
		"hang.py":                    {"no answer within 300ms", "request: {\"cmd\":\"drive\""},
		"crash.py":                   {"the process ended without answering (exit status 3)", "stderr:  Traceback: pretend something broke"},
		"broken.py not_json":         {"response not JSON", "output:  this is not JSON"},
		"broken.py wrong_seq":        {"response has seq 8, want 1"},
		"broken.py schema_violation": {"response does not match drive-response.json", `output:  {"seq": 1, "resolution": {"capability": "maybe"}}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			done := make(chan struct{})
			var res suite.Result
			var out string
			go func() {
				defer close(done)
				// One scenario is enough: each check it makes meets the broken adapter.
				// Short where the point is the timeout (the handshake has its own, longer wait).
				timeout := time.Second
				if name == "hang.py" {
					timeout = 300 * time.Millisecond
				}
				res, out = runAgainst(t, python.Interpreter()+" ../testdata/adapters/"+name, timeout, "@US1-AS1")
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("the run did not finish")
			}
			assert.Equal(t, 1, res.Code)
			assert.Positive(t, res.Failed)
			for _, w := range want {
				assert.Contains(t, out, w)
			}
			// However many checks it broke, a broken program is one finding, the first.
			require.NotEmpty(t, res.Findings)
			assert.Equal(t, finding.Protocol, res.Findings[0].Stage, "%v", res.Findings)
			assert.Len(t, res.Findings, 1, "%v", res.Findings)
		})
	}
}

func TestHandshakeFailures(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string]string{
		"exit 4":                           "(exit status 4)",
		"echo '{\"version\": 3}'; sleep 5": "start response does not match",
		"echo '{\"version\": 2, \"implementation\": {}}'; sleep 5": "speaks protocol version 2; conform speaks version 3: version 3 adds",
		"echo '{\"error\": \"unknown family digest\"}'; sleep 5":   "refused the start: unknown family digest",
		"/nonexistent/adapter": "exit status 127",
	} {
		a := protocol.NewClient(cmd, time.Second)
		_, err := a.Start(context.Background())
		require.Error(t, err, cmd)
		assert.Contains(t, err.Error(), want, cmd)
		a.Close()
	}
}

// TestTheDSNGoesOnlyToWritersOnADatabase: a drive request carries the scenario's DSN only to
// a program whose start said its writers run on a database, and only that answer is marked
// as written there (to be held to the database's log).
func TestTheDSNGoesOnlyToWritersOnADatabase(t *testing.T) {
	t.Parallel()
	sc := contract.WriterScenario{ID: "x", Family: "baseline_capture", Path: "standard"}
	for _, tc := range []struct {
		writes, got string
		database    bool
	}{{"", "no dsn", false}, {"memory", "no dsn", false}, {"database", "postgres://u@h/db", true}} {
		c := protocol.NewClient(python.Interpreter()+" ../testdata/adapters/echo_drive.py "+tc.writes, 5*time.Second)
		w, err := c.Drive(context.Background(), sc, subject.Target{TenantID: 4, UserID: 5, DSN: "postgres://u@h/db"})
		require.NoError(t, err, tc.writes)
		require.Len(t, w.Trace, 1)
		assert.Equal(t, tc.got, w.Trace[0].Type, tc.writes)
		assert.Equal(t, tc.database, w.Database, tc.writes)
		assert.Equal(t, int64(4), w.Trace[0].TenantID)
		w, err = c.Drive(context.Background(), sc, subject.Target{TenantID: 4, UserID: 5})
		require.NoError(t, err)
		assert.False(t, w.Database, "no DSN, no database: %s", tc.writes)
		require.NoError(t, c.Close())
	}
}
