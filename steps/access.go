package steps

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment"
)

// Requests made as an actor: one run, or the shell of one tenant.

func accessSteps(d *definitions) {
	step(d, `^"([^"]*)" opens the run$`, opensRun)

	step(d, `^an anonymous actor opens the run$`, anonymousOpensRun)

	step(d, `^"([^"]*)" opens the shell of "([^"]*)"$`, opensShell)

	check(d, "status", `^the response is (\d+)$`, responseIs)
	check(d, "shell.empty", `^the response reveals (all|nothing) of the run's progress$`, reveals)
	check(d, "tenant-shell.runs", `^the shell lists the runs "([^"]*)"$`, listsRuns)
	check(d, "tenant-shell.runs", `^the shell lists no runs$`, func(ctx context.Context) error { return listsRuns(ctx, "") })
	check(d, "tenant-shell.runs", `^the shell lists the runs "([^"]*)" in that order$`, listsRunsInOrder)
	check(d, "shell.links", `^every hint the shell lists links to its own run and to the operations of "([^"]*)"$`, hintsLinkTo)
}

func openAs(ctx context.Context, actor contract.Actor) error {
	w := world(ctx)
	run, err := w.storedRun(ctx)
	if err != nil {
		return err
	}
	p, err := w.cfg.Impl.Present(ctx, run, actor)
	if err != nil {
		return err
	}
	w.status, w.screen = p.Status, &p.ShellHTML
	return nil
}

func opensRun(ctx context.Context, name string) error {
	w := world(ctx)
	uid, err := w.user(name)
	if err != nil {
		return err
	}
	actor, err := w.store.Actor(ctx, uid)
	if err != nil {
		return err
	}
	return openAs(ctx, actor)
}

func anonymousOpensRun(ctx context.Context) error { return openAs(ctx, contract.Actor{}) }

// opensShell asks the implementation for the tenant's shell, giving it every run the store
// holds: which runs it lists, and the status, are the implementation's answer.
func opensShell(ctx context.Context, name, tenant string) error {
	w := world(ctx)
	uid, err := w.user(name)
	if err != nil {
		return err
	}
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	actor, err := w.store.Actor(ctx, uid)
	if err != nil {
		return err
	}
	runs, err := w.store.Runs(ctx)
	if err != nil {
		return err
	}
	page, err := w.cfg.Impl.Shell(ctx, actor, tid, runs)
	if err != nil {
		return err
	}
	w.listed, w.status, w.page = nil, page.Status, &page
	var shown strings.Builder
	for _, l := range page.Runs {
		shown.WriteString(l.ShellHTML)
		alias := fmt.Sprintf("#%d", l.RunID)
		for a, id := range w.runs {
			if id == l.RunID {
				alias = a
			}
		}
		w.listed = append(w.listed, alias)
	}
	s := shown.String()
	w.screen = &s
	w.listedInOrder = slices.Clone(w.listed)
	sort.Strings(w.listed)
	return nil
}

// listsRunsInOrder: the shell lists exactly these runs, each as often as named, in this order.
func listsRunsInOrder(ctx context.Context, list string) error {
	w := world(ctx)
	got := strings.Join(w.listedInOrder, ", ")
	return expect(got == list, "the shell lists %q, want %q in that order", got, list)
}

// hintsLinkTo: the canonical detail and collection routes of every listed hint are its own
// run's and the tenant's (tenant-aware while that tenant's context is active).
func hintsLinkTo(ctx context.Context, tenant string) error {
	w := world(ctx)
	if w.page == nil || len(w.page.Runs) == 0 {
		return fmt.Errorf("no shell was opened, or it listed no run")
	}
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	for _, l := range w.page.Runs {
		r, err := w.read(ctx, l.ShellHTML)
		if err != nil {
			return err
		}
		if diff := canonicalLinksDiffer(r, l.RunID, tid); diff != "" {
			return fmt.Errorf("the links of run %d's hint: %s", l.RunID, diff)
		}
	}
	return nil
}

func responseIs(ctx context.Context, want int) error {
	w := world(ctx)
	return expect(w.status == want, "response: got %d, want %d", w.status, want)
}

func reveals(ctx context.Context, what string) error {
	w := world(ctx)
	if w.screen == nil {
		return expect(false, "nobody opened anything in this scenario")
	}
	if what == "nothing" {
		return expect(*w.screen == "", "a %d response: got %q, want nothing (a denied response reveals no progress)", w.status, *w.screen)
	}
	res, err := resolved(ctx)
	if err != nil {
		return err
	}
	r, err := w.read(ctx, *w.screen)
	if err != nil {
		return err
	}
	return expect(fragment.Shows(r.Text, res.Label), "progress label: got a response showing %q, want it to show %q", r.Text, res.Label)
}

func listsRuns(ctx context.Context, list string) error {
	w := world(ctx)
	got := strings.Join(w.listed, ", ")
	return expect(got == list, "the shell lists %q, want %q", got, list)
}
