package matrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/conform-dev/conform/features"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func embedded(t *testing.T) (Catalogue, []Scenario) {
	t.Helper()
	c, err := ParseCatalogue("requirements.yaml", features.Requirements)
	require.NoError(t, err)
	s, err := Scenarios(features.FS())
	require.NoError(t, err)
	return c, s
}

// TestABareTagOfARequirementWithClausesCoversNothing: a scenario tagged with the ID of a
// requirement that has clauses is told to tag the clause.
func TestABareTagOfARequirementWithClausesCoversNothing(t *testing.T) {
	c, _ := embedded(t)
	m := Build(c, []Scenario{{File: "x.feature", Line: 3, Name: "x", Tags: []string{"FR-012"}}})
	require.Len(t, m.UnknownTags, 1)
	assert.Contains(t, m.UnknownTags[0], "the requirement has clauses, tag the one the scenario covers")
	assert.Contains(t, m.Untagged, "x.feature:3 x")
}

func TestEmbeddedMatrixIsComplete(t *testing.T) {
	c, s := embedded(t)
	m := Build(c, s)
	assert.True(t, m.OK(), "uncovered %v, unknown %v, untagged %v", m.Uncovered, m.UnknownTags, m.Untagged)
	for _, prefix := range []string{"US1", "US4-AS2", "FR-001", "FR-014", "AR-003", "NFR-005", "SC-005", "EC-5"} {
		found := false
		for _, r := range c.Requirements {
			found = found || r.ID == prefix
		}
		assert.True(t, found, "the catalogue lost %s", prefix)
	}
}

// TestDeletingATagOpensAGap works on a temporary copy of the features: removing the only tag
// of a requirement makes it uncovered, and a tag naming an unknown ID is reported.
func TestDeletingATagOpensAGap(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir("../features")
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".feature") {
			data, err := os.ReadFile(filepath.Join("../features", e.Name()))
			require.NoError(t, err)
			text := strings.ReplaceAll(string(data), "@AR-003.a ", "")
			text = strings.Replace(text, "@US3-AS3 ", "@US3-AS9 ", 1)
			require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), []byte(text), 0o644))
		}
	}
	c, _ := embedded(t)
	s, err := Scenarios(os.DirFS(dir))
	require.NoError(t, err)
	m := Build(c, s)
	assert.False(t, m.OK())
	assert.Contains(t, m.Uncovered, "AR-003.a", "a clause without its scenarios")
	assert.Contains(t, m.Uncovered, "US3-AS3")
	for _, r := range m.Rows {
		if r.ID == "AR-003" {
			assert.False(t, r.Covered, "a requirement with an uncovered clause is not covered")
		}
	}
	require.Len(t, m.UnknownTags, 1)
	assert.Contains(t, m.UnknownTags[0], "@US3-AS9 (us3_tenant_review_composite.feature:")
}

func TestScenariosInheritTags(t *testing.T) {
	fsys := fstest.MapFS{"a.feature": {Data: []byte(`@F
Feature: f
  @S
  Scenario Outline: o <x>
    Given x
    @E1
    Examples:
      | x |
      | 1 |
    @E2
    Examples:
      | x |
      | 2 |
  Scenario: plain
    Given y
`)}}
	s, err := Scenarios(fsys)
	require.NoError(t, err)
	require.Len(t, s, 2)
	assert.Equal(t, []string{"E1", "E2", "F", "S"}, s[0].Tags)
	assert.Equal(t, "a.feature:4 o <x>", s[0].String())
	assert.Equal(t, []string{"F"}, s[1].Tags)
}

func TestParseCatalogueErrors(t *testing.T) {
	for in, want := range map[string]string{
		"requirements: [{id: A}]":                             "needs an id and a text",
		"requirements: [{id: A, text: a}, {id: A, text: b}]":  "listed twice",
		"requirements: [{id: A, text: a, executable: false}]": "gives no reason",
		"requirements: [{id: A, text: a, colour: red}]":       "field colour not found",
		"tags: []": "no requirements",
	} {
		_, err := ParseCatalogue("r.yaml", []byte(in))
		assert.ErrorContains(t, err, want, in)
	}
}

func TestWriteFormats(t *testing.T) {
	c, s := embedded(t)
	m := Build(c, s)
	for _, f := range Formats {
		var b strings.Builder
		require.NoError(t, Write(&b, m, f))
		assert.Contains(t, b.String(), "NFR-001", f)
	}
	assert.Error(t, Write(&strings.Builder{}, m, "html"))
}

// TestEveryScenarioHasExactlyOneLane: each scenario says which CI lane runs it.
func TestEveryScenarioHasExactlyOneLane(t *testing.T) {
	_, scenarios := embedded(t)
	for _, s := range scenarios {
		lanes := 0
		for _, tag := range s.Tags {
			if tag == "fast-feedback" || tag == "confidence" {
				lanes++
			}
		}
		assert.Equal(t, 1, lanes, "%s has %d lane tags", s, lanes)
	}
}
