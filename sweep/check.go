package sweep

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/subject"
)

// Answer is what an implementation said about one case.
type Answer struct {
	Res      contract.Resolution
	Status   int
	Fragment string
	Reading  fragment.Reading // the fragment as conformance reads it
	Page     *subject.Page
	// PageReadings are the fragments of the tenant shell's runs as conformance reads them, in
	// the order listed.
	PageReadings []fragment.Reading
	Err          error // the implementation could not answer (a protocol failure or a reported error)
}

// ask puts a case to an implementation and reads its fragments with r: the resolution, the run
// as the case's actor opens it, and the tenant shell on shell cases. only limits the questions
// to the ones a property needs.
func ask(ctx context.Context, im subject.Implementation, r fragment.Reader, c Case, only string) (Answer, error) {
	qs := questions(c, only)
	a := answer(qs, subject.AskAll(ctx, im, qs))
	err := readAnswers(ctx, r, []*Answer{&a})
	return a, err
}

// readAnswers reads every fragment of the answers with r, in one call.
func readAnswers(ctx context.Context, r fragment.Reader, as []*Answer) error {
	if r == nil {
		r = fragment.Static{}
	}
	var frags []string
	for _, a := range as {
		if a.Err != nil {
			continue
		}
		frags = append(frags, a.Fragment)
		if a.Page != nil {
			for _, l := range a.Page.Runs {
				frags = append(frags, l.ShellHTML)
			}
		}
	}
	rs, err := r.ReadAll(ctx, frags)
	if err != nil {
		return err
	}
	k := 0
	for _, a := range as {
		if a.Err != nil {
			continue
		}
		a.Reading, k = rs[k], k+1
		if a.Page != nil {
			a.PageReadings = rs[k : k+len(a.Page.Runs)]
			k += len(a.Page.Runs)
		}
	}
	return nil
}

// questions are what a case asks, limited to what the property only needs ("" for all).
func questions(c Case, only string) []subject.Question {
	var qs []subject.Question
	group := propGroup(only)
	if group == "" || group == "resolution" || group == "invariant" {
		qs = append(qs, subject.Question{Kind: subject.KindResolve, Run: c.Run})
	}
	if group == "" || group == "present" || group == "invariant" {
		qs = append(qs, subject.Question{Kind: subject.KindPresent, Run: c.Run, Actor: c.Actor})
	}
	if c.Page != nil && (group == "" || group == "tenant-shell") {
		qs = append(qs, subject.Question{Kind: subject.KindShell, Actor: c.Actor, TenantID: c.PageTenant, Runs: c.Page})
	}
	return qs
}

// answer assembles the replies to a case's questions.
func answer(qs []subject.Question, rs []subject.Reply) Answer {
	var a Answer
	for i, q := range qs {
		r := rs[i]
		if r.Err != nil {
			return Answer{Err: fmt.Errorf("%s: %w", q.Kind, r.Err)}
		}
		switch q.Kind {
		case subject.KindResolve:
			a.Res = r.Resolution
		case subject.KindPresent:
			a.Status, a.Fragment = r.Presented.Status, r.Presented.ShellHTML
		case subject.KindShell:
			p := r.Page
			a.Page = &p
		}
	}
	return a
}

// The properties a sweep compares, in report order. Each is one scenario of the sweep feature
// and one entry of a report when it diverges.
const (
	PropAnswer        = "answer"
	PropStatus        = "status"
	PropPageStatus    = "tenant-shell.status"
	PropPageRuns      = "tenant-shell.runs"
	PropPageFragments = "tenant-shell.fragments"
)

var resolutionFields = []string{"run_id", "family", "lifecycle", "active", "capability", "label", "phase", "composite", "percent", "bar", "degraded"}

// invariants are rules every answer must keep, whatever the reference says: they give the
// in-process run something to check, and a clearer message than a bare difference.
var invariants = []struct {
	name  string
	check func(reg *contract.Registry, c Case, a Answer) error
}{
	{"invariant.terminal", invTerminal},
	{"invariant.percent", invPercent},
	{"invariant.claim", invClaim},
	{"invariant.copy", invCopy},
	{"invariant.counted-gate", invCountedGate},
	{"invariant.denied-reveals-nothing", invDenied},
	{"invariant.fragment", invFragment},
}

// Properties lists every property, in report order.
func Properties() []string {
	out := []string{PropAnswer}
	for _, f := range resolutionFields {
		out = append(out, "resolution."+f)
	}
	out = append(out, PropStatus)
	out = append(out, fragment.Properties...)
	out = append(out, PropPageStatus, PropPageRuns, PropPageFragments)
	for _, inv := range invariants {
		out = append(out, inv.name)
	}
	return out
}

