package main

// The standard's strength, shown through programs in other languages speaking the protocol:
// the implementations written from the documentation pass everything, and every mutant (one
// rule broken) is rejected. They measure the standard through conform run --impl (suite.Conform)
// rather than this package's wiring; they sit here, early in go test's order, because they are
// the heaviest tests of the module.

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment/render"
	"github.com/conform-dev/conform/internal/python"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/suite"
	"github.com/conform-dev/conform/sweep"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// through runs the suite against the program command starts, as `conform run --impl` does
// (handshake with the registry, the in-memory store, the closing lines in the output), reading
// fragments from their markup (throughRendered renders them).
func through(t *testing.T, command string, timeout time.Duration, o suite.Options) (suite.Result, string) {
	return throughReading(t, command, timeout, o, suite.RenderNever)
}

func throughReading(t *testing.T, command string, timeout time.Duration, o suite.Options, render string) (suite.Result, string) {
	t.Helper()
	var out bytes.Buffer
	o.Output, o.Format, o.NoColors = &out, "progress", true
	if o.Concurrency == 0 {
		o.Concurrency = 2
	}
	res, err := suite.Conform(context.Background(), suite.Setup{Options: o, Command: command, Timeout: timeout,
		Deadline: 5 * time.Minute, Log: &out, Render: render})
	require.NoError(t, err, "%s", out.String())
	return res, out.String()
}

// TestPythonExamplePassesEverything: the standard is implementable from its documentation.
func TestPythonExamplePassesEverything(t *testing.T) {
	t.Parallel()
	res, out := through(t, python.Interpreter()+" ../../examples/adapters/python/adapter.py", 5*time.Second, suite.Options{SweepCases: 2000, SweepSeed: 2})
	require.Equal(t, 0, res.Code, out)
	assert.Greater(t, res.Passed, 140)
	require.NotNil(t, res.Sweep)
	assert.Positive(t, res.Sweep.WriterCases, "its writers were swept")
	// Its writers are asked too: only the US4 scenarios, which read the written standard,
	// pass without asking the implementation anything.
	assert.NotEmpty(t, res.IndependentScenarios)
	for _, s := range res.IndependentScenarios {
		assert.True(t, strings.HasPrefix(s, "us4_documented_boundaries.feature: "), "%s passes without asking the implementation", s)
	}
}

// TestEveryMutantIsRejected: each wrong implementation under testdata/mutants breaks one
// rule and must make scenarios fail; the test names the ones that caught it.
func TestEveryMutantIsRejected(t *testing.T) {
	t.Parallel()
	names := programs(t, "../../testdata/mutants")
	require.GreaterOrEqual(t, len(names), 45)
	for _, m := range names {
		name := strings.TrimSuffix(filepath.Base(m), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, out := through(t, python.Interpreter()+" "+m, 5*time.Second, suite.Options{SweepCases: 1000, SweepSeed: 1, SweepFailFast: true,
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

// TestOnlyTheSweepCatchesThesePrograms: these wrong implementations pass every fixed scenario and vector
// through the protocol; the sweep rejects them and prints the shrunk case.
func TestOnlyTheSweepCatchesThesePrograms(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"shell_keyed_by_id", "ignores_registry", "half_reads_registry"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := python.Interpreter() + " ../../testdata/mutants/" + name + ".py"
			fixed, out := through(t, cmd, 5*time.Second, suite.Options{})
			require.Equal(t, 0, fixed.Code, "%s is caught by fixed scenarios now: %v\n%s", name, fixed.FailedScenarios, out)
			swept, out := through(t, cmd, 5*time.Second, suite.Options{SweepCases: sweep.DefaultCases, SweepSeed: 1, SweepFailFast: true, Tags: "@sweep"})
			assert.Equal(t, 1, swept.Code)
			require.NotNil(t, swept.Sweep)
			require.NotEmpty(t, swept.Sweep.Failures, out)
			f := swept.Sweep.Failures[0]
			assert.Contains(t, f.Report(), "shrunk in")
			assert.Regexp(t, `run:   \{|tenant shell of tenant \d+, over runs: \[`, f.Report())
			t.Logf("%s", f.Report())
		})
	}
}

// TestPHPImplementationPassesEverything: the PHP kit and the PHP implementation written from
// the standard pass every scenario, every vector and the sweep. Without php the test skips,
// saying why, unless CONFORM_REQUIRE_PHP is set (as CI sets it).
func TestPHPImplementationPassesEverything(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("php"); err != nil {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("php is required (CONFORM_REQUIRE_PHP) but not installed")
		}
		t.Skip("php is not installed (apt-get install php-cli)")
	}
	res, out := through(t, "php ../../adapters/php/bin/conform-adapter.php", 5*time.Second, suite.Options{SweepCases: 2000, SweepSeed: 7})
	require.Equal(t, 0, res.Code, out)
	assert.Greater(t, res.Passed, 150)
	require.NotNil(t, res.Sweep)
	assert.Empty(t, res.Sweep.Failures)
}

// programs lists the Python programs of a directory, shared plumbing left out.
func programs(t *testing.T, dir string) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join(dir, "*.py"))
	require.NoError(t, err)
	var out []string
	for _, p := range all {
		if b := filepath.Base(p); b != "mutant.py" && !strings.HasPrefix(b, "_") {
			out = append(out, p)
		}
	}
	return out
}

