package suite

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Conform is the whole of `conform run`: reports planned and written, closing lines after a
// human format on stdout, and on the log when stdout carries a machine format.
func TestConformWritesReportsAndClosingLines(t *testing.T) {
	dir := t.TempDir()
	junit := filepath.Join(dir, "j.xml")
	var stdout, log bytes.Buffer
	res, err := Conform(t.Context(), Setup{
		Options:   Options{Tags: "@US1", Format: "progress,junit:" + junit, Output: &stdout, Concurrency: 2, NoColors: true},
		ReportDir: filepath.Join(dir, "html"), Log: &log,
	})
	require.NoError(t, err)
	assert.Zero(t, res.Failed)
	assert.Positive(t, res.Passed)
	assert.FileExists(t, junit)
	assert.FileExists(t, filepath.Join(dir, "html", "report.html"))
	assert.FileExists(t, filepath.Join(dir, "html", "cucumber.json"))
	assert.True(t, strings.HasSuffix(stdout.String(), res.Summary()+"\n"), "the closing line ends stdout: %q", stdout.String())
	assert.Contains(t, log.String(), "conform: report written to")

	stdout.Reset()
	log.Reset()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the plan's own cucumber JSON goes
	res, err = Conform(t.Context(), Setup{
		Options: Options{Tags: "@US1", Format: "cucumber,junit:" + junit, Output: &stdout, Concurrency: 2},
		Log:     &log,
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(stdout.String()), "["), "stdout is cucumber JSON only")
	assert.NotContains(t, stdout.String(), res.Summary())
	assert.Contains(t, log.String(), res.Summary())
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "what the run made for itself stayed behind")
}

// What keeps a run from starting is an error, and nothing is left started.
func TestConformRefusesBeforeRunning(t *testing.T) {
	tests := []struct {
		name  string
		setup Setup
		want  string
	}{
		{"a report path that cannot be written", Setup{Options: Options{Format: "junit:" + filepath.Join(t.TempDir(), "no", "j.xml")}}, "does not exist"},
		{"a timeout of zero", Setup{Command: "true"}, "timeout and deadline must be positive, got 0s and 0s"},
		{"no deadline", Setup{Command: "true", Timeout: time.Second}, "must be positive, got 1s and 0s"},
		{"a program that is not there", Setup{Command: "/nonexistent/impl", Timeout: time.Second, Deadline: time.Minute}, `"/nonexistent/impl"`},
		{"a store that contradicts the lane", Setup{Store: store.Config{Kind: store.KindMemory, Postgres: true}}, "contradicts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tt.setup.Output, tt.setup.Log = &out, &out
			res, err := Conform(t.Context(), tt.setup)
			assert.ErrorContains(t, err, tt.want)
			assert.Zero(t, res.Passed+res.Failed, "nothing ran")
		})
	}
}
