package steps

import (
	"context"
	"fmt"
	"slices"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/sweep"
	"github.com/cucumber/godog"
)

// The differential sweep: one run per suite, shared by the scenarios that each check one
// property of it (features/differential_sweep.feature).

func sweepSteps(d *definitions) {
	step(d, `^the differential sweep has run$`, sweepHasRun)
	step(d, `^no generated case diverges on "([^"]*)"$`, noDivergence)
	step(d, stepWriterSweep, noWriterBreak)
}

func sweepResult(ctx context.Context) (*sweep.Result, error) {
	w := world(ctx)
	if w.cfg.Sweep == nil {
		return nil, fmt.Errorf("the sweep is off in this run (--sweep 0); its scenarios should have been left out")
	}
	return w.cfg.Sweep(ctx), nil
}

func sweepHasRun(ctx context.Context) error {
	res, err := sweepResult(ctx)
	if err != nil {
		return err
	}
	if res.Stopped != "" {
		w := world(ctx)
		if f := res.Failure(sweep.PropAnswer); f != nil {
			return finding.WithProblems(fmt.Errorf("the sweep did not finish: %s; the first unanswered case:\n%s", res.Stopped, f.ReportFor(w.cfg.Maintainer)),
				f.Problem(w.cfg.Maintainer))
		}
		return fmt.Errorf("the sweep did not finish: %s", res.Stopped)
	}
	return expect(res.Cases > 0, "the sweep put no case to the implementation")
}

func noDivergence(ctx context.Context, prop string) (context.Context, error) {
	if !slices.Contains(sweep.Properties(), prop) {
		return ctx, fmt.Errorf("no sweep property %q (properties: %v)", prop, sweep.Properties())
	}
	res, err := sweepResult(ctx)
	if err != nil {
		return ctx, err
	}
	var failed error
	if f := res.Failure(prop); f != nil {
		m := world(ctx).cfg.Maintainer
		failed = finding.WithProblems(fmt.Errorf("%s", f.ReportFor(m)), f.Problem(m))
	}
	return sweepVerdict(ctx, prop, failed)
}

func noWriterBreak(ctx context.Context, prop string) (context.Context, error) {
	if !slices.Contains(sweep.WriterProperties(), prop) {
		return ctx, fmt.Errorf("no writer property %q (properties: %v)", prop, sweep.WriterProperties())
	}
	res, err := sweepResult(ctx)
	if err != nil {
		return ctx, err
	}
	var failed error
	if f := res.WriterFailure(prop); f != nil {
		m := world(ctx).cfg.Maintainer
		failed = finding.WithProblems(fmt.Errorf("%s", f.ReportFor(m)), f.Problem(m))
	}
	return sweepVerdict(ctx, prop, failed)
}

// SweepCheck is the check ID of a sweep property.
func SweepCheck(prop string) string { return "sweep: " + prop }

// sweepVerdict records the verdict of a sweep property; a divergence a known gap or a pending
// entry covers does not fail the step.
func sweepVerdict(ctx context.Context, prop string, failed error) (context.Context, error) {
	if only := world(ctx).cfg.OnlyChecks; only != nil && !only[SweepCheck(prop)] {
		return ctx, godog.ErrSkip // --only-failed reruns other checks
	}
	c := world(ctx).judge(finding.KindSweep, SweepCheck(prop), failed == nil, rulesOf(finding.Problems(failed)))
	ctx = AttachChecksTo(ctx, []finding.Check{c})
	if c.Verdict != finding.Failed {
		return ctx, nil
	}
	return ctx, failed
}
