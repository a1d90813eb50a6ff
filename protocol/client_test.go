package protocol_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/internal/shortlived"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/suite"
	"github.com/conform-dev/conform/sweep"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The test binary doubles as the reference adapter process, so no build step is needed.
func TestMain(m *testing.M) {
	if os.Getenv("CONFORM_TEST_SERVE_REFERENCE") == "1" {
		err := protocol.Serve(context.Background(), os.Stdin, os.Stdout, os.Stderr, subject.Reference{},
			protocol.Implementation{Name: "conform reference", Language: "go", Version: "test"})
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	shortlived.Tune()
	// Most tests here wait on other processes (an adapter, the reference behind a mutant).
	shortlived.WaitingTests(6)
	python = interpreter()
	os.Exit(m.Run())
}

// python is the Python interpreter the tests start: python3 resolved once to the binary it
// runs. A version manager's shim (pyenv's is a shell script) costs 0.4 s on every start, and
// the tests here start Python hundreds of times.
var python = "python3"

func interpreter() string {
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" && !strings.ContainsAny(p, " '\"$`\\") {
		return p
	}
	return "python3"
}

// suiteStrength marks a test that runs the whole suite through a program to show what the
// suite accepts and rejects: it checks the standard's strength more than this package's
// code, and -short (the mutation run of this package) leaves it out.
func suiteStrength(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the whole suite through a program")
	}
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
	res := suite.Run(context.Background(), o)
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

// TestPythonExamplePassesEverything: the standard is implementable from its documentation.
func TestPythonExamplePassesEverything(t *testing.T) {
	t.Parallel()
	suiteStrength(t)
	res, out := runWith(t, python+" ../examples/adapters/python/adapter.py", 5*time.Second, suite.Options{SweepCases: 2000, SweepSeed: 2})
	require.Equal(t, 0, res.Code, out)
	assert.Greater(t, res.Passed, 140)
}

// TestEveryMutantIsRejected: each wrong implementation under testdata/mutants breaks one
// rule and must make scenarios fail; the test names the ones that caught it.
func TestEveryMutantIsRejected(t *testing.T) {
	t.Parallel()
	suiteStrength(t)
	mutants, err := filepath.Glob("../testdata/mutants/*.py")
	require.NoError(t, err)
	var names []string
	for _, m := range mutants {
		if filepath.Base(m) != "mutant.py" {
			names = append(names, m)
		}
	}
	require.GreaterOrEqual(t, len(names), 30)
	for _, m := range names {
		name := strings.TrimSuffix(filepath.Base(m), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, out := runWith(t, python+" "+m, 5*time.Second, suite.Options{SweepCases: 1000, SweepSeed: 1, SweepFailFast: true,
				StopOnFailure: true, Concurrency: 1, // godog races on StopOnFailure with concurrency
			})
			assert.Equal(t, 1, res.Code)
			if assert.NotEmpty(t, res.FailedScenarios, "mutant %s survived:\n%s", name, out) {
				t.Logf("%s rejected by %d scenarios: %s", name, res.Failed, strings.Join(first(res.FailedScenarios, 3), "; "))
			}
		})
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestBrokenAdaptersFailClearlyAndTheRunFinishes: hangs, crashes and garbage fail the checks
// they touch, with the request and the output shown, and the run still ends.
func TestBrokenAdaptersFailClearlyAndTheRunFinishes(t *testing.T) {
	t.Parallel()
	for name, want := range map[string][]string{
		"hang.py":                    {"no answer within 300ms", "request: {\"cmd\":\"resolve\""},
		"crash.py":                   {"the process ended without answering (exit status 3)", "stderr:  Traceback: pretend something broke"},
		"broken.py not_json":         {"response not JSON", "output:  this is not JSON"},
		"broken.py wrong_seq":        {"response has seq 8, want 1"},
		"broken.py schema_violation": {"response does not match resolve-response.json", `output:  {"seq": 1, "resolution": {"capability": "maybe"}}`},
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
				res, out = runAgainst(t, python+" ../testdata/adapters/"+name, timeout, "@US1-AS1")
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
		})
	}
}

func TestHandshakeFailures(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string]string{
		"exit 4":                           "(exit status 4)",
		"echo '{\"version\": 2}'; sleep 5": "start response does not match",
		"/nonexistent/adapter":             "exit status 127",
	} {
		a := protocol.NewClient(cmd, time.Second)
		_, err := a.Start(context.Background())
		require.Error(t, err, cmd)
		assert.Contains(t, err.Error(), want, cmd)
		a.Close()
	}
}

// TestOnlyTheSweepCatches: these wrong implementations pass every fixed scenario and vector
// through the protocol; the sweep rejects them and prints the shrunk case.
func TestOnlyTheSweepCatches(t *testing.T) {
	t.Parallel()
	suiteStrength(t)
	for _, name := range []string{"shell_lists_other_tenants", "view_link_int32"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := python + " ../testdata/mutants/" + name + ".py"
			fixed, out := runWith(t, cmd, 5*time.Second, suite.Options{})
			require.Equal(t, 0, fixed.Code, "%s is caught by fixed scenarios now: %v\n%s", name, fixed.FailedScenarios, out)
			swept, out := runWith(t, cmd, 5*time.Second, suite.Options{SweepCases: sweep.DefaultCases, SweepSeed: 1, SweepFailFast: true, Tags: "@sweep"})
			assert.Equal(t, 1, swept.Code)
			require.NotNil(t, swept.Sweep)
			require.NotEmpty(t, swept.Sweep.Failures, out)
			f := swept.Sweep.Failures[0]
			assert.Contains(t, f.Report(), "shrunk in")
			assert.Contains(t, f.Report(), "run:   {")
			t.Logf("%s", f.Report())
		})
	}
}

// TestPHPImplementationPassesEverything: the PHP kit and the PHP implementation written from
// the standard pass every scenario, every vector and the sweep. Without php the test skips,
// saying why, unless CONFORM_REQUIRE_PHP is set (as CI sets it).
func TestPHPImplementationPassesEverything(t *testing.T) {
	t.Parallel()
	suiteStrength(t)
	if _, err := exec.LookPath("php"); err != nil {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("php is required (CONFORM_REQUIRE_PHP) but not installed")
		}
		t.Skip("php is not installed (apt-get install php-cli)")
	}
	res, out := runWith(t, "php ../adapters/php/bin/conform-adapter.php", 5*time.Second, suite.Options{SweepCases: 2000, SweepSeed: 7})
	require.Equal(t, 0, res.Code, out)
	assert.Greater(t, res.Passed, 150)
	require.NotNil(t, res.Sweep)
	assert.Empty(t, res.Sweep.Failures)
}
