package history

import (
	"slices"
	"strings"
	"testing"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/sweep"
	"github.com/conform-dev/conform/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// current lists every check conform runs today, by kind as releases.yaml lists them.
func current(t *testing.T) map[string][]string {
	out := map[string][]string{}
	c, err := matrix.ParseCatalogue("features/requirements.yaml", features.Requirements)
	require.NoError(t, err)
	for _, r := range c.Requirements {
		out["requirements"] = append(out["requirements"], r.ID)
		for _, cl := range r.Clauses {
			out["requirements"] = append(out["requirements"], r.ID+"."+cl.ID)
		}
	}
	vs, err := vectors.LoadEmbedded()
	require.NoError(t, err)
	for _, v := range vs {
		out["vectors"] = append(out["vectors"], v.ID)
	}
	ids, err := matrix.CheckIDs(features.FS())
	require.NoError(t, err)
	for key, id := range ids {
		if uri, _, _ := strings.Cut(key, "\x00"); uri != "vectors.feature" && uri != "differential_sweep.feature" {
			out["scenarios"] = append(out["scenarios"], id)
		}
	}
	for _, p := range append(sweep.Properties(), sweep.WriterProperties()...) {
		out["sweep"] = append(out["sweep"], "sweep: "+p)
	}
	return out
}

// TestEveryCheckHasItsRelease: each check conform runs is listed under the release that added
// it, and nothing is listed that conform does not check. A new check fails this test until
// it is listed under the coming release.
func TestEveryCheckHasItsRelease(t *testing.T) {
	h, err := Embedded()
	require.NoError(t, err)
	listed := map[string][]string{}
	for _, r := range h.Releases {
		listed["requirements"] = append(listed["requirements"], r.Requirements...)
		listed["vectors"] = append(listed["vectors"], r.Vectors...)
		listed["scenarios"] = append(listed["scenarios"], r.Scenarios...)
		listed["sweep"] = append(listed["sweep"], r.Sweep...)
	}
	for kind, ids := range current(t) {
		for _, id := range ids {
			assert.True(t, slices.Contains(listed[kind], id), "%s %q is listed under no release of features/releases.yaml: add it to the coming one", kind, id)
		}
		for _, id := range listed[kind] {
			assert.True(t, slices.Contains(ids, id), "features/releases.yaml lists %s %q, which conform no longer checks", kind, id)
		}
	}
}

func TestParseRefusesWhatIsNoHistory(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"releases: []\n", "no release"},
		{"releases:\n  - version: 1.0\n", `version "1.0" is not vMAJOR.MINOR.PATCH`},
		{"releases:\n  - version: v0.2.0\n  - version: v0.1.0\n", "release v0.1.0 comes after v0.2.0"},
		{"releases:\n  - version: v0.1.0\n    vectors: [a/b]\n  - version: v0.2.0\n    vectors: [a/b]\n", `"a/b" is listed under v0.1.0 and v0.2.0`},
		{"releases:\n  - version: v0.1.0\n    colour: red\n", "field colour not found"},
	} {
		_, err := Parse("r.yaml", []byte(tc.doc))
		require.Error(t, err, tc.doc)
		assert.Contains(t, err.Error(), tc.want, tc.doc)
	}
}

func TestSinceBetweenAndCompare(t *testing.T) {
	h, err := Parse("r.yaml", []byte("releases:\n  - version: v0.9.0\n    vectors: [a/old]\n  - version: v0.10.0\n    vectors: [a/mid]\n  - version: v1.0.0\n    sweep: [\"sweep: x\"]\n"))
	require.NoError(t, err)
	assert.Equal(t, "v1.0.0", h.Latest())
	assert.Equal(t, "v0.10.0", h.Since("a/mid"))
	assert.Empty(t, h.Since("a/unknown"))
	rs, err := h.Between("v0.9.0", "")
	require.NoError(t, err)
	require.Len(t, rs, 2)
	assert.Equal(t, []string{"a/mid"}, rs[0].Checks())
	_, err = h.Between("v0.8.0", "")
	assert.ErrorContains(t, err, "v0.8.0 is no release of the standard (releases: v0.9.0, v0.10.0, v1.0.0)")
	_, err = h.Between("v1.0.0", "v0.9.0")
	assert.ErrorContains(t, err, "v1.0.0 comes after v0.9.0")
	assert.Equal(t, -1, Compare("v0.9.0", "v0.10.0"), "numbers, not text")
	assert.Equal(t, 1, Compare("v1.0.0", "v0.99.99"))
	assert.Equal(t, 0, Compare("v1.2.3", "v1.2.3"))
}
