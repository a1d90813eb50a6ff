package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/conform-dev/conform/suite"
	"github.com/conform-dev/conform/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium finds the headless browser; without one the browser tests skip, saying why, unless
// CONFORM_REQUIRE_BROWSER is set (as CI sets it, after installing Debian's chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CONFORM_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH and CONFORM_REQUIRE_BROWSER is set (apt-get install chromium)")
	}
	t.Skip("browser tests skipped: no chromium on PATH (apt-get install chromium)")
	return ""
}

func browse(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir()}
	out, err := exec.CommandContext(ctx, bin, append(base, args...)...).Output()
	require.NoError(t, err)
	return string(out)
}

// writeReport runs the suite against im and writes its HTML report into dir.
func writeReport(t *testing.T, im subject.Implementation, dir string) string {
	t.Helper()
	cuke := filepath.Join(dir, "cucumber.json")
	suite.Execute(context.Background(), suite.Options{Impl: im, Format: "cucumber:" + cuke, Concurrency: 2})
	data, err := os.ReadFile(cuke)
	require.NoError(t, err)
	run, err := report.ParseCucumber(data)
	require.NoError(t, err)
	vs, err := vectors.Load(vectors.Embedded())
	require.NoError(t, err)
	path := filepath.Join(dir, "report.html")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, report.WriteHTML(f, report.Document{Title: "conform", Implementation: im.Name(), Store: "memory",
		Generated: time.Now(), Run: run, Gallery: report.Gallery(vs)}))
	require.NoError(t, f.Close())
	return path
}

var card = regexp.MustCompile(`class="card" data-vector="([^"]+)" data-capability="([^"]+)"`)

// TestReportInTheBrowser opens the report of the full suite in headless Chromium: the gallery
// shows no progress bar for phased and composite hints and one for every counted hint, the
// report is under 2 MB, and a screenshot is kept (its render time is in docs/benchmarks.md).
func TestReportInTheBrowser(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	dir := t.TempDir()
	path := writeReport(t, subject.Reference{}, dir)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Less(t, st.Size(), int64(2<<20), "the report must stay under 2 MB")

	shotDir := os.Getenv("CONFORM_ARTIFACTS")
	if shotDir == "" {
		shotDir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shotDir, 0o755))
	shot := filepath.Join(shotDir, "report.png")
	// One launch reads the DOM and takes the screenshot: a Chromium start is most of the cost.
	dom := browse(t, bin, "--window-size=1280,2400", "--screenshot="+shot, "--dump-dom", "file://"+path)
	cards := card.FindAllStringSubmatchIndex(dom, -1)
	require.NotEmpty(t, cards, "the gallery is empty")
	seen := map[string]int{}
	for i, m := range cards {
		end := len(dom)
		if i+1 < len(cards) {
			end = cards[i+1][0]
		}
		body := dom[m[1]:end]
		capability, id := dom[m[4]:m[5]], dom[m[2]:m[3]]
		bars := strings.Count(body, "<progress")
		switch capability {
		case "phased", "composite", "activity", "none":
			assert.Zero(t, bars, "%s (%s) shows a progress bar", id, capability)
		case "counted":
			assert.Equal(t, 1, bars, "%s (counted) shows %d progress bars", id, bars)
		}
		seen[capability]++
	}
	for _, c := range []string{"phased", "composite", "counted", "activity", "none"} {
		assert.Positive(t, seen[c], "the gallery shows no %s hint", c)
	}
	t.Logf("report: %d bytes, %d gallery hints", st.Size(), len(cards))

	img, err := os.Stat(shot)
	require.NoError(t, err)
	assert.Greater(t, img.Size(), int64(10_000), "the screenshot is empty")
}

// TestBrokenRunShowsTheFailureFirst: the first scenario in a broken run's report is a failed
// one. The report runs no script, so its document is its source: no browser is needed here.
func TestBrokenRunShowsTheFailureFirst(t *testing.T) {
	t.Parallel()
	path := writeReport(t, mutants.All()["percent-on-composite"], t.TempDir())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	dom := string(raw)
	first := regexp.MustCompile(`data-status="([a-z]+)"`).FindStringSubmatch(dom)
	require.NotNil(t, first)
	assert.Equal(t, "failed", first[1])
	assert.Contains(t, dom, `<strong class="verdict-bad">does not conform</strong>`)
	assert.Contains(t, dom, `Expected <span class="expected">absent`)
	assert.Contains(t, dom, `<section id="findings">`, "the findings lead the report")
}

// scripted answers fragments that try to run a script, in the report's own document and in
// the shell hint's frame.
type scripted struct{ subject.Reference }

func (scripted) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	p, err := subject.Reference{}.Present(ctx, run, actor)
	if p.ShellHTML != "" {
		p.ShellHTML += `<script>parent.document.documentElement.setAttribute('data-pwned','1')</script><img src=x onerror="document.documentElement.setAttribute('data-pwned','2')">%`
	}
	return p, err
}

// TestNoScriptRunsInTheReport: the report carries a policy that forbids scripts, and an
// implementation's hostile fragment runs nothing, in the page or in its frame.
func TestNoScriptRunsInTheReport(t *testing.T) {
	t.Parallel()
	bin := chromium(t)
	path := writeReport(t, scripted{}, t.TempDir())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `http-equiv="Content-Security-Policy"`)
	assert.Contains(t, string(raw), "script-src &#39;none&#39;")
	assert.NotRegexp(t, `(?i)<script`, strings.SplitN(string(raw), "<body", 2)[0], "the report has no script of its own")
	dom := browse(t, bin, "--dump-dom", "file://"+path)
	assert.NotRegexp(t, `<html[^>]*data-pwned`, dom, "a script ran")
	assert.Contains(t, dom, "does not conform", "the hostile fragment fails its checks and the report shows it")
}
