package report_test

import (
	"bytes"
	"encoding/xml"
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
	for _, format := range []string{"progress", "pretty,events", "cucumber:" + filepath.Join(t.TempDir(), "c.json")} {
		p, err := report.NewPlan(format, "", false)
		require.NoError(t, err, format)
		assert.Equal(t, format, p.Godog)
		var out bytes.Buffer
		require.NoError(t, p.Write(&out, &out, nil, report.Meta{}), "nothing to write")
		assert.Empty(t, out.String())
		require.NoError(t, p.Close())
	}
}

// The outputs conform writes come from a cucumber JSON godog writes: the user's own when
// given, DIR/cucumber.json with --report, else a temporary one Close removes.
func TestPlanAddsTheCucumberItsOutputsComeFrom(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.json")
	junit := filepath.Join(dir, "j.xml")
	tests := []struct {
		format, html string
		want         string // the cucumber part of Godog; "" = a temporary file
	}{
		{"progress,junit:" + junit, "", ""},
		{"junit:" + junit, "", ""},
		{"pretty,cucumber:" + mine + ",markdown", "", "cucumber:" + mine},
		{"progress", filepath.Join(dir, "html"), "cucumber:" + filepath.Join(dir, "html", "cucumber.json")},
	}
	for _, tt := range tests {
		p, err := report.NewPlan(tt.format, tt.html, false)
		require.NoError(t, err, tt.format)
		assert.NotContains(t, p.Godog, "junit", "conform writes JUnit itself")
		assert.NotContains(t, p.Godog, "markdown")
		assert.Equal(t, 1, strings.Count(p.Godog, "cucumber:"), p.Godog)
		if tt.want != "" {
			assert.Contains(t, p.Godog, tt.want)
			require.NoError(t, p.Close())
			continue
		}
		tmp := p.Godog[strings.Index(p.Godog, "cucumber:")+len("cucumber:"):]
		assert.FileExists(t, tmp)
		require.NoError(t, p.Close())
		assert.NoFileExists(t, tmp, "the temporary cucumber JSON stays behind")
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
	require.NoError(t, os.WriteFile(filepath.Join(html, "cucumber.json"), brokenCucumber(t), 0o644))
	var stdout, log bytes.Buffer
	require.NoError(t, p.Write(&stdout, &log, knownGap, report.Meta{Implementation: "mutant", Store: "memory", Lane: "fast"}))
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
