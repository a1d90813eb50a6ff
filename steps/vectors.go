package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/subject"
	"github.com/cucumber/godog"
)

func vectorSteps(d *definitions) {
	step(d, `^every "([^"]*)" vector resolves as it says$`, vectorsResolve)
}

func indentJSON(v any) string {
	b, _ := json.MarshalIndent(v, "    ", "  ")
	return string(b)
}

func vectorsResolve(ctx context.Context, category string) (context.Context, error) {
	w := world(ctx)
	var failures []string
	var problems []finding.Problem
	var checks []finding.Check
	n := 0
	for _, v := range w.cfg.Vectors {
		if !strings.HasPrefix(v.ID, category+"/") || !w.cfg.Shard.Has(v.ID) {
			continue
		}
		n++
		err := subject.CheckVector(ctx, w.cfg.Impl, w.cfg.Reader, v)
		var ps []finding.Problem
		if err != nil {
			ps = finding.Problems(err)
			if p := ProtocolProblem(err); p != nil {
				p.Check, p.Input, p.Replay = v.ID, finding.Compact(v.Run), "--only "+v.ID
				ps = []finding.Problem{*p}
			}
		}
		c := w.judge(finding.KindVector, v.ID, err == nil, rulesOf(ps))
		checks = append(checks, c)
		if c.Verdict == finding.Failed {
			failures = append(failures, fmt.Sprintf("%s: %s\n  run:  %s\n%s", v.File, v.Reason, indentJSON(v.Run), err))
			problems = append(problems, ps...)
		}
	}
	ctx = AttachChecksTo(ctx, checks)
	if n == 0 {
		if w.cfg.Only != "" || w.cfg.OnlyChecks != nil {
			return ctx, godog.ErrSkip // --only names another vector
		}
		if !w.cfg.Shard.Whole() {
			return ctx, nil // this category's vectors are other shards'
		}
		return ctx, fmt.Errorf("no vector in category %q", category)
	}
	if len(failures) > 0 {
		return ctx, finding.WithProblems(fmt.Errorf("%d of %d %s vectors fail:\n%s", len(failures), n, category, strings.Join(failures, "\n")), problems...)
	}
	return ctx, nil
}