// propGroup is the question a property needs answered: "resolution", "present",
// "tenant-shell", "invariant", or "" for all.
func propGroup(prop string) string {
	switch {
	case prop == "" || prop == PropAnswer:
		return ""
	case strings.HasPrefix(prop, "resolution."):
		return "resolution"
	case prop == PropStatus || strings.HasPrefix(prop, "shell."):
		return "present"
	case strings.HasPrefix(prop, "tenant-shell."):
		return "tenant-shell"
	}
	return "invariant"
}

// compare lists the ways got differs from want (the reference's answer) and the invariants
// got breaks.
func compare(reg *contract.Registry, c Case, want, got Answer) []fragment.Divergence {
	var out []fragment.Divergence
	add := func(prop, w, g string) { out = append(out, fragment.Divergence{Property: prop, Want: w, Got: g}) }
	if got.Err != nil {
		add(PropAnswer, "an answer", oneLine(got.Err.Error()))
		return out
	}
	if want.Err != nil {
		return out // the reference never fails; if it did, there is nothing to compare with
	}
	wf, gf := fieldsOf(want.Res), fieldsOf(got.Res)
	for _, f := range resolutionFields {
		if wf[f] != gf[f] {
			add("resolution."+f, wf[f], gf[f])
		}
	}
	if want.Status != got.Status {
		add(PropStatus, strconv.Itoa(want.Status), strconv.Itoa(got.Status))
	}
	out = append(out, fragment.Compare(want.Reading, want.Reading.Pieces, got.Reading)...)
	if want.Page != nil && got.Page != nil {
		if want.Page.Status != got.Page.Status {
			add(PropPageStatus, strconv.Itoa(want.Page.Status), strconv.Itoa(got.Page.Status))
		}
		// The shell lists exactly the visible runs, each as often as it is given, in the order
		// given: the listing is a sequence, not a set.
		if w, g := ids(want.Page), ids(got.Page); w != g {
			add(PropPageRuns, w, g)
		} else {
			for i, wl := range want.Page.Runs {
				gl := got.Page.Runs[i]
				if gl.ShellHTML == wl.ShellHTML {
					continue
				}
				w := want.PageReadings[i]
				if d := fragment.Compare(w, w.Pieces, got.PageReadings[i]); len(d) > 0 {
					add(PropPageFragments, fmt.Sprintf("entry %d (run %d) as /admin/operations/%d shows it", i+1, wl.RunID, wl.RunID), d[0].String())
					break
				}
			}
		}
	}
	for _, inv := range invariants {
		if err := inv.check(reg, c, got); err != nil {
			add(inv.name, "the rule kept", err.Error())
		}
	}
	return out
}

// ids is the listing as a reviewer reads it: the run ids in the order listed.
func ids(p *subject.Page) string {
	if len(p.Runs) == 0 {
		return "no runs"
	}
	s := make([]string, len(p.Runs))
	for i, l := range p.Runs {
		s[i] = strconv.FormatInt(l.RunID, 10)
	}
	return strings.Join(s, ", ")
}

