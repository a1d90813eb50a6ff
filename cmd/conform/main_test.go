package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/conform-dev/conform/internal/python"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// conform runs one command line as a user types it and returns exit code, stdout, stderr.
func conform(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(env{ctx: context.Background(), stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestResolve(t *testing.T) {
	t.Parallel()
	in := `{"id":1,"tenant_id":2,"type":"baseline_capture","status":"running","context":{"progress":{"phase":{"key":"fetching"}}}}
{"id":2,"type":"tenant.review_pack.generate","status":"running","summary_counts":{"total":12,"processed":3}}
`
	code, out, _ := conform(t, in, "resolve")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	var first, second map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &second))
	assert.Equal(t, "Capturing evidence", first["label"])
	assert.Equal(t, float64(25), second["percent"])

	code, out, _ = conform(t, in, "resolve", "--shell", "-")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"shell_html":"<section`)

	code, out, stderr := conform(t, "{\"id\":1}\n{\"id\":\"x\"}\n{\"id\":3}\n", "resolve")
	assert.Equal(t, 2, code)
	assert.Equal(t, 2, strings.Count(out, "\n"), "the valid runs are still resolved")
	assert.Equal(t, "conform: stdin:2: field \"id\": want an integer, got string\n", stderr)
}

func TestRunPassesAndWritesReports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junit, cucumber := filepath.Join(dir, "out.xml"), filepath.Join(dir, "out.json")
	code, out, stderr := conform(t, "", "run", "--format", "progress,junit:"+junit+",cucumber:"+cucumber, "--random=7")
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `\n\d+ passed, 0 failed\n$`, out)
	assert.Contains(t, stderr, "seed 7 (replay with --random=7)")
	assert.NotContains(t, out, "\x1b[", "no colors when stdout is not a terminal")

	raw, err := os.ReadFile(junit)
	require.NoError(t, err)
	var suites struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(raw, &suites))
	assert.Greater(t, suites.Tests, 100)

	raw, err = os.ReadFile(cucumber)
	require.NoError(t, err)
	var features []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Name  string `json:"name"`
			Steps []struct {
				Result struct {
					Status string `json:"status"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(raw, &features))
	assert.Equal(t, 11, len(features), "one cucumber feature per feature file")
}

func TestMachineFormatsOnStdoutStayParseable(t *testing.T) {
	t.Parallel()
	code, out, stderr := conform(t, "", "run", "--lane", "fast", "--format", "junit")
	require.Equal(t, 0, code)
	var doc struct {
		Tests int `xml:"tests,attr"`
	}
	require.NoError(t, xml.Unmarshal([]byte(out), &doc), "stdout is exactly the JUnit document")
	assert.Positive(t, doc.Tests)
	assert.Regexp(t, `\d+ passed, 0 failed\n$`, stderr)
}

func TestRunLaneAndTags(t *testing.T) {
	t.Parallel()
	code, out, _ := conform(t, "", "run", "--lane", "fast", "--tags", "@US4")
	require.Equal(t, 0, code)
	assert.Regexp(t, `\n1[0-9] passed, 0 failed\n$`, out)
}

func TestRunFailsOnUndefinedStepAndFailingScenario(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.feature"), []byte(`Feature: x
  Scenario: undefined
    Given a step nobody defined

  Scenario: wrong
    Given a tenant "Contoso" with an operator "o" who may view its operations
    And a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    Then the progress capability is "counted"
`), 0o644))
	code, out, _ := conform(t, "", "run", "--features", dir, "--format", "pretty")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `capability: got "phased" (label "Capturing evidence"), want "counted"`)
	assert.Regexp(t, `\n0 passed, 2 failed\n$`, out)
}

func TestVectorsExport(t *testing.T) {
	t.Parallel()
	code, out, _ := conform(t, "", "vectors")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.GreaterOrEqual(t, len(lines), 100)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &v))
	assert.Equal(t, "access/anonymous", v["id"])
	assert.Equal(t, "access", v["kind"])
	assert.EqualValues(t, 404, v["access"])
	kinds := map[string]int{}
	for _, l := range lines {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &v))
		kinds[v["kind"].(string)]++
	}
	assert.Greater(t, kinds["run"], 100)
	assert.Greater(t, kinds["shell"], 25)
	assert.Greater(t, kinds["access"], 8)
	dir := t.TempDir()
	code, _, _ = conform(t, "", "vectors", "--out", dir)
	require.Equal(t, 0, code)
	_, err := os.Stat(filepath.Join(dir, "phased", "capture-fetching.json"))
	assert.NoError(t, err)
}

func TestServeReferenceSpeaksTheProtocol(t *testing.T) {
	t.Parallel()
	in := `{"cmd":"start","version":3}
{"cmd":"resolve","seq":1,"run":{"id":5,"tenant_id":7,"type":"tenant.review_pack.generate","status":"running","outcome":"pending","summary_counts":{"total":4,"processed":1},"context":[]}}
{"cmd":"present","seq":2,"run":{"id":5,"tenant_id":7,"type":"baseline_capture","status":"running","outcome":"pending","summary_counts":[],"context":[]},"actor":{"user_id":1,"memberships":[]}}
{"cmd":"stop"}
`
	code, out, _ := conform(t, in, "serve-reference")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], `"implementation":{"name":"conform reference"`)
	assert.Contains(t, lines[1], `"seq":1,"resolution":{`)
	assert.Contains(t, lines[1], `"percent":25`)
	assert.Equal(t, `{"seq":2,"status":404,"shell_html":""}`, lines[2])
}

func TestRunWritesOwnReports(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, _, stderr := conform(t, "", "run", "--lane", "fast", "--report", dir, "--format",
		"progress,junit:"+filepath.Join(dir, "j.xml")+",markdown:"+filepath.Join(dir, "s.md"))
	require.Equal(t, 0, code, stderr)
	for _, f := range []string{"report.html", "cucumber.json", "j.xml", "s.md"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "s.md"))
	assert.Contains(t, string(md), "## conform: conforms")
	code, _, _ = conform(t, "", "report", "--from", filepath.Join(dir, "cucumber.json"), "--out", filepath.Join(dir, "again"))
	assert.Equal(t, 0, code)
}

func TestMatrixAndDocs(t *testing.T) {
	t.Parallel()
	code, out, _ := conform(t, "", "matrix", "--format", "json")
	require.Equal(t, 0, code)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	code, _, stderr := conform(t, "", "docs", "--check", "--file", "../../docs/standards.md")
	assert.Equal(t, 0, code, stderr)
}

// TestNothingLeftBehind: the cucumber JSON conform writes for its own outputs is removed,
// on success and on every early error.
func TestNothingLeftBehind(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	conform(t, "", "run", "--lane", "fast", "--format", "junit:"+filepath.Join(t.TempDir(), "j.xml"))
	conform(t, "", "run", "--format", "junit:/nonexistent/dir/j.xml,markdown")
	conform(t, "", "run", "--format", "markdown", "--dsn", "postgres://%zz")
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestReportPathsAreCheckedBeforeTheRun: an unwritable --report fails at once, in one line,
// before any scenario runs; a symbolic link is refused unless --report-follow-symlinks.
func TestReportPathsAreCheckedBeforeTheRun(t *testing.T) {
	t.Parallel()
	code, out, errs := conform(t, "", "run", "--report", "/proc/1")
	assert.Equal(t, 2, code)
	assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
	assert.Contains(t, errs, "--report: cannot write into /proc/1")
	assert.Empty(t, out, "no scenario ran")

	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	require.NoError(t, os.Mkdir(target, 0o755))
	link := filepath.Join(dir, "report")
	require.NoError(t, os.Symlink(target, link))
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--report", link)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "is a symbolic link")
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--report", link, "--report-follow-symlinks")
	assert.Equal(t, 0, code, errs)
	_, err := os.Stat(filepath.Join(target, "report.html"))
	assert.NoError(t, err)

	planted := t.TempDir()
	require.NoError(t, os.Symlink(filepath.Join(dir, "victim"), filepath.Join(planted, "report.html")))
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--report", planted)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "report.html is a symbolic link")
	_, err = os.Stat(filepath.Join(dir, "victim"))
	assert.True(t, os.IsNotExist(err), "nothing was written through the planted link")

	junit := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.Symlink(filepath.Join(dir, "victim2"), junit))
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--format", "progress,junit:"+junit)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "is a symbolic link")
}

// TestAnApplicationRegistryChangesWhatConformSays: an extra counted family, an extra activity
// family and a renamed operation label change resolve, the shell and the written standard.
func TestAnApplicationRegistryChangesWhatConformSays(t *testing.T) {
	t.Parallel()
	runs := `{"id":1,"tenant_id":7,"type":"policy.sync","status":"running","summary_counts":{"processed":2,"total":4},"context":{}}
{"id":2,"tenant_id":7,"type":"restore.execute","status":"running","summary_counts":{"processed":2,"total":4},"context":{}}
{"id":3,"tenant_id":7,"type":"tenant.review_pack.generate","status":"running","summary_counts":{"processed":1,"total":4},"context":{}}
{"id":4,"tenant_id":7,"type":"baseline_capture","status":"running","context":{"progress":{"phase":{"key":"fetching"}}}}
`
	code, out, errs := conform(t, runs, "resolve", "--shell", "--registry", "testdata/app-registry.yaml")
	require.Equal(t, 0, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4)
	assert.Contains(t, lines[0], `"capability":"counted"`)
	assert.Contains(t, lines[0], `"percent":50`)
	assert.Contains(t, lines[0], "Policy sync")
	assert.Contains(t, lines[1], `"capability":"activity"`, "an activity family stays activity with counts")
	assert.Contains(t, lines[1], "Restore")
	assert.Contains(t, lines[2], "Review pack export")
	assert.Contains(t, lines[3], `"capability":"activity"`, "baseline_capture is not in this registry: an unknown family now")
	assert.Contains(t, lines[3], ">Operation<")

	// The built-in registry says otherwise about the same runs.
	_, out, _ = conform(t, runs, "resolve", "--shell")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	assert.Contains(t, lines[0], `"capability":"counted"`, "an unknown family is counted by its gate")
	assert.Contains(t, lines[0], ">Operation<")
	assert.Contains(t, lines[1], `"capability":"counted"`)
	assert.Contains(t, lines[2], "Review pack generation")
	assert.Contains(t, lines[3], `"capability":"phased"`)

	code, out, errs = conform(t, "", "docs", "--registry", "testdata/app-registry.yaml")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "| `policy.sync` | Policy sync | `counted` | counted rollout |")
	assert.Contains(t, out, "| `restore.execute` | Restore | `activity` | activity |")
	assert.Contains(t, out, "Review pack export")
	assert.NotContains(t, out, "| `baseline_capture` |")
}

func TestABadRegistryIsOneLineAndExit2(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("version: 1\nfamilies:\n  - type: a.b\n    label: a_b\n    claim: counted\n    scope: counted rollout\n    why: W.\n"), 0o644))
	for _, cmd := range [][]string{{"resolve"}, {"run"}, {"docs"}, {"vectors"}, {"serve-reference"}} {
		code, _, errs := conform(t, "{}", append(cmd, "--registry", bad)...)
		assert.Equal(t, 2, code, cmd)
		assert.Equal(t, 1, strings.Count(errs, "\n"), "%v: %q", cmd, errs)
		assert.Contains(t, errs, bad+`:4: family "a.b": label: copy "a_b" contains a raw key`, cmd)
	}
}

// TestTheTenantPilotRegistry: the example registry of a real admin application loads, has at
// least twelve families, and its standard lists every one of them.
func TestTheTenantPilotRegistry(t *testing.T) {
	t.Parallel()
	code, out, errs := conform(t, "", "docs", "--registry", "../../examples/registry/tenantpilot.yaml")
	require.Equal(t, 0, code, errs)
	families := regexp.MustCompile("(?m)^\\| `([a-z_.]+)` \\| [A-Z][^|]* \\| `(phased|composite|counted|activity)` \\|").FindAllStringSubmatch(out, -1)
	assert.GreaterOrEqual(t, len(families), 12)
	for _, want := range []string{"policy.sync", "inventory.refresh", "restore.execute", "tenant.onboarding", "baseline_capture"} {
		assert.Contains(t, out, "| `"+want+"` |")
	}
	code, out, _ = conform(t, "", "vectors", "--registry", "../../examples/registry/tenantpilot.yaml")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"id":"registry/policy.sync/counted"`)
	assert.NotContains(t, out, `"id":"registry/baseline_capture/`, "families that mean what spec 272 says need no generated vectors")
}

// TestUS4ReadsTheApplicationsStandard: --standard (or standard: in conform.yaml) points the US4
// scenarios at the application's own standard, which passes when it says what spec 272 asks it
// to and fails, naming the fact, when it leaves something out; without one they read conform's
// and say so.
func TestUS4ReadsTheApplicationsStandard(t *testing.T) {
	t.Parallel()
	good := "../../examples/standards/tenantpilot-enterprise-ui-standards.md"
	code, out, errs := conform(t, "", "run", "--tags", "@US4", "--standard", good)
	require.Equal(t, 0, code, out+errs)
	assert.Contains(t, out+errs, "US4 read the application's standard "+good)

	raw, err := os.ReadFile(good)
	require.NoError(t, err)
	cut := strings.Index(string(raw), "## Not in this slice")
	require.Positive(t, cut)
	bad := filepath.Join(t.TempDir(), "standard.md")
	require.NoError(t, os.WriteFile(bad, raw[:cut], 0o644))
	code, out, errs = conform(t, "", "run", "--tags", "@US4", "--standard", bad)
	assert.Equal(t, 1, code)
	// one finding, its example the smallest of the three checks it failed
	assert.Contains(t, out+errs, "standard.md with no block that keeps poll out of this slice")
	assert.Contains(t, out+errs, "The standard keeps the workflow engine out of this slice")

	dir := t.TempDir()
	reg, err := os.ReadFile("../../registry/spec272.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "standard.md"), raw[:cut], 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "conform.yaml"), append([]byte("standard: standard.md\n"), reg...), 0o644))
	code, out, errs = conform(t, "", "run", "--tags", "@US4", "--registry", filepath.Join(dir, "conform.yaml"))
	assert.Equal(t, 1, code, "standard: in the registry file points US4 at the application's file")
	assert.Contains(t, out+errs, "standard.md with no block that keeps poll out of this slice")

	code, out, errs = conform(t, "", "run", "--tags", "@US4")
	require.Equal(t, 0, code)
	assert.Contains(t, out+errs, "US4 read conform's embedded standard")
}

// TestCLIConventions: version, help CMD, suggestions, flags written as the docs write them,
// contradictions as usage errors, docs --check anywhere, no Go locations in pretty output.
func TestCLIConventions(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, _ := conform(t, "", args...)
		assert.Equal(t, 0, code, args)
		assert.Regexp(t, `^conform \S+ \(.+\)\n$`, out, args)
	}
	code, out, _ := conform(t, "", "help", "run")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Usage: conform run")
	assert.Contains(t, out, "  --dsn string", "flags as the docs write them")
	assert.NotRegexp(t, `(?m)^  -[a-z]`, out, "no single-dash flags in help")

	for typo, want := range map[string]string{"rn": "run", "resolv": "resolve", "vectrs": "vectors", "serve": "serve-reference"} {
		code, _, errs := conform(t, "", typo)
		assert.Equal(t, 2, code)
		assert.Contains(t, errs, `did you mean "`+want+`"?`, typo)
	}
	_, _, errs := conform(t, "", "zzzzzz")
	assert.NotContains(t, errs, "did you mean")
	_, _, errs = conform(t, "", "run", "--frob")
	assert.Contains(t, errs, "unknown flag --frob")

	code, _, errs = conform(t, "", "run", "--lane", "confidence", "--store", "memory")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "contradicts")
	code, _, _ = conform(t, "", "docs", "--write", "--check")
	assert.Equal(t, 2, code)

	t.Chdir(t.TempDir())
	code, _, errs = conform(t, "", "docs", "--check")
	assert.Equal(t, 0, code, "docs --check works outside a checkout: %s", errs)

	code, out, _ = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--format", "pretty")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "# us1_baseline_capture.feature:")
	assert.NotContains(t, out, ".go:", "no Go source locations")
}

// TestAStaleSkipIsRedEverywhere: a declared gap that passes fails the run, and JUnit,
// Markdown and the HTML report say so too.
func TestAStaleSkipIsRedEverywhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	junit, md := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "summary.md")
	code, _, _ := conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1",
		"--skip", "The runtime eligibility recheck shows a preparation phase instead of pending copy", "--skip-reason", "known",
		"--report", dir, "--format", "progress,junit:"+junit+",markdown:"+md)
	assert.Equal(t, 1, code)
	x, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(x), `failures="1" skipped="0"`)
	m, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(m), "## conform: does not conform")
	assert.Contains(t, string(m), "is stale")
	h, err := os.ReadFile(filepath.Join(dir, "report.html"))
	require.NoError(t, err)
	assert.Contains(t, string(h), `<strong class="verdict-bad">does not conform`)
}

