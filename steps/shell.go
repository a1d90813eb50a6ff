package steps

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/cucumber/godog"
)

// Assertions on the rendered shell hint, read as an operator reads it.

func shellSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the shell shows "([^"]*)"$`, shellShows)
	sc.Step(`^the shell does not show "([^"]*)"$`, shellDoesNotShow)
	sc.Step(`^the shell shows no progress bar and no percentage$`, noBarNoPercent)
	sc.Step(`^the shell shows a progress bar$`, shellHasBar)
	sc.Step(`^every piece of copy in the shell obeys the copy rules$`, copyRules)
	sc.Step(`^the shell's only actions are "([^"]*)" and "([^"]*)"$`, onlyActions)
	sc.Step(`^the shell links to the run's operation page and to the tenant's operations$`, canonicalLinks)
}

var (
	tag       = regexp.MustCompile(`<[^>]*>`)
	anchor    = regexp.MustCompile(`(?s)<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>`)
	mutating  = regexp.MustCompile(`(?i)<(button|form|input|select|textarea)\b`)
	progressE = regexp.MustCompile(`(?i)<progress\b|role="progressbar"|<meter\b`)
)

// visibleTexts are the text pieces an operator reads, tags removed and entities decoded.
func visibleTexts(fragment string) []string {
	var out []string
	for _, piece := range tag.Split(fragment, -1) {
		if s := strings.TrimSpace(html.UnescapeString(piece)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func visible(fragment string) string { return strings.Join(visibleTexts(fragment), "\n") }

func shellShows(ctx context.Context, text string) error {
	h, err := world(ctx).shell(ctx)
	if err != nil {
		return err
	}
	return expect(strings.Contains(visible(h), text), "the shell does not show %q; it shows:\n%s", text, visible(h))
}

func shellDoesNotShow(ctx context.Context, text string) error {
	h, err := world(ctx).shell(ctx)
	if err != nil {
		return err
	}
	return expect(!strings.Contains(strings.ToLower(visible(h)), strings.ToLower(text)),
		"the shell shows %q, which it must not; it shows:\n%s", text, visible(h))
}

func noBarNoPercent(ctx context.Context) error {
	h, err := world(ctx).shell(ctx)
	if err != nil {
		return err
	}
	if progressE.MatchString(h) {
		return fmt.Errorf("the shell renders a progress bar:\n%s", h)
	}
	return expect(!strings.Contains(h, "%") && !strings.Contains(strings.ToLower(visible(h)), "percent"),
		"the shell shows a percentage:\n%s", h)
}

func shellHasBar(ctx context.Context) error {
	h, err := world(ctx).shell(ctx)
	if err != nil {
		return err
	}
	return expect(progressE.MatchString(h), "the shell renders no progress bar:\n%s", h)
}

func copyRules(ctx context.Context) error {
	w := world(ctx)
	h, err := w.shell(ctx)
	if err != nil {
		return err
	}
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	for _, s := range visibleTexts(h) {
		if err := contract.CheckCopy(s, res.Capability == contract.Counted); err != nil {
			return err
		}
	}
	return nil
}

func onlyActions(ctx context.Context, first, second string) error {
	h, err := world(ctx).shell(ctx)
	if err != nil {
		return err
	}
	if m := mutating.FindString(h); m != "" {
		return fmt.Errorf("the shell offers a mutating control %s:\n%s", m, h)
	}
	var texts []string
	for _, m := range anchor.FindAllStringSubmatch(h, -1) {
		texts = append(texts, visible(m[2]))
	}
	got := strings.Join(texts, " | ")
	return expect(got == first+" | "+second, "shell actions: got %q, want %q", got, first+" | "+second)
}

func canonicalLinks(ctx context.Context) error {
	w := world(ctx)
	h, err := w.shell(ctx)
	if err != nil {
		return err
	}
	run, err := w.store.Run(ctx, w.current)
	if err != nil {
		return err
	}
	var hrefs []string
	for _, m := range anchor.FindAllStringSubmatch(h, -1) {
		hrefs = append(hrefs, html.UnescapeString(m[1]))
	}
	want := []string{contract.ViewURL(run.ID), contract.AllURL(run.TenantID)}
	return expect(strings.Join(hrefs, " ") == strings.Join(want, " "), "shell links: got %v, want %v", hrefs, want)
}
