package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment"
)

// Assertions on the rendered shell hint, read as an operator reads it.

func shellSteps(d *definitions) {
	check(d, "shell.text", `^the shell shows "([^"]*)"$`, shellShows)
	check(d, "shell.text", `^the shell does not show "([^"]*)"$`, shellDoesNotShow)
	check(d, "shell.bar", `^the shell shows no progress bar and no percentage$`, noBarNoPercent)
	check(d, "shell.bar", `^the shell shows a progress bar$`, shellHasBar)
	check(d, "invariant.copy", `^every piece of copy in the shell obeys the copy rules$`, copyRules)
	check(d, "shell.controls", `^the shell's only actions are "([^"]*)" and "([^"]*)"$`, onlyActions)
	check(d, "shell.links", `^the shell links to the run's operation page and to the tenant's operations$`, canonicalLinks)
	check(d, "shell.text", `^the shell shows the operation "([^"]*)" as "([^"]*)"$`, shellShowsOperation)
	check(d, "shell.text", `^the shell does not show the resume checkpoint$`, shellHidesCheckpoint)
	check(d, "shell.text", `^the shell shows nothing of the run's artifact truth$`, shellHidesArtifact)
	check(d, "shell.polling", `^the shell starts no polling$`, shellPollsNothing)
}

func shellShows(ctx context.Context, text string) error {
	_, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	return expect(fragment.Shows(r.Text, text), "the shell does not show %q; it shows:\n%s", text, r.Text)
}

func shellDoesNotShow(ctx context.Context, text string) error {
	_, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	return expect(!strings.Contains(strings.ToLower(fragment.Fold(r.Text)), strings.ToLower(fragment.Fold(text))),
		"the shell shows %q, which it must not; it shows:\n%s", text, r.Text)
}

func noBarNoPercent(ctx context.Context) error {
	h, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	if len(r.Bars) > 0 {
		return fmt.Errorf("the shell renders a progress bar:\n%s", h)
	}
	if len(r.Quantified) > 0 {
		return fmt.Errorf("the shell tells progress as a quantity (%q):\n%s", r.Quantified, h)
	}
	return expect(!r.Percent, "the shell shows a percentage:\n%s", h)
}

func shellHasBar(ctx context.Context) error {
	h, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	return expect(len(r.Bars) == 1, "the shell renders %d progress bars, not one:\n%s", len(r.Bars), h)
}

func copyRules(ctx context.Context) error {
	w := world(ctx)
	_, r, err := w.reading(ctx)
	if err != nil {
		return err
	}
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	for _, s := range append(slices.Clone(r.Pieces), r.Attributes...) {
		if err := contract.CheckCopy(s, res.Capability == contract.Counted); err != nil {
			return err
		}
	}
	return nil
}

func onlyActions(ctx context.Context, first, second string) error {
	h, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	if len(r.Controls) > 0 {
		return fmt.Errorf("the shell offers controls %v:\n%s", r.Controls, h)
	}
	// The two links, each once, in any order (docs/standards.md, "The shell hint").
	texts := make([]string, 0, len(r.Links))
	for _, l := range r.Links {
		texts = append(texts, l.Text)
	}
	want := []string{first, second}
	slices.Sort(texts)
	slices.Sort(want)
	return expect(slices.Equal(texts, want), "shell actions: got %q, want %q and %q (in any order)", texts, first, second)
}

func canonicalLinks(ctx context.Context) error {
	w := world(ctx)
	_, r, err := w.reading(ctx)
	if err != nil {
		return err
	}
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	if diff := canonicalLinksDiffer(r, run.ID, run.TenantID); diff != "" {
		return fmt.Errorf("shell links: %s", diff)
	}
	return nil
}

// canonicalLinksDiffer compares a hint's link targets, in any order, with the canonical detail
// route of its run and collection route of its tenant: "" when they are those, else got and
// want (and why, when they are the same paths written as absolute URLs).
func canonicalLinksDiffer(r fragment.Reading, runID, tenantID int64) string {
	got := fragment.Hrefs(r.Links)
	want := []string{contract.ViewURL(runID), contract.AllURL(tenantID)}
	slices.Sort(got)
	slices.Sort(want)
	if slices.Equal(got, want) {
		return ""
	}
	return fmt.Sprintf("got %v, want %v (in any order)%s", got, want, fragment.AbsoluteHint(want, got))
}

// lifecycleLabels are the shell's lifecycle labels (docs/standards.md, "The shell hint").
var lifecycleLabels = []string{"Queued", "Running", "Completed", "Partially succeeded", "Blocked", "Failed", "Cancelled", "Status unknown"}

// shellShowsOperation: the operation label and the lifecycle label are visible, and no other
// lifecycle label is (a terminal outcome stays one outcome).
func shellShowsOperation(ctx context.Context, operation, lifecycle string) error {
	_, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	text := r.Text
	if missing, _ := fragment.TextDiff([]string{operation, lifecycle}, text, false); len(missing) > 0 {
		return fmt.Errorf("the shell does not show %q; it shows:\n%s", missing, text)
	}
	for _, other := range lifecycleLabels {
		if other != lifecycle && !strings.Contains(lifecycle, other) {
			if missing, _ := fragment.TextDiff([]string{other}, text, false); len(missing) == 0 {
				return fmt.Errorf("the shell shows the lifecycle %q besides %q:\n%s", other, lifecycle, text)
			}
		}
	}
	return nil
}

// shellHidesCheckpoint: the persisted resume checkpoint is for diagnostics, never on screen.
func shellHidesCheckpoint(ctx context.Context) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	cp, _ := dig(run.Context, "baseline_compare", "resume", "checkpoint").(string)
	if cp == "" {
		return fmt.Errorf("the run holds no resume checkpoint to hide")
	}
	h, r, err := w.reading(ctx)
	if err != nil {
		return err
	}
	return expect(!strings.Contains(r.Text, cp) && !strings.Contains(h, cp), "the shell shows the resume checkpoint %q:\n%s", cp, h)
}

// shellHidesArtifact: what the run's context says of its artifact (US2-AS3: artifact truth and
// execution truth stay apart) never reaches the hint: none of its values, as text or markup.
func shellHidesArtifact(ctx context.Context) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	artifact, ok := dig(run.Context, "baseline_compare", "artifact").(map[string]any)
	if !ok || len(artifact) == 0 {
		return fmt.Errorf("the run holds no artifact truth to hide")
	}
	h, r, err := w.reading(ctx)
	if err != nil {
		return err
	}
	for k, v := range artifact {
		text := strings.ToLower(fmt.Sprint(v))
		if fragment.Shows(strings.ToLower(r.Text), text) || strings.Contains(strings.ToLower(h), text) {
			return fmt.Errorf("the shell shows the artifact's %s (%q):\n%s", k, text, h)
		}
	}
	return nil
}

// shellPollsNothing: the hint asks the server nothing on its own (NFR-003).
func shellPollsNothing(ctx context.Context) error {
	h, r, err := world(ctx).reading(ctx)
	if err != nil {
		return err
	}
	return expect(len(r.Polling) == 0, "the shell polls (%v):\n%s", r.Polling, h)
}