// TestGitHubAnnotationsPointAtTheFailure: --format github writes one ::error per failed
// scenario at its feature line, and one per failed vector at its file.
func TestGitHubAnnotationsPointAtTheFailure(t *testing.T) {
	t.Parallel()
	code, out, errs := conform(t, "", "run", "--sweep", "0", "--features", "testdata/failing", "--format", "github")
	assert.Equal(t, 1, code, errs)
	// One annotation per finding, with its rule, got and want (on the job: no file of an
	// application is known in process), and the failed scenario at its line of --features.
	assert.Regexp(t, `(?m)^::error title=conform%3A resolution\.capability::.*rule: Precedence.*%0Agot:  .*phased.*%0Awant: .*counted`, out)
	assert.Regexp(t, `(?m)^::error file=testdata/failing/broken\.feature,line=\d+,title=conform%3A .+::Then `, out)
	code, out, _ = conform(t, "", "run", "--sweep", "0", "--tags", "@US1-AS1", "--format", "github")
	assert.Equal(t, 0, code)
	assert.Empty(t, out, "nothing to annotate")
}

// TestVectorsStayInsideOut: a registry type is any string; its generated vectors are written
// inside --out whatever it holds.
func TestVectorsStayInsideOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	reg := filepath.Join(dir, "conform.yaml")
	require.NoError(t, os.WriteFile(reg, []byte("version: 1\nfamilies:\n  - type: ../../escape\n    label: Escape\n    claim: counted\n    scope: counted rollout\n    why: W.\n"), 0o644))
	out := filepath.Join(dir, "out")
	code, _, errs := conform(t, "", "vectors", "--registry", reg, "--out", out)
	require.Equal(t, 0, code, errs)
	_, err := os.Stat(filepath.Join(dir, "escape"))
	assert.True(t, os.IsNotExist(err), "nothing is written outside --out")
	matches, _ := filepath.Glob(filepath.Join(out, "registry", "*", "counted.json"))
	assert.Len(t, matches, 1)
}

