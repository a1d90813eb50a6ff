package sweep

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTheCorpusBringsEveryDivergenceBack: what a sweep found, kept as a corpus, is found again
// by a sweep of another seed that draws nothing new: a resolution, a tenant shell and a writer
// divergence alike, each said to come from its corpus file. The reference passes the corpus.
func TestTheCorpusBringsEveryDivergenceBack(t *testing.T) {
	writer := mutants.Writers()[0]
	for _, name := range []string{"raw-phase-key-label", "shell-lists-other-tenants", writer} {
		t.Run(name, func(t *testing.T) {
			m := mutants.All()[name]
			found := Sweep(context.Background(), m, Options{Seed: 21, Cases: 1000, Registries: -1, WriterCases: 200})
			want := properties(found)
			require.NotEmpty(t, want, "%s diverges in 1000 cases", name)
			dir := filepath.Join(t.TempDir(), "corpus")
			written, err := WriteCorpus(dir, found)
			require.NoError(t, err)
			assert.Len(t, written, len(want), "one file per divergence")
			again, err := WriteCorpus(dir, found)
			require.NoError(t, err)
			assert.Empty(t, again, "the same divergence is one file")

			corpus, err := LoadCorpus(dir)
			require.NoError(t, err)
			replayed := Sweep(context.Background(), m, Options{Seed: 999, Cases: 0, Registries: -1, Corpus: corpus})
			assert.Equal(t, want, properties(replayed), "the corpus alone brings every divergence back")
			for _, f := range replayed.Failures {
				assert.Contains(t, f.FromCorpus(), dir)
				assert.Contains(t, f.Report(), "kept in the corpus")
				assert.Equal(t, uint64(21), f.Seed, "it keeps the seed it was drawn from")
			}
			for _, f := range replayed.Writers {
				assert.Contains(t, f.Corpus, dir)
			}
			clean := Sweep(context.Background(), subject.Reference{}, Options{Seed: 999, Cases: 0, Registries: -1, Corpus: corpus})
			assert.Empty(t, properties(clean), "the reference passes the corpus")
		})
	}
}

func properties(r *Result) []string {
	var out []string
	for _, f := range r.Failures {
		out = append(out, f.Property)
	}
	for _, f := range r.Writers {
		out = append(out, f.Property)
	}
	slices.Sort(out)
	return out
}

// TestCorpusEntriesAreReadStrictly: a corpus entry that is not one is an error naming the file.
func TestCorpusEntriesAreReadStrictly(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"property":"resolution.label","seed":1,"case":2}`, "a run case needs run"},
		{`{"property":"nonsense","seed":1,"case":2,"run":{"id":1}}`, `property "nonsense" is no sweep property`},
		{`{"property":"trace.one-run","seed":1,"case":2,"run":{"id":1}}`, `property "trace.one-run" is no sweep property`},
		{`{"property":"resolution.label","seed":1,"case":2,"run":{"id":1},"colour":1}`, `unknown field "colour"`},
		{`{"property":"resolution.label","seed":1,"case":2,"run":{"id":1},"seed":3}`, `line 1: duplicate key "seed"`},
		{`{"property":"resolution.label","seed":1,"case":2,"run":{"id":"x"}}`, "run:"},
		{`{"property":"resolution.label","seed":1,"case":2,"registry":99,"run":{"id":1}}`, "registry 99"},
		{`[1]`, "not a corpus entry"},
		{`{`, "not JSON"},
	} {
		_, err := ParseKept("c/x.json", []byte(tc.doc))
		require.Error(t, err, tc.doc)
		assert.Contains(t, err.Error(), "c/x.json")
		assert.Contains(t, err.Error(), tc.want, tc.doc)
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{}`), 0o644))
	_, err := LoadCorpus(dir)
	assert.ErrorContains(t, err, "bad.json")
	none, err := LoadCorpus(filepath.Join(dir, "missing"))
	assert.NoError(t, err, "a corpus not made yet is empty")
	assert.Empty(t, none)
}
