package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/cucumber/godog"
)

// StaleSkip marks the failure of a check that is declared a known gap but passes: the skip
// must go. Reports look for it, so a stale skip is red in every format.
const StaleSkip = "but now passes: remove the skip"

// Skip is a known gap: a scenario name or a vector ID (a glob) expected to fail, with why.
// A skip that starts passing is an error, so known gaps cannot hide fixed ones.
type Skip struct {
	Pattern string
	Reason  string
}

// Matches reports whether the skip covers a scenario name or vector ID.
func (s Skip) Matches(id string) bool {
	if s.Pattern == id {
		return true
	}
	ok, _ := path.Match(s.Pattern, id)
	return ok
}

func vectorSteps(d *definitions) {
	step(d, `^every "([^"]*)" vector resolves as it says$`, vectorsResolve)
}

func indentJSON(v any) string {
	b, _ := json.MarshalIndent(v, "    ", "  ")
	return string(b)
}

func vectorsResolve(ctx context.Context, category string) error {
	w := world(ctx)
	var failures []string
	var problems []finding.Problem
	n := 0
	for _, v := range w.cfg.Vectors {
		if !strings.HasPrefix(v.ID, category+"/") || !w.cfg.Shard.Has(v.ID) {
			continue
		}
		n++
		err := v.Check(ctx, w.cfg.Impl, w.cfg.Reader)
		skip := FindSkip(w.cfg.Skips, v.ID)
		switch {
		case skip != nil && err == nil:
			failures = append(failures, fmt.Sprintf("%s is skipped (%s) %s", v.ID, skip.Reason, StaleSkip))
			problems = append(problems, finding.Problem{Rule: "skip " + StaleSkip, Stage: finding.Vector, Check: v.ID, Got: "passes", Want: "fails, as its skip says"})
		case skip != nil:
			continue
		case err != nil:
			failures = append(failures, fmt.Sprintf("%s: %s\n  run:  %s\n%s", v.File, v.Reason, indentJSON(v.Run), err))
			ps := finding.Problems(err)
			if p := ProtocolProblem(err); p != nil {
				p.Check, p.Input, p.Replay = v.ID, finding.Compact(v.Run), "--only "+v.ID
				ps = []finding.Problem{*p}
			}
			problems = append(problems, ps...)
		}
	}
	if n == 0 {
		if w.cfg.Only != "" {
			return godog.ErrSkip // --only names another vector
		}
		if !w.cfg.Shard.Whole() {
			return nil // this category's vectors are other shards'
		}
		return fmt.Errorf("no vector in category %q", category)
	}
	if len(failures) > 0 {
		return finding.Wrap(fmt.Errorf("%d of %d %s vectors fail:\n%s", len(failures), n, category, strings.Join(failures, "\n")), problems...)
	}
	return nil
}

// FindSkip returns the first skip that covers a scenario name or vector ID, or nil.
func FindSkip(skips []Skip, id string) *Skip {
	for i := range skips {
		if skips[i].Matches(id) {
			return &skips[i]
		}
	}
	return nil
}