// needBrowser skips a test that renders where Chromium is missing, unless CI requires it.
func needBrowser(t *testing.T) {
	t.Helper()
	if render.Find() == "" {
		if os.Getenv("CONFORM_REQUIRE_BROWSER") != "" {
			t.Fatal("no chromium on PATH and CONFORM_REQUIRE_BROWSER is set (apt-get install chromium)")
		}
		t.Skip("no chromium on PATH (apt-get install chromium)")
	}
}

// TestRenderedMutantsAreRejectedWhenRendered: wrong implementations whose fault only a
// rendering shows (a bar drawn with CSS or SVG, a listener bound by a script, a percentage CSS
// adds, a timer) pass when fragments are read from their markup and fail when rendered.
func TestRenderedMutantsAreRejectedWhenRendered(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	names := programs(t, "../../testdata/mutants/rendered")
	require.GreaterOrEqual(t, len(names), 5)
	for _, m := range names {
		name := strings.TrimSuffix(filepath.Base(m), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			o := suite.Options{SweepCases: 300, SweepSeed: 1, SweepFailFast: true, SweepRegistries: -1}
			markup, out := through(t, python.Interpreter()+" "+m, 5*time.Second, o)
			assert.Equal(t, 0, markup.Code, "%s is caught from its markup now: %v\n%s", name, markup.FailedScenarios, out)
			o.StopOnFailure, o.Concurrency = true, 1 // godog races on StopOnFailure with concurrency
			rendered, out := throughReading(t, python.Interpreter()+" "+m, 5*time.Second, o, suite.RenderAuto)
			assert.Equal(t, 1, rendered.Code, "rendered, %s survived:\n%s", name, out)
			t.Logf("%s rejected when rendered by %d scenarios: %s", name, rendered.Failed, strings.Join(first(rendered.FailedScenarios, 3), "; "))
		})
	}
}

// TestEveryEquivalentIsAccepted: correct implementations written differently (other markup,
// links and pieces in another order, character references, whitespace, separators, escaped
// JSON, neutral styles) pass everything, rendered where their markup does not decide.
func TestEveryEquivalentIsAccepted(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	names := programs(t, "../../testdata/equivalents")
	require.GreaterOrEqual(t, len(names), 10)
	for _, m := range names {
		name := strings.TrimSuffix(filepath.Base(m), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// One generated registry brings labels with "<", "&" and other scripts; Chromium
			// starts only for an equivalent whose markup does not decide what it shows.
			res, out := throughReading(t, python.Interpreter()+" "+m, 5*time.Second,
				suite.Options{SweepCases: 300, SweepSeed: 4, SweepRegistries: 1}, suite.RenderAuto)
			assert.Equal(t, 0, res.Code, "a correct implementation, %s, is refused: %v\n%s", name, res.FailedScenarios, out)
			if name == "keeps_its_own_families" && assert.NotNil(t, res.Sweep) {
				assert.Equal(t, 1, res.Sweep.RegistriesRefused, "the generated registry it refused is not swept")
				assert.Contains(t, out, "refused 1 generated registries")
			}
		})
	}
}

// TestImplementationsTakeTheRegistrysReadings: held to a registry that takes the other reading
// of every open question and has its own generic copy, the reference answers otherwise than
// spec 272's, and the Python and PHP implementations follow it through every scenario, vector
// and sweep case.
func TestImplementationsTakeTheRegistrysReadings(t *testing.T) {
	t.Parallel()
	src, err := registry.Find("../../testdata/registries/other-readings.yaml")
	require.NoError(t, err)
	reg := src.Registry
	partial := contract.Run{ID: 1, TenantID: 7, Type: "tenant.review.compose", Status: "running",
		Context: map[string]any{"progress": map[string]any{"composite": map[string]any{"children": json.Number("4")}}}}
	require.NotEqual(t, contract.Builtin.Resolve(partial), reg.Resolve(partial), "the registry's readings change nothing")
	assert.Equal(t, int64(-1), reg.Resolve(partial).Composite.Failed, "minimal disclosure: the failed count is unknown")
	programs := []string{python.Interpreter() + " ../../examples/adapters/python/adapter.py"}
	if _, err := exec.LookPath("php"); err == nil {
		programs = append(programs, "php ../../adapters/php/bin/conform-adapter.php")
	}
	for _, cmd := range programs {
		res, out := through(t, cmd, 5*time.Second, suite.Options{Registry: reg, SweepCases: 600, SweepSeed: 9, SweepRegistries: -1})
		assert.Equal(t, 0, res.Code, "%s does not take the registry's readings:\n%s", cmd, out)
	}
}
