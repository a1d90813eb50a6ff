package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/conform-dev/conform/internal/python"
	"github.com/conform-dev/conform/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adopting runs the features of testdata/adopting (two of its four checks fail against the
// reference) with the given flags, in dir.
func adopting(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return conform(t, "", append([]string{"run", "--features", "testdata/adopting", "--sweep", "0", "--concurrency", "1"}, args...)...)
}

func readRecord(t *testing.T, path string) record.Record {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	r, err := record.Parse(path, data)
	require.NoError(t, err)
	return r
}

// TestAdoptionWithoutASkip: a team adopts conform on an implementation with failures without
// one --skip flag: gaps write lists the failures with their reasons, the next run passes with
// them as known gaps, and a gap whose check passes, or whose date has passed, fails the run.
func TestAdoptionWithoutASkip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, gapsFile := filepath.Join(dir, "base.json"), filepath.Join(dir, "conform.gaps.yaml")
	code, _, errs := adopting(t, "--format", "progress,record:"+base)
	require.Equal(t, 1, code, errs)

	code, _, errs = conform(t, "", "gaps", "write", "--from", base, "--out", gapsFile, "--ticket", "TP-7")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "wrote 2 gaps")
	written, err := os.ReadFile(gapsFile)
	require.NoError(t, err)
	assert.Contains(t, string(written), `check: "adopting.feature: a phased run read as counted"`)
	assert.Contains(t, string(written), `check: "adopting.feature: a capture run read as the standard says \\[{}, counted\\]"`, "glob characters escaped")
	assert.Contains(t, string(written), `reason: "breaks resolution.capability"`)
	assert.Contains(t, string(written), `ticket: "TP-7"`)

	head, md := filepath.Join(dir, "head.json"), filepath.Join(dir, "summary.md")
	code, _, errs = adopting(t, "--gaps", gapsFile, "--format", "progress,record:"+head+",markdown:"+md)
	assert.Equal(t, 0, code, "the known gaps fail as they say: %s", errs)
	r := readRecord(t, head)
	assert.Equal(t, record.Counts{Passed: 2, Known: 2}, r.Counts)
	assert.Equal(t, record.Conforms, r.Verdict)
	summary, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(summary), "### Known gaps")
	assert.Contains(t, string(summary), "| TP-7 |")

	// The gaps file written again from the run with the gaps keeps them.
	code, _, errs = conform(t, "", "gaps", "write", "--from", head, "--out", gapsFile)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, errs, "2 kept, 0 added, 0 dropped")

	// A gap whose checks pass is stale; one past its date has expired: each fails the run.
	for name, extra := range map[string]string{
		"stale":   "  - check: \"adopting.feature: a phased run read as phased\"\n    reason: fixed long ago\n",
		"expired": "  - check: \"FR-011\"\n    reason: was to be fixed\n    expires: 2020-01-31\n",
	} {
		f := filepath.Join(dir, name+".yaml")
		require.NoError(t, os.WriteFile(f, append(written, extra...), 0o644))
		code, out, errs := adopting(t, "--gaps", f)
		assert.Equal(t, 1, code, "%s: %s", name, errs)
		assert.Contains(t, out+errs, name, "the %s gap is named", name)
	}

	// A bad gaps file is one line naming its line.
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("gaps:\n  - check: x\n"), 0o644))
	code, _, errs = adopting(t, "--gaps", bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "bad.yaml:2: the gap for \"x\" needs a reason")
}

