package report_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanWithoutConformsOutputsLeavesTheFormatAlone(t *testing.T) {
	for _, format := range []string{"progress", "pretty,events"} {
		p, err := report.NewPlan(format, "", false)
		require.NoError(t, err, format)
		assert.Equal(t, format, p.Godog)
		var out bytes.Buffer
		require.NoError(t, p.Write(&out, &out, report.Meta{}), "nothing to write")
		assert.Empty(t, out.String())
		require.NoError(t, p.Close())
	}
}

// godogFile is where the plan has godog write a format.
func godogFile(t *testing.T, p *report.Plan, name string) string {
	t.Helper()
	for _, part := range strings.Split(p.Godog, ",") {
		if n, path, ok := strings.Cut(part, ":"); ok && n == name {
			return path
		}
	}
	t.Fatalf("godog writes no %s: %s", name, p.Godog)
	return ""
}

// Godog writes every file format into the plan's own directory; the run's outputs are made
// from the cucumber JSON there, and each file the user named gets its copy when the run is
// over (opened then, so a link planted during the run is not followed). Close leaves nothing.
func TestPlanAddsTheCucumberItsOutputsComeFrom(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.json")
	junit := filepath.Join(dir, "j.xml")
	for _, tt := range []struct{ format, html string }{
		{"progress,junit:" + junit, ""},
		{"junit:" + junit, ""},
		{"pretty,cucumber:" + mine + ",markdown", ""},
		{"progress", filepath.Join(dir, "html")},
	} {
		p, err := report.NewPlan(tt.format, tt.html, false)
		require.NoError(t, err, tt.format)
		assert.NotContains(t, p.Godog, "junit", "conform writes JUnit itself")
		assert.NotContains(t, p.Godog, "markdown")
		assert.Equal(t, 1, strings.Count(p.Godog, "cucumber:"), p.Godog)
		own := godogFile(t, p, "cucumber")
		assert.NotEqual(t, mine, own, "godog writes the plan's file, not the user's")
		require.NoError(t, os.WriteFile(own, brokenCucumber(t), 0o644))
		require.NoError(t, p.Write(io.Discard, io.Discard, report.Meta{}))
		if strings.Contains(tt.format, mine) {
			got, err := os.ReadFile(mine)
			require.NoError(t, err)
			assert.Equal(t, brokenCucumber(t), got, "the user's cucumber file is the run's")
		}
		if tt.html != "" {
			assert.FileExists(t, filepath.Join(tt.html, "cucumber.json"))
		}
		require.NoError(t, p.Close())
		assert.NoFileExists(t, own, "the plan's own files stay behind")
	}
}

// A link planted after the plan was checked is not written through, and a write that fails
// (a full device) is an error.
func TestPlanChecksPathsWhenItWrites(t *testing.T) {
	dir := t.TempDir()
	out, target := filepath.Join(dir, "c.json"), filepath.Join(dir, "target")
	p, err := report.NewPlan("cucumber:"+out, "", false)
	require.NoError(t, err)
	defer p.Close()
	require.NoError(t, os.WriteFile(godogFile(t, p, "cucumber"), brokenCucumber(t), 0o644))
	require.NoError(t, os.Symlink(target, out)) // planted during the run
	err = p.Write(io.Discard, io.Discard, report.Meta{})
	assert.ErrorIs(t, err, safefile.ErrLink)
	assert.NoFileExists(t, target)
	if _, err := os.Stat("/dev/full"); err == nil {
		full, err := report.NewPlan("cucumber:/dev/full", "", true)
		require.NoError(t, err)
		defer full.Close()
		require.NoError(t, os.WriteFile(godogFile(t, full, "cucumber"), brokenCucumber(t), 0o644))
		assert.ErrorContains(t, full.Write(io.Discard, io.Discard, report.Meta{}), "/dev/full")
	}
}

func TestPlanRefusesWhatCannotBeWritten(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.xml")
	require.NoError(t, os.Symlink(filepath.Join(dir, "target.xml"), link))
	htmlLink := filepath.Join(dir, "html-link")
	require.NoError(t, os.Symlink(dir, htmlLink))
	tests := []struct {
		format, html string
		want         string
	}{
		{"junit:" + link, "", "--format: " + link + " is a symbolic link"},
		{"cucumber:" + link, "", "--format: " + link + " is a symbolic link"},
		{"progress", htmlLink, "--report: " + htmlLink + " is a symbolic link"},
		{"junit:", "", `--format: "junit:" names no file`},
		{"junit:" + filepath.Join(dir, "missing", "j.xml"), "", "directory " + filepath.Join(dir, "missing") + " does not exist"},
	}
	for _, tt := range tests {
		_, err := report.NewPlan(tt.format, tt.html, false)
		assert.ErrorContains(t, err, tt.want, tt.format)
	}
	_, err := report.NewPlan("junit:"+link, "", false)
	assert.ErrorIs(t, err, safefile.ErrLink)
	p, err := report.NewPlan("junit:"+link, "", true)
	require.NoError(t, err, "--report-follow-symlinks")
	require.NoError(t, p.Close())
}

// A plan writes every output it planned from the run's cucumber JSON, JUnit to its file and
// Markdown to stdout, and the HTML report into its directory.
func TestPlanWritesEveryOutput(t *testing.T) {
	dir := t.TempDir()
	junit, html := filepath.Join(dir, "j.xml"), filepath.Join(dir, "html")
	p, err := report.NewPlan("progress,junit:"+junit+",markdown", html, false)
	require.NoError(t, err)
	defer p.Close()
	require.NoError(t, os.WriteFile(godogFile(t, p, "cucumber"), brokenCucumber(t), 0o644))
	var stdout, log bytes.Buffer
	require.NoError(t, p.Write(&stdout, &log, report.Meta{Implementation: "mutant", Store: "memory", Lane: "fast"}))
	raw, err := os.ReadFile(junit)
	require.NoError(t, err)
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	require.NoError(t, xml.Unmarshal(raw, &suites))
	assert.Equal(t, 3, suites.Failures)
	assert.Equal(t, 16, suites.Tests)
	assert.Contains(t, stdout.String(), "## conform: does not conform")
	assert.Contains(t, stdout.String(), "12 passed, 3 failed, 1 skipped")
	page, err := os.ReadFile(filepath.Join(html, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "mutant")
	assert.Equal(t, "conform: report written to "+filepath.Join(html, "report.html")+"\n", log.String())
}
