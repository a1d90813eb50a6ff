package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/conform-dev/conform/internal/python"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mutantCmd(name string) string {
	return python.Interpreter() + " ../../testdata/mutants/" + name + ".py"
}

// TestNewChecksArePendingUntilTheyPassOnce: with --pending-since, the checks a newer release
// added fail as pending, not failing the run; once one has passed (in the run --against names)
// it counts again.
func TestNewChecksArePendingUntilTheyPassOnce(t *testing.T) {
	t.Parallel()
	impl := mutantCmd("writer_raw_phase_key") // its writers break checks v0.11.0 added
	code, _, errs := conform(t, "", "run", "--impl", impl, "--sweep", "0", "--tags", "@writers")
	require.Equal(t, 1, code, errs)
	code, out, errs := conform(t, "", "run", "--impl", impl, "--sweep", "0", "--tags", "@writers", "--pending-since", "v0.10.0")
	assert.Equal(t, 0, code, "%s%s", out, errs)
	assert.Regexp(t, `0 failed, \d+ pending`, out)
	assert.Contains(t, out, "pending: added in v0.11.0")

	dir := t.TempDir()
	passed := filepath.Join(dir, "ref.json")
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--tags", "@writers", "--format", "progress,record:"+passed)
	require.Equal(t, 0, code, errs)
	code, out, _ = conform(t, "", "run", "--impl", impl, "--sweep", "0", "--tags", "@writers", "--pending-since", "v0.10.0", "--against", passed)
	assert.Equal(t, 1, code, "passed once, they count: %s", out)
	assert.Contains(t, out, "new failures:")

	code, _, errs = conform(t, "", "run", "--pending-since", "v0.9.0")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "v0.9.0 is no release of the standard (releases: v0.10.0, v0.11.0)")
	code, out, _ = conform(t, "", "changes", "v0.10.0..v0.11.0")
	require.Equal(t, 0, code)
	assert.Regexp(t, `v0\.11\.0 \(\d{4}-\d\d-\d\d\)`, out)
	assert.Contains(t, out, "sweep: trace.one-run", "the writer sweep came with v0.11.0")
	code, out, _ = conform(t, "", "changes", "v0.11.0..")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "no release in that range adds a check")
}

// TestADivergenceIsNeverLost: every divergence of the sweep is kept in the report directory;
// a run of another seed that replays the corpus finds it again; a kept case becomes a vector of
// the application that fails the implementation and passes the reference.
func TestADivergenceIsNeverLost(t *testing.T) {
	t.Parallel()
	impl := mutantCmd("counted_beats_phased")
	dir := t.TempDir()
	report := filepath.Join(dir, "report")
	code, _, errs := conform(t, "", "run", "--impl", impl, "--seed", "5", "--sweep", "300", "--tags", "@sweep", "--report", report)
	require.Equal(t, 1, code, errs)
	corpus := filepath.Join(report, "corpus")
	assert.Regexp(t, `\d+ divergences kept in `+regexp.QuoteMeta(corpus), errs)
	kept, err := filepath.Glob(filepath.Join(corpus, "resolution-capability-*.json"))
	require.NoError(t, err)
	require.Len(t, kept, 1)

	// Another seed, a sweep too small to draw it again: the corpus brings it back.
	code, out, errs := conform(t, "", "run", "--impl", impl, "--seed", "77", "--sweep", "1", "--tags", "@sweep", "--sweep-corpus", corpus)
	assert.Equal(t, 1, code)
	assert.Regexp(t, `\d+ kept divergences from `, errs)
	assert.Contains(t, out, "--seed 5 --case", "replayed from the corpus: the case of seed 5, in a run of seed 77")
	code, _, errs = conform(t, "", "run", "--seed", "77", "--sweep", "1", "--tags", "@sweep", "--sweep-corpus", corpus)
	assert.Equal(t, 0, code, "the reference passes the corpus: %s", errs)

	vectors := filepath.Join(dir, "vectors")
	code, _, errs = conform(t, "", "vectors", "promote", kept[0], "--id", "counted-beside-phase", "--reason", "A selected run is never counted.", "--out", vectors)
	require.Equal(t, 0, code, errs)
	made, err := filepath.Glob(filepath.Join(vectors, "*", "counted-beside-phase.yaml"))
	require.NoError(t, err)
	require.Len(t, made, 1)
	id := filepath.Base(filepath.Dir(made[0])) + "/counted-beside-phase"
	code, out, _ = conform(t, "", "run", "--impl", impl, "--sweep", "0", "--vectors", vectors, "--only", id)
	assert.Equal(t, 1, code, "the application's vector fails the implementation: %s", out)
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--vectors", vectors, "--only", id)
	assert.Equal(t, 0, code, "and passes the reference: %s", errs)
	code, _, errs = conform(t, "", "vectors", "promote", kept[0], "--id", "counted-beside-phase", "--reason", "again", "--out", vectors)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "exists: give the vector another --id")

	// A vector with the ID of one of conform's is refused, naming it.
	clash := filepath.Join(dir, "clash", "phased")
	require.NoError(t, os.MkdirAll(clash, 0o755))
	data, err := os.ReadFile(made[0])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(clash, "capture-fetching.yaml"), data, 0o644))
	code, _, errs = conform(t, "", "run", "--sweep", "0", "--vectors", filepath.Dir(clash))
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "phased/capture-fetching is the ID of one of conform's vectors")
}

// TestTheSeedComesFromTheCommit: without --seed, CI's commit (or CONFORM_SEED) gives the sweep
// its seed, so a rerun of a commit draws the same cases.
func TestTheSeedComesFromTheCommit(t *testing.T) {
	t.Setenv("CONFORM_SEED", "")
	t.Setenv("GITHUB_SHA", "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
	seed := regexp.MustCompile(`sweep seed (\d+) from GITHUB_SHA`)
	_, _, first := conform(t, "", "run", "--sweep", "5", "--tags", "@sweep")
	_, _, again := conform(t, "", "run", "--sweep", "5", "--tags", "@sweep")
	require.Regexp(t, seed, first)
	assert.Equal(t, seed.FindStringSubmatch(first)[1], seed.FindStringSubmatch(again)[1])
	t.Setenv("CONFORM_SEED", "12")
	_, _, errs := conform(t, "", "run", "--sweep", "5", "--tags", "@sweep")
	assert.Contains(t, errs, "sweep seed 12 from CONFORM_SEED")
	t.Setenv("CONFORM_SEED", "twelve")
	code, _, errs := conform(t, "", "run", "--sweep", "5", "--tags", "@sweep")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, `CONFORM_SEED must be a positive whole number, got "twelve"`)
}
