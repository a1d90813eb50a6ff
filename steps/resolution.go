package steps

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
)

// Assertions on what the implementation resolves for the current run, and on what writers
// persisted.

func resolutionSteps(d *definitions) {
	check(d, "resolution.capability", `^the progress capability is "([^"]*)"$`, capabilityIs)
	check(d, "resolution.phase", `^the phase key is "([^"]*)"$`, phaseIs)
	check(d, "resolution.phase", `^no phase key is reported$`, noPhase)
	check(d, "resolution.label", `^the progress label is "([^"]*)"$`, labelIs)
	check(d, "resolution.label", `^the progress label is not "([^"]*)"$`, labelIsNot)
	check(d, "resolution.label", `^the progress label is (not )?the generic (phase|composite) copy$`, labelIsGeneric)
	check(d, "resolution.degraded", `^the resolution is (not )?marked degraded$`, degraded)
	check(d, "resolution.percent", `^no percentage is reported$`, noPercent)
	check(d, "resolution.percent", `^the percentage is (\d+|absent)$`, percentIs)
	check(d, "resolution.composite", `^the composite summary reports (\d+) children, (\d+) failed and (\d+) partial$`, compositeCounts)
	check(d, "resolution.composite", `^the composite summary has no hint$`, func(ctx context.Context) error { return hintIs(ctx, "") })
	check(d, "resolution.composite", `^the composite hint is "([^"]*)"$`, hintIs)
	check(d, "resolution.composite", `^the composite summary is (absent|present)$`, compositeIs)
	check(d, "invariant.terminal", `^the run gets no active progress treatment$`, noActiveTreatment)
	check(d, "resolution.lifecycle", `^the lifecycle is "([^"]*)"$`, lifecycleIs)
	check(d, "writer.shown", `^the phases shown were "([^"]*)"$`, phasesShown)
	check(d, "trace.phase-canonical", `^the run's context holds the canonical phase "([^"]*)"$`, contextHoldsPhase)
	check(d, "writer.checkpoint", `^the run's context holds a resume checkpoint$`, contextHoldsCheckpoint)
	check(d, "trace.summary-keys", `^no run holds a summary_counts key outside the allowed set$`, noNewSummaryKeys)
}

func resolved(ctx context.Context) (contract.Resolution, error) {
	_, res, err := world(ctx).resolve(ctx)
	return res, err
}

func capabilityIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(string(res.Capability) == want, "capability: got %q (label %q), want %q", res.Capability, res.Label, want)
}

func phaseIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(string(res.Phase) == want, "phase key: got %q, want %q", res.Phase, want)
}

func noPhase(ctx context.Context) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(res.Phase == "", "phase key: got %q, want none", res.Phase)
}

// labelIs compares the label; "(generic phase copy)" and "(generic composite copy)" stand for
// the registry's generic copy, as a table cell.
func labelIs(ctx context.Context, want string) error {
	switch want {
	case "(generic phase copy)":
		want = world(ctx).cfg.registry().Settings().GenericPhased
	case "(generic composite copy)":
		want = world(ctx).cfg.registry().Settings().GenericComposite
	}
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(res.Label == want, "label: got %q, want %q", res.Label, want)
}

// labelIsGeneric: the generic copy is the application's (its registry's), spec 272's by default.
func labelIsGeneric(ctx context.Context, not, kind string) error {
	set := world(ctx).cfg.registry().Settings()
	generic := set.GenericPhased
	if kind == "composite" {
		generic = set.GenericComposite
	}
	if not != "" {
		return labelIsNot(ctx, generic)
	}
	return labelIs(ctx, generic)
}

func labelIsNot(ctx context.Context, unwanted string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(res.Label != unwanted, "label: got %q, which it must not be", res.Label)
}

func degraded(ctx context.Context, not string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	want := not == ""
	return expect(res.Degraded == want, "degraded: got %v, want %v (capability %q, label %q)", res.Degraded, want, res.Capability, res.Label)
}

func noPercent(ctx context.Context) error {
	return percentIs(ctx, "absent")
}

func percentIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	got := "absent"
	if res.HasPercent {
		got = strconv.Itoa(res.Percent)
	}
	if err := expect(got == want, "percentage: got %s, want %s (capability %q)", got, want, res.Capability); err != nil {
		return err
	}
	return expect(res.Bar == (want != "absent"), "bar: got %v with percentage %s", res.Bar, got)
}

func compositeCounts(ctx context.Context, children, failed, partial int64) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	c := res.Composite
	return expect(c.Present && c.Children == children && c.Failed == failed && c.Partial == partial,
		"composite summary: got %+v, want %d children, %d failed, %d partial", c, children, failed, partial)
}

func hintIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	if err := expect(res.Composite.Present, "composite summary: got none, want one with hint %q", want); err != nil {
		return err
	}
	return expect(res.Composite.Hint == want, "composite hint: got %q, want %q", res.Composite.Hint, want)
}

func compositeIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(res.Composite.Present == (want == "present"), "composite summary: got %+v, want it %s", res.Composite, want)
}

func noActiveTreatment(ctx context.Context) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(!res.Active && res.Capability == contract.None && res.Label == "" && res.Phase == "" &&
		!res.Composite.Present && !res.HasPercent && !res.Bar,
		"want no active treatment, got active=%v capability=%q label=%q phase=%q composite=%v percent=%v bar=%v",
		res.Active, res.Capability, res.Label, res.Phase, res.Composite.Present, res.HasPercent, res.Bar)
}

func lifecycleIs(ctx context.Context, want string) error {
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	return expect(string(res.Lifecycle) == want, "lifecycle: got %q, want %q", res.Lifecycle, want)
}

// contextHoldsPhase checks what the writer persisted: the canonical key and the vocabulary's
// label, never a raw internal name.
func contextHoldsPhase(ctx context.Context, key string) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	phase, _ := dig(run.Context, "progress", "phase").(map[string]any)
	label, _ := contract.LabelFor(run.Type, contract.Phase(key))
	return expect(phase != nil && phase["key"] == key && phase["label"] == label && phase["entered_at"] != nil,
		"persisted phase: got %v, want key %q with label %q and entered_at", phase, key, label)
}

func contextHoldsCheckpoint(ctx context.Context) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	cp, _ := dig(run.Context, "baseline_compare", "resume", "checkpoint").(string)
	return expect(strings.TrimSpace(cp) != "", "resume checkpoint: got context %s, want a non-empty string at context.baseline_compare.resume.checkpoint", rowText(run))
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func noNewSummaryKeys(ctx context.Context) error {
	w := world(ctx)
	runs, err := w.store.Runs(ctx)
	if err != nil {
		return err
	}
	for _, run := range runs {
		reg := w.cfg.registry()
		if bad := reg.CheckSummaryCounts(run.SummaryCounts); len(bad) > 0 {
			return fmt.Errorf("run %d (%s) holds summary_counts keys %v outside %v", run.ID, run.Type, bad, reg.Settings().SummaryCountKeys)
		}
	}
	return expect(len(runs) > 0, "no runs were written")
}
