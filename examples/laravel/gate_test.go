// Package laravel_test gates the example Laravel application beyond the lanes
// scripts/laravel-lanes.sh runs: what its jobs write on PostgreSQL passes conform audit, and
// each wrong variant Laravel makes easy fails the gate with the rule it broke.
package laravel_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/conform-dev/conform/audit"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/store/pgtest"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/conform-dev/conform/suite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	appDir  string
	install = sync.OnceValue(func() error {
		out, err := exec.Command("../../scripts/laravel-install.sh", appDir).CombinedOutput()
		if err != nil {
			return &installError{out: string(out), err: err}
		}
		return nil
	})
)

type installError struct {
	out string
	err error
}

func (e *installError) Error() string { return e.err.Error() + ": " + e.out }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "conform-laravel-")
	if err != nil {
		panic(err)
	}
	appDir = filepath.Join(dir, "app")
	code := pgtest.Tests(m, "examples/laravel")
	os.RemoveAll(dir)
	os.Exit(code)
}

// laravel installs the application once (a copy, in a temporary directory) and returns where,
// or skips when PHP, Debian's Laravel or Composer is missing, unless CONFORM_REQUIRE_PHP.
func laravel(t *testing.T) string {
	t.Helper()
	_, laravelErr := os.Stat("/usr/share/php/Illuminate/autoload.php")
	_, phpErr := exec.LookPath("php")
	_, composerErr := exec.LookPath("composer")
	if laravelErr != nil || phpErr != nil || composerErr != nil {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("php-cli, php-laravel-framework and composer are required (CONFORM_REQUIRE_PHP)")
		}
		t.Skip("php-cli, php-laravel-framework or composer is not installed")
	}
	require.NoError(t, install())
	return appDir
}

// artisan runs a command of the application on a database.
func artisan(t *testing.T, dir, dsn string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("php", append([]string{filepath.Join(dir, "artisan")}, args...)...)
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dsn, "DB_CONNECTION=pgsql"), env...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "php artisan %v: %s", args, out)
}

// scratch is an empty database conform made on the test server, dropped after the test.
func scratch(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	s, err := postgres.Open(ctx, pgtest.DSN(t), postgres.Options{NoTemplate: true})
	require.NoError(t, err)
	name, err := s.CreateScratch(ctx)
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, s.DropScratch(context.Background(), name))
		assert.NoError(t, s.Close())
	})
	return s.DSNFor(name)
}

func appRegistry(t *testing.T, dir string) registry.Source {
	t.Helper()
	src, err := registry.Find(filepath.Join(dir, "conform.yaml"))
	require.NoError(t, err)
	return src
}

// TestWhatItsJobsWrotePassesTheAudit: on the tables the application's migrations make, a day
// of its jobs (runs that ran through, ended early, still run; reviews from every kind of
// snapshot; a policy sync under way) passes conform audit --strict; the variant whose job
// writes a percentage beside the phase does not.
func TestWhatItsJobsWrotePassesTheAudit(t *testing.T) {
	t.Parallel()
	dir := laravel(t)
	reg := appRegistry(t, dir)
	for _, tc := range []struct {
		variant   string
		violation string
	}{{"", ""}, {"job-update-percent", "persisted-flag"}} {
		dsn := scratch(t)
		artisan(t, dir, dsn, nil, "migrate", "--force", "--no-interaction")
		artisan(t, dir, dsn, []string{"TENANTPILOT_VARIANT=" + tc.variant}, "tenantpilot:simulate", "--tenants=2")
		rep, err := audit.Audit(context.Background(), dsn, audit.Options{Examples: 3, Mapping: audit.DefaultMapping(), Registry: reg.Registry, Strict: true})
		require.NoError(t, err)
		assert.Equal(t, int64(2*15), rep.Runs, "every run the jobs wrote was read")
		var buf bytes.Buffer
		require.NoError(t, audit.Write(&buf, rep, "text"))
		if tc.violation == "" {
			assert.Zero(t, rep.Violations(), "what the jobs wrote:\n%s", buf.String())
			continue
		}
		assert.Positive(t, rep.Violations(), "%s:\n%s", tc.variant, buf.String())
		assert.Contains(t, buf.String(), tc.violation)
	}
}

// TestEveryWrongVariantFailsTheGate: each mistake Laravel makes easy, in one class of the
// application, fails conform run with the rule it broke.
func TestEveryWrongVariantFailsTheGate(t *testing.T) {
	t.Parallel()
	dir := laravel(t)
	reg := appRegistry(t, dir)
	standard, err := os.ReadFile(reg.Standard)
	require.NoError(t, err)
	for variant, rule := range map[string]string{
		"raw-blade":             "shell.text", // {!! !!}: a label with < or & reads otherwise
		"casts-object":          "capability", // context cast to an object: every run reads as missing
		"json-without-cast":     "capability", // a JSON column read as text
		"policy-403-nonmembers": "1. status:", // a non-member learns the run exists: got 403, want 404
		"job-update-percent":    "trace.",     // a percentage written beside the phase
		"label-accessor":        "label",      // the label formatted from the key
	} {
		t.Run(variant, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			res, err := suite.Conform(context.Background(), suite.Setup{
				Options: suite.Options{Registry: reg.Registry, Standard: standard, StandardName: reg.Standard,
					SweepCases: 1000, SweepSeed: 1, SweepFailFast: true, StopOnFailure: true, Concurrency: 1,
					Output: &out, Format: "progress", NoColors: true},
				Command: "TENANTPILOT_VARIANT=" + variant + " php " + filepath.Join(dir, "artisan") + " conform:adapter",
				Timeout: 10 * time.Second, Deadline: 5 * time.Minute, Log: &out, Render: suite.RenderNever,
			})
			require.NoError(t, err, out.String())
			assert.Equal(t, 1, res.Code, "the %s variant passed the gate:\n%s", variant, out.String())
			assert.Contains(t, out.String(), rule)
		})
	}
}