// fieldsOf is the resolution's wire form, field by field, as compact JSON values.
func fieldsOf(r contract.Resolution) map[string]string {
	m := map[string]string{
		"run_id": strconv.FormatInt(r.RunID, 10), "family": strconv.Quote(r.Family),
		"lifecycle": strconv.Quote(string(r.Lifecycle)), "active": strconv.FormatBool(r.Active),
		"capability": strconv.Quote(string(r.Capability)), "label": strconv.Quote(r.Label),
		"phase": "null", "composite": "null", "percent": "null",
		"bar": strconv.FormatBool(r.Bar), "degraded": strconv.FormatBool(r.Degraded),
	}
	if r.Phase != "" {
		m["phase"] = strconv.Quote(string(r.Phase))
	}
	if c := r.Composite; c.Present {
		m["composite"] = fmt.Sprintf(`{"children":%d,"failed":%d,"partial":%d,"hint":%q}`, c.Children, c.Failed, c.Partial, c.Hint)
	}
	if r.HasPercent {
		m["percent"] = strconv.Itoa(r.Percent)
	}
	return m
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	const max = 300
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

func invTerminal(reg *contract.Registry, c Case, a Answer) error {
	r := a.Res
	if r.Active != (r.Lifecycle == contract.LifecycleQueued || r.Lifecycle == contract.LifecycleRunning) {
		return fmt.Errorf("active is %v for lifecycle %q", r.Active, r.Lifecycle)
	}
	if !r.Active && (r.Capability != contract.None || r.Label != "" || r.Phase != "" || r.Composite.Present || r.HasPercent || r.Bar || r.Degraded) {
		return fmt.Errorf("an inactive run (%s) gets treatment: capability %q, label %q", r.Lifecycle, r.Capability, r.Label)
	}
	if r.Active && r.Capability == contract.None {
		return fmt.Errorf("an active run gets capability none")
	}
	return nil
}

func invPercent(reg *contract.Registry, c Case, a Answer) error {
	r := a.Res
	counted := r.Capability == contract.Counted
	if r.HasPercent != counted || r.Bar != counted {
		return fmt.Errorf("capability %q with percent %v and bar %v: only counted carries both", r.Capability, r.HasPercent, r.Bar)
	}
	if r.HasPercent && (r.Percent < 0 || r.Percent > 100) {
		return fmt.Errorf("percent %d outside 0..100", r.Percent)
	}
	return nil
}

func invClaim(reg *contract.Registry, c Case, a Answer) error {
	r, fam := a.Res, reg.Lookup(c.Run.Type)
	switch {
	case r.Capability == contract.Phased && fam.Claim != contract.Phased:
		return fmt.Errorf("family %q claims %s but resolves phased", c.Run.Type, fam.Claim)
	case r.Capability == contract.Composite && fam.Claim != contract.Composite:
		return fmt.Errorf("family %q claims %s but resolves composite", c.Run.Type, fam.Claim)
	case r.Degraded && fam.Scope != contract.ScopeSelected:
		return fmt.Errorf("family %q (%s) is marked degraded; only selected families ever are", c.Run.Type, fam.Scope)
	case r.Phase != "" && r.Capability != contract.Phased:
		return fmt.Errorf("phase %q reported with capability %q", r.Phase, r.Capability)
	case r.Composite.Present && r.Capability != contract.Composite:
		return fmt.Errorf("a composite summary with capability %q", r.Capability)
	}
	return nil
}

func invCopy(reg *contract.Registry, c Case, a Answer) error {
	r := a.Res
	if r.Label != "" {
		if err := contract.CheckCopy(r.Label, r.Capability == contract.Counted); err != nil {
			return err
		}
	}
	if r.Capability == contract.Phased && r.Phase != "" {
		if want, ok := reg.LabelFor(c.Run.Type, r.Phase); !ok || want != r.Label {
			return fmt.Errorf("phase %q of %q shows %q, the vocabulary says %q", r.Phase, c.Run.Type, r.Label, want)
		}
	}
	return nil
}

func invCountedGate(reg *contract.Registry, c Case, a Answer) error {
	r := a.Res
	if !r.Active || reg.Lookup(c.Run.Type).Claim != contract.Counted {
		return nil
	}
	p, t, ok := contract.CountedGate(c.Run.SummaryCounts)
	if ok != (r.Capability == contract.Counted) {
		return fmt.Errorf("the counted gate says %v, the capability is %q", ok, r.Capability)
	}
	if ok {
		want := new(big.Int).Div(new(big.Int).Mul(big.NewInt(p), big.NewInt(100)), big.NewInt(t)).Int64()
		if int64(r.Percent) != want {
			return fmt.Errorf("%d of %d is %d%%, not %d%%", p, t, want, r.Percent)
		}
	}
	return nil
}

func invDenied(reg *contract.Registry, c Case, a Answer) error {
	if a.Status != contract.StatusOK && strings.TrimSpace(a.Fragment) != "" {
		return fmt.Errorf("a %d answer carries a fragment", a.Status)
	}
	if a.Status == contract.StatusOK && strings.TrimSpace(a.Fragment) == "" {
		return fmt.Errorf("a 200 answer carries no fragment")
	}
	return nil
}

func invFragment(reg *contract.Registry, c Case, a Answer) error {
	if a.Status != contract.StatusOK {
		return nil
	}
	f := a.Reading
	if a.Res.Capability != contract.Counted && (len(f.Bars) > 0 || f.Percent || len(f.Quantified) > 0) {
		return fmt.Errorf("a %s hint shows a bar, a percentage or quantified progress", a.Res.Capability)
	}
	if a.Res.Capability == contract.Counted && len(f.Bars) != 1 {
		return fmt.Errorf("a counted hint shows %d bars, not one", len(f.Bars))
	}
	if len(f.Polling) > 0 {
		return fmt.Errorf("the hint polls: %v", f.Polling)
	}
	if len(f.Controls) > 0 {
		return fmt.Errorf("the hint offers controls %v", f.Controls)
	}
	var hrefs []string
	for _, l := range f.Links {
		hrefs = append(hrefs, l.Href)
	}
	slices.Sort(hrefs)
	want := []string{contract.AllURL(c.Run.TenantID), contract.ViewURL(c.Run.ID)}
	slices.Sort(want)
	if !slices.Equal(hrefs, want) {
		return fmt.Errorf("links %v, want %v", hrefs, want)
	}
	return nil
}