// TestWhatAPullRequestChanged: --against a saved run tells new failures, fixes and what each
// requirement became, and gates on new failures only; diff says the same of two saved runs;
// --only-failed reruns what failed.
func TestWhatAPullRequestChanged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	main := filepath.Join(dir, "main.json")
	gapsFile := filepath.Join(dir, "conform.gaps.yaml")
	require.NoError(t, os.WriteFile(gapsFile, []byte("gaps:\n  - check: \"adopting.feature: a phased run read as counted\"\n    reason: r\n"), 0o644))
	// The main branch: one failure known, one not.
	code, _, _ := adopting(t, "--gaps", gapsFile, "--format", "progress,record:"+main)
	require.Equal(t, 1, code)

	// The same implementation against it: nothing new, the gate passes though a check fails.
	md := filepath.Join(dir, "pr.md")
	code, out, errs := adopting(t, "--gaps", gapsFile, "--against", main, "--format", "progress,markdown:"+md)
	assert.Equal(t, 0, code, "%s%s", out, errs)
	assert.Contains(t, out, "2 still failing", "the known one and the other")
	assert.Contains(t, out, "gated on new failures (--gate new): 0")
	pr, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(pr), "## conform: no new failures")
	assert.Contains(t, string(pr), "### What this change did")
	code, _, _ = adopting(t, "--gaps", gapsFile, "--against", main, "--gate", "all")
	assert.Equal(t, 1, code, "--gate all: every failure fails")

	// Without the gap the known failure is no new failure either (it failed on main too); a
	// check that passed on main and fails now is.
	mainRec := readRecord(t, main)
	for i, c := range mainRec.Checks {
		if strings.HasSuffix(c.ID, "a phased run read as phased") {
			mainRec.Checks[i].Verdict = "passed"
		}
		if strings.Contains(c.ID, "[{}, counted]") {
			mainRec.Checks[i].Verdict = "passed" // as if the pull request broke it
		}
	}
	data, err := record.New(mainRec.RunInfo, mainRec.Checks, nil).Marshal()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(main, data, 0o644))
	code, out, _ = adopting(t, "--against", main, "--format", "progress")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "new failures:\n  adopting.feature: a capture run read as the standard says [{}, counted]")
	assert.Contains(t, out, "FR-010: passing -> failing")

	// diff of two saved runs says the same.
	head := filepath.Join(dir, "head.json")
	adopting(t, "--format", "progress,record:"+head)
	code, out, _ = conform(t, "", "diff", main, head, "--format", "json")
	require.Equal(t, 0, code)
	var d struct {
		Counts map[string]int `json:"counts"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.Equal(t, 1, d.Counts[record.NewFailure])
	code, _, errs = conform(t, "", "diff", "--check", main, head)
	assert.Equal(t, 1, code, "--check fails on a new failure")
	assert.Contains(t, errs, "1 new failures")

	// --only-failed reruns the two checks that failed, nothing else.
	code, out, errs = adopting(t, "--only-failed", head)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "rerunning the 2 checks that failed")
	assert.Contains(t, out, "0 passed, 2 failed")
}

// TestRecordsCompareAndBadge: a record is made from a saved cucumber JSON as the run made it;
// compare draws the grid with the failing requirement marked; badge says the verdict.
func TestRecordsCompareAndBadge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec, cuke := filepath.Join(dir, "run.json"), filepath.Join(dir, "cucumber.json")
	adopting(t, "--format", "progress,record:"+rec+",cucumber:"+cuke)
	code, out, errs := conform(t, "", "record", "--from", cuke)
	require.Equal(t, 0, code, errs)
	made, err := record.Parse("stdout", []byte(out))
	require.NoError(t, err)
	assert.Equal(t, readRecord(t, rec), made, "the record of the saved run is the run's")

	ok := filepath.Join(dir, "ok.json")
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@FR-010", "--format", "progress,record:"+ok)
	require.Equal(t, 0, code, errs)
	code, out, _ = conform(t, "", "compare", ok, rec)
	require.Equal(t, 0, code)
	assert.Regexp(t, `\| FR-010 \| ✓ \| ✗ \|`, out)
	assert.Regexp(t, `\| FR-005 \| – \| ✓ \|`, out, "a requirement a run does not cover is –")
	code, out, _ = conform(t, "", "compare", "--format", "html", ok, rec)
	require.Equal(t, 0, code)
	assert.Contains(t, out, `data-verdict="failed"`)
	code, out, _ = conform(t, "", "badge", "--from", rec)
	require.Equal(t, 0, code)
	assert.JSONEq(t, `{"schemaVersion":1,"label":"spec 272","message":"2 failing","color":"red"}`, out)

	code, _, errs = conform(t, "", "compare", filepath.Join(dir, "missing.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "missing.json")
}

// TestCompareTheImplementations: the grid of the reference, the Python example, the PHP kit
// and a broken implementation: the three conform on every requirement they cover, the broken
// one's failing requirements are marked and the others' are not.
func TestCompareTheImplementations(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("php"); err != nil {
		if os.Getenv("CONFORM_REQUIRE_PHP") != "" {
			t.Fatal("php is required (CONFORM_REQUIRE_PHP) but not installed")
		}
		t.Skip("php is not installed (apt-get install php-cli)")
	}
	dir := t.TempDir()
	impls := []struct{ name, cmd string }{
		{"reference", ""},
		{"python", python.Interpreter() + " ../../examples/adapters/python/adapter.py"},
		{"php", "php ../../adapters/php/bin/conform-adapter.php"},
		{"broken", mutantCmd("counted_beats_phased")},
	}
	// Their fixed checks are enough for the grid (the sweep is held to elsewhere); the four
	// run side by side.
	records := make([]string, len(impls))
	var wg sync.WaitGroup
	for i, im := range impls {
		records[i] = filepath.Join(dir, im.name+".json")
		args := []string{"run", "--sweep", "0", "--render", "never", "--format", "progress,record:" + records[i]}
		if im.cmd != "" {
			args = append(args, "--impl", im.cmd)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, errs := conform(t, "", args...)
			assert.Equal(t, map[bool]int{true: 1, false: 0}[im.name == "broken"], code, "%s: %s", im.name, errs)
		}()
	}
	wg.Wait()
	code, out, errs := conform(t, "", append([]string{"compare"}, records...)...)
	require.Equal(t, 0, code, errs)
	assert.Regexp(t, `\| \*\*verdict\*\* \| \*\*conforms\*\* \| \*\*conforms\*\* \| \*\*conforms\*\* \| \*\*does not conform\*\* \|`, out)
	rows := regexp.MustCompile(`(?m)^\| ((?:US|EC|FR|AR|NFR|SC)[0-9A-Za-z.-]*) \| (.*) \|$`).FindAllStringSubmatch(out, -1)
	require.Greater(t, len(rows), 40, "a row per requirement")
	marked := 0
	for _, row := range rows {
		cells := strings.Split(row[2], " | ")
		require.Len(t, cells, 4, row[0])
		for i, c := range cells[:3] {
			assert.NotEqual(t, "✗", c, "%s: %s fails %s", row[1], impls[i].name, row[1])
		}
		if cells[3] == "✗" {
			marked++
		}
	}
	assert.Positive(t, marked, "the broken implementation's failing requirements are marked")
	for _, req := range []string{"FR-011", "EC-2"} {
		assert.Regexp(t, `(?m)^\| `+req+` \| ✓ \| ✓ \| ✓ \| ✗ \|$`, out, "counted over phased breaks %s", req)
	}
}
