package report_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/conform-dev/conform/suite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var broken struct {
	once sync.Once
	data []byte
	err  error
}

// brokenCucumber is the cucumber JSON of the @US2 scenarios run against a mutant (the counted
// rung above phased), made once for every test that reads it.
func brokenCucumber(t *testing.T) []byte {
	t.Helper()
	broken.once.Do(func() {
		dir, err := os.MkdirTemp("", "conform-report-test-")
		if err != nil {
			broken.err = err
			return
		}
		defer os.RemoveAll(dir)
		cuke := filepath.Join(dir, "c.json")
		suite.Execute(context.Background(), suite.Options{Impl: mutants.All()["counted-over-phased"], Format: "cucumber:" + cuke, Tags: "@US2", Gaps: knownGap})
		broken.data, broken.err = os.ReadFile(cuke)
	})
	require.NoError(t, broken.err)
	return broken.data
}

var knownGap = []gaps.Gap{{Check: "Compare execution moving through coverage*", Reason: "known gap", Kind: gaps.Known, Source: "--skip"}}

func brokenRun(t *testing.T) report.SuiteRun {
	t.Helper()
	run, err := report.ParseCucumber(brokenCucumber(t))
	require.NoError(t, err)
	return run
}

func TestParseCucumberReadsFailuresAndObservations(t *testing.T) {
	run := brokenRun(t)
	passed, failed, skipped := run.Counts()
	assert.Positive(t, passed)
	assert.Positive(t, failed)
	assert.Equal(t, 1, skipped, "the known gap is a skip")
	f := run.Failures()[0]
	assert.Contains(t, f.Error, `want "phased"`)
	assert.Equal(t, `"phased"`, f.Expected())
	assert.Contains(t, f.Actual(), `"counted"`)
	require.NotEmpty(t, f.Problems, "the failure's problems travel in the cucumber JSON")
	assert.Equal(t, "resolution.capability", f.Problems[0].Rule)
	fs := run.Findings()
	require.NotEmpty(t, fs)
	assert.Equal(t, "resolution.capability", fs[0].Rule)
	assert.Contains(t, f.Resolution, `"capability":"counted"`)
	assert.Contains(t, f.ShellHTML, "<progress")
	assert.Contains(t, f.Run, `"type":"baseline_compare"`)
	assert.Contains(t, f.Requirements(), "US2")
	assert.Equal(t, "confidence", f.Lane())
	_, err := report.ParseCucumber([]byte("{"))
	assert.ErrorContains(t, err, "not a cucumber JSON report")
}

func TestJUnitReportsSkipsAsSkipsAndRequirementsAsProperties(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteJUnit(&b, brokenRun(t)))
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Cases []struct {
				Name  string `xml:"name,attr"`
				Props []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"properties>property"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b.Bytes(), &doc))
	assert.Positive(t, doc.Failures)
	assert.Equal(t, 1, doc.Skipped)
	assert.Zero(t, doc.Errors, "skipped steps after a failure are not errors")
	var skippedCase, props bool
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Skipped != nil {
				skippedCase = true
				assert.Equal(t, "known gap", c.Skipped.Message)
				assert.Nil(t, c.Failure)
			}
			for _, p := range c.Props {
				props = props || (p.Name == "requirement" && p.Value == "FR-007")
			}
		}
	}
	assert.True(t, skippedCase)
	assert.True(t, props, "requirement tags are properties")

	// The counts are the run's, and a name is numbered only where an outline repeats it.
	run := brokenRun(t)
	passed, failed, skipped := run.Counts()
	assert.Equal(t, passed+failed+skipped, doc.Tests)
	assert.Equal(t, failed, doc.Failures)
	cases, names := 0, map[string]int{}
	for _, f := range run.Features {
		for _, sc := range f.Scenarios {
			names[f.URI+"\x00"+sc.Name]++
		}
	}
	for i, s := range doc.Suites {
		seen := map[string]bool{}
		for _, c := range s.Cases {
			cases++
			assert.False(t, seen[c.Name], "two test cases named %q", c.Name)
			seen[c.Name] = true
			base := c.Name
			if j := strings.LastIndex(c.Name, " #"); j >= 0 {
				base = c.Name[:j]
			}
			n := names[run.Features[i].URI+"\x00"+base]
			assert.Equal(t, n > 1, base != c.Name, "%q: numbered only when its name repeats (%d)", c.Name, n)
		}
	}
	assert.Equal(t, doc.Tests, cases)
}

func TestMarkdownSummary(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteMarkdown(&b, brokenRun(t), nil))
	out := b.String()
	assert.Contains(t, out, "## conform: does not conform")
	assert.Contains(t, out, "| Scenario | Requirements | Failed step |")
	assert.Contains(t, out, "FR-007")
	assert.Contains(t, out, "### Known gaps")
	assert.Equal(t, 0, strings.Count(out, "\n\n\n"))
}

func TestHTMLNeverTrustsTheImplementationsFragment(t *testing.T) {
	run := report.SuiteRun{Features: []report.Feature{{URI: "x.feature", Name: "x", Scenarios: []report.Scenario{{Name: "s", Status: report.Failed,
		Error: "boom", ShellHTML: `<script>alert(1)</script><img src=x onerror=alert(2)>`}}}}}
	var b bytes.Buffer
	require.NoError(t, report.WriteHTML(&b, report.Document{Title: "t", Run: run}))
	out := b.String()
	assert.NotContains(t, out, "<script>alert(1)")
	assert.Contains(t, out, `<iframe sandbox`)
	assert.NotContains(t, out, `src="http`, "no external assets")
	assert.NotContains(t, out, `href="http`, "no external assets")
}

func TestSplitFormat(t *testing.T) {
	g, o := report.SplitFormat("progress,junit:a.xml,markdown:b.md,cucumber:c.json,junit")
	assert.Equal(t, "progress,cucumber:c.json", g)
	assert.Equal(t, []string{"a.xml", ""}, o.JUnit)
	assert.Equal(t, []string{"b.md"}, o.Markdown)
}

func TestMarkdownFencesHoldAnyMessage(t *testing.T) {
	run := report.SuiteRun{Features: []report.Feature{{URI: "x.feature", Name: "x", Scenarios: []report.Scenario{{Name: "s", URI: "x.feature", Line: 3,
		Status: report.Failed, FailedStep: "Then it", Error: "got:\n```\n# injected heading\n```\nwant: nothing"}}}}}
	var b strings.Builder
	require.NoError(t, report.WriteMarkdown(&b, run, nil))
	assert.Contains(t, b.String(), "````\ngot:", "the fence is longer than any run of backticks in the message")
	assert.Contains(t, b.String(), "want: nothing\n````\n")
}