// TestImplementationTextIsDataInEveryOutput: an implementation whose name, labels, fragments
// and errors carry CI workflow commands and terminal escapes cannot issue one through any
// surface conform prints: the console, the Markdown summary, the GitHub annotations, the JUnit
// file, the findings.
func TestImplementationTextIsDataInEveryOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md, junit := filepath.Join(dir, "s.md"), filepath.Join(dir, "j.xml")
	code, out, errs := conform(t, "", "run", "--impl", python.Interpreter()+" ../../testdata/adapters/hostile_text.py", "--sweep", "200",
		"--format", "progress,github,markdown:"+md+",junit:"+junit, "--render", "never")
	assert.Equal(t, 1, code, errs)
	all := map[string]string{"stdout": out, "stderr": errs}
	for name, path := range map[string]string{"markdown": md, "junit": junit} {
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		all[name] = string(raw)
	}
	for name, text := range all {
		assert.NotContains(t, text, "\x1b", "%s: a terminal escape got through", name)
		assert.NotContains(t, text, "\u202e", "%s: a direction override got through", name)
		for _, line := range strings.Split(text, "\n") {
			l := strings.TrimLeft(line, " \t")
			if strings.HasPrefix(l, "::") {
				// Only conform's own annotations; what the implementation said is their data,
				// on the same line (its newlines encoded), where the runner reads no command.
				assert.True(t, strings.HasPrefix(l, "::error title=conform%3A ") || strings.HasPrefix(l, "::error file="),
					"%s: a line the implementation wrote starts a workflow command: %q", name, line)
			}
		}
	}
	assert.Contains(t, out, `\x1b]52;c;`, "the escape is shown as text, not dropped")
}

