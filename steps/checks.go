package steps

import (
	"strings"
	"sync"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/matrix"
	"github.com/cucumber/godog"
)

// laneTags are the tags that name a lane or a kind of scenario, not a requirement.
var laneTags = sync.OnceValue(func() map[string]bool {
	c, err := matrix.ParseCatalogue("features/requirements.yaml", features.Requirements)
	if err != nil {
		panic("steps: the embedded requirements file: " + err.Error()) // a build defect, caught by every test
	}
	m := map[string]bool{}
	for _, t := range c.Tags {
		m[t] = true
	}
	return m
})

// RequirementTags are the requirement IDs among a scenario's tags.
func RequirementTags(s *godog.Scenario) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, t := range s.Tags {
		if name := strings.TrimPrefix(t.Name, "@"); !laneTags()[name] {
			out = append(out, name)
		}
	}
	return out
}

// ScenarioRef names a scenario for the gaps: its check ID (matrix.CheckIDs: "file.feature:
// name", with the row's values for an outline row that shares its name), "file.feature: name",
// its name alone, and its requirements.
func ScenarioRef(ids map[string]string, s *godog.Scenario) gaps.Ref {
	plain := s.Uri + ": " + s.Name
	texts := make([]string, len(s.Steps))
	for i, st := range s.Steps {
		texts[i] = st.Text
	}
	id := ids[matrix.ScenarioKey(s.Uri, s.Name, texts)]
	if id == "" {
		id = plain
	}
	names := []string{s.Name}
	if id != plain {
		names = append(names, plain)
	}
	return gaps.Ref{ID: id, Names: names, Requirements: RequirementTags(s)}
}

// judge gives a check of the scenario its verdict under the gaps in force: id is the check,
// which also answers to the scenario's own names (a gap on the scenario covers its vectors)
// and to its requirements.
func (w *World) judge(kind, id string, passed bool, rules []string) finding.Check {
	ref := gaps.Ref{ID: id}
	if s := w.scenario; s != nil {
		sr := ScenarioRef(w.cfg.CheckIDs, s)
		ref.Names, ref.Requirements = append(sr.Names, sr.ID), sr.Requirements
	}
	verdict, gap := w.cfg.Gaps.Judge(ref, passed)
	c := finding.Check{ID: id, Kind: kind, Verdict: verdict, Requirements: ref.Requirements, Gap: gap.RefOf()}
	if !passed {
		c.Rules = rules
	}
	return c
}

// rulesOf lists the rules problems broke, each once.
func rulesOf(ps []finding.Problem) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Rule] {
			seen[p.Rule] = true
			out = append(out, p.Rule)
		}
	}
	return out
}