// TestSavedRunsAreDataInEveryOutput: what a saved run holds came partly from an implementation
// (its name) or from files a pull request can change (check and requirement IDs, gap reasons);
// diff, compare and badge print it as data: no terminal escape, no workflow command, and in
// Markdown nothing outside a code span that loads, links or starts a tag.
func TestSavedRunsAreDataInEveryOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, saved := filepath.Join(dir, "base.json"), filepath.Join(dir, "saved.json")
	code, _, errs := conform(t, "", "run", "--sweep", "0", "--tags", "@US1", "--format", "cucumber:"+base)
	require.Equal(t, 0, code, errs)
	code, _, errs = conform(t, "", "record", "--from", base, "--out", saved)
	require.Equal(t, 0, code, errs)
	raw, err := os.ReadFile(saved)
	require.NoError(t, err)
	var rec map[string]any
	require.NoError(t, json.Unmarshal(raw, &rec))
	const hostile = "x\x1b]52;c;aGk=\x07 <img src=https://x.example/t.png> [link](https://x.example) | `tick`\n::error::forged \u202e"
	rec["implementation"] = map[string]any{"name": "impl" + hostile, "version": "1"}
	// The first check fails, under a hostile ID and requirement; the record stays consistent.
	checks := rec["checks"].([]any)
	first := checks[0].(map[string]any)
	require.Equal(t, "passed", first["verdict"])
	first["id"], first["verdict"], first["requirements"] = "check"+hostile, "failed", []any{"FR-001" + hostile}
	counts := rec["counts"].(map[string]any)
	counts["passed"], counts["failed"] = counts["passed"].(float64)-1, 1
	rec["verdict"] = "does not conform"
	requirements := map[string]any{"FR-001" + hostile: "failed"}
	for _, c := range checks {
		for _, req := range c.(map[string]any)["requirements"].([]any) {
			if _, seen := requirements[req.(string)]; !seen {
				requirements[req.(string)] = "passed"
			}
		}
	}
	rec["requirements"] = requirements
	evil := filepath.Join(dir, "evil.json")
	raw, err = json.Marshal(rec)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(evil, raw, 0o644))

	outputs := map[string]string{}
	for name, args := range map[string][]string{
		"diff text":        {"diff", saved, evil},
		"diff markdown":    {"diff", saved, evil, "--format", "markdown"},
		"compare markdown": {"compare", saved, evil},
		"compare html":     {"compare", saved, evil, "--format", "html"},
		"badge":            {"badge", "--from", evil},
	} {
		code, out, errs := conform(t, "", args...)
		require.Contains(t, []int{0, 1}, code, "%s: %s", name, errs)
		outputs[name] = out + errs
	}
	codeSpan := regexp.MustCompile("`[^`\n]*`")
	for name, text := range outputs {
		assert.NotContains(t, text, "\x1b", "%s: a terminal escape got through", name)
		assert.NotContains(t, text, "\u202e", "%s: a direction override got through", name)
		for _, line := range strings.Split(text, "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimLeft(line, " \t"), "::"), "%s: a line starts a workflow command: %q", name, line)
		}
		if strings.HasSuffix(name, "markdown") {
			plain := codeSpan.ReplaceAllString(text, "")
			assert.NotContains(t, plain, "<img", "%s: a tag outside a code span", name)
			assert.NotRegexp(t, `(^|[^\\])\[link\]\(`, plain, "%s: a link outside a code span", name)
		}
		if strings.HasSuffix(name, "html") {
			assert.NotContains(t, text, "<img src=https://x.example", "%s: a tag got through", name)
		}
	}
	assert.Contains(t, outputs["diff text"], `\x1b]52;c;`, "the escape is shown as text, not dropped")
}
