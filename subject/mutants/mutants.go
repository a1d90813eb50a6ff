package mutants

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/subject"
)

// A mutant is the reference contract with one rule broken. The suite must reject every one:
// a conformance suite is only as good as the wrong implementations it catches.
type mutant struct {
	name string
	// listAll makes the tenant shell list every run the actor may view, of any tenant.
	listAll bool
	mutate  func(run contract.Run, res contract.Resolution) contract.Resolution
	access  func(actor contract.Actor, run contract.Run) int // nil: the reference rule
	leak    bool                                             // render the hint even when access is denied
	// misread, when set, is how the mutant reads a run before it answers anything about it (a
	// wrong reading of its input); misreadActor likewise for the actor.
	misread      func(run contract.Run) contract.Run
	misreadActor func(actor contract.Actor) contract.Actor
	// list, when set, rewrites the runs a tenant shell lists (a wrong listing).
	list func(runs []contract.Run) []contract.Run
	// decorate, when set, rewrites the hint fragment of a run (a wrong presentation).
	decorate func(run contract.Run, html string) string
	// write, when set, rewrites what the reference writers persisted (a wrong writer).
	write func(sc contract.WriterScenario, tr contract.Trace) contract.Trace
}

func (m mutant) read(run contract.Run) contract.Run {
	if m.misread != nil {
		return m.misread(cloneRun(run))
	}
	return run
}

func (m mutant) readActor(a contract.Actor) contract.Actor {
	if m.misreadActor != nil {
		b := a
		b.Memberships = nil
		for _, ms := range a.Memberships {
			b = b.Grant(ms.TenantID, ms.Capabilities...)
		}
		return m.misreadActor(b)
	}
	return a
}

func (m mutant) Name() string { return "mutant:" + m.name }

func (m mutant) Resolve(_ context.Context, run contract.Run) (contract.Resolution, error) {
	run = m.read(run)
	return m.mutate(run, contract.Resolve(run)), nil
}

func (m mutant) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	run, actor = m.read(run), m.readActor(actor)
	status := contract.Access(actor, run)
	if m.access != nil {
		status = m.access(actor, run)
	}
	if status != contract.StatusOK && !m.leak {
		return subject.Presented{Status: status}, nil
	}
	res := m.mutate(run, contract.Resolve(run))
	html := contract.Present(run, res).HTML()
	if m.decorate != nil {
		html = m.decorate(run, html)
	}
	return subject.Presented{Status: status, ShellHTML: html}, nil
}

func (m mutant) Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (subject.Page, error) {
	p := subject.Page{Status: contract.TenantAccess(m.readActor(actor), tenantID), Runs: []subject.Listed{}}
	if p.Status != contract.StatusOK {
		return p, nil
	}
	if m.list != nil {
		runs = m.list(slices.Clone(runs))
	}
	for _, run := range runs {
		if pr, _ := m.Present(ctx, run, actor); (run.TenantID == tenantID || m.listAll) && pr.Status == contract.StatusOK {
			p.Runs = append(p.Runs, subject.Listed{RunID: run.ID, ShellHTML: pr.ShellHTML})
		}
	}
	return p, nil
}

func same(_ contract.Run, res contract.Resolution) contract.Resolution { return res }

// cloneRun copies what a misreading may change.
func cloneRun(r contract.Run) contract.Run { return r } // misreadings replace members, never edit them in place

// misreadLifecycle rewrites status and outcome with f.
func misreadLifecycle(f func(string) string) func(contract.Run) contract.Run {
	return func(r contract.Run) contract.Run {
		r.Status, r.Outcome = f(r.Status), f(r.Outcome)
		return r
	}
}

// grants adds operations.view to every membership for which f says so.
func grants(f func(caps []string) bool) func(contract.Actor) contract.Actor {
	return func(a contract.Actor) contract.Actor {
		for i, m := range a.Memberships {
			if f(m.Capabilities) {
				a.Memberships[i].Capabilities = append(slices.Clone(m.Capabilities), contract.ViewCapability)
			}
		}
		return a
	}
}

var aliases = map[string]string{"canceled": "cancelled", "success": "succeeded", "successful": "succeeded",
	"fail": "failed", "failure": "failed", "done": "completed", "complete": "completed", "finished": "completed",
	"in_progress": "running", "started": "running", "queue": "queued", "partially-succeeded": "partially_succeeded",
	"partially succeeded": "partially_succeeded", "partiallysucceeded": "partially_succeeded", "block": "blocked"}

var readers = []mutant{
	{name: "percent-on-composite", mutate: func(run contract.Run, res contract.Resolution) contract.Resolution {
		if res.Capability == contract.Composite && res.Composite.Children > 0 {
			res.HasPercent, res.Bar = true, true
			res.Percent = int(100 * (res.Composite.Children - res.Composite.Failed - res.Composite.Partial) / res.Composite.Children)
		}
		return res
	}},
	{name: "phase-on-terminal", mutate: func(run contract.Run, res contract.Resolution) contract.Resolution {
		if res.Lifecycle == contract.LifecycleCompleted {
			live := run
			live.Status, live.Outcome = "running", "pending"
			if r := contract.Resolve(live); r.Capability == contract.Phased || r.Capability == contract.Composite {
				r.Lifecycle, r.Active = res.Lifecycle, false
				return r
			}
		}
		return res
	}},
	{name: "counted-over-phased", mutate: func(run contract.Run, res contract.Resolution) contract.Resolution {
		if res.Active && (res.Capability == contract.Phased || res.Family == "baseline_capture" || res.Family == "baseline_compare") {
			if p, t, ok := contract.CountedGate(run.SummaryCounts); ok {
				res.Capability, res.Label, res.Phase, res.Degraded = contract.Counted, contract.CountedLabel, "", false
				res.HasPercent, res.Bar, res.Percent = true, true, int(100*p/t)
			}
		}
		return res
	}},
	{name: "raw-phase-key-label", mutate: func(run contract.Run, res contract.Resolution) contract.Resolution {
		if res.Capability == contract.Phased && res.Phase != "" {
			res.Label = string(res.Phase)
		}
		return res
	}},
	{name: "forbidden-instead-of-not-found", mutate: same, access: func(actor contract.Actor, run contract.Run) int {
		if s := contract.Access(actor, run); s == contract.StatusNotFound {
			return contract.StatusForbidden
		}
		return contract.Access(actor, run)
	}},
	{name: "progress-leaks-to-denied", mutate: same, leak: true},
	{name: "shell-lists-other-tenants", mutate: same, listAll: true},
	// Only the sweep catches this one: no fixed scenario holds two runs of two tenants sharing
	// an id (suite's TestOnlyTheSweepCatches).
	{name: "shell-keyed-by-id", mutate: same, list: func(runs []contract.Run) []contract.Run {
		// As a PHP collection keyed by id: the last run of each id, where its id came first.
		last := map[int64]contract.Run{}
		var order []int64
		for _, r := range runs {
			if _, seen := last[r.ID]; !seen {
				order = append(order, r.ID)
			}
			last[r.ID] = r
		}
		out := make([]contract.Run, 0, len(order))
		for _, id := range order {
			out = append(out, last[id])
		}
		return out
	}},

	// Wrong readings of the input, one class each (docs/quality.md).
	{name: "status-aliases", mutate: same, misread: misreadLifecycle(func(s string) string {
		if a, ok := aliases[strings.ToLower(contract.TrimPHP(s))]; ok {
			return a
		}
		return s
	})},
	{name: "unicode-trim", mutate: same, misread: misreadLifecycle(strings.TrimSpace)},
	{name: "unicode-case-fold", mutate: same, misread: misreadLifecycle(func(s string) string {
		for _, o := range append(slices.Clone(contract.Statuses), "pending", "succeeded", "partially_succeeded", "blocked", "failed", "cancelled") {
			if strings.EqualFold(strings.TrimSpace(s), o) {
				return o
			}
		}
		return s
	})},
	{name: "completed-at-is-terminal", mutate: same, misread: func(r contract.Run) contract.Run {
		if r.CompletedAt != "" {
			r.Status = "completed"
		}
		return r
	}},
	{name: "progress-list-malformed", mutate: same, misread: func(r contract.Run) contract.Run {
		if c, ok := r.Context.(map[string]any); ok {
			if l, ok := c["progress"].([]any); ok && len(l) > 0 {
				r.Context = map[string]any{"progress": "a list"}
			}
		}
		return r
	}},
	{name: "json-text-decoded", mutate: same, misread: func(r contract.Run) contract.Run {
		r.Context, r.SummaryCounts = decodeText(r.Context), decodeText(r.SummaryCounts)
		return r
	}},
	{name: "capability-case-insensitive", mutate: same, misreadActor: grants(func(caps []string) bool {
		return slices.ContainsFunc(caps, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), contract.ViewCapability) })
	})},
	{name: "capability-wildcard", mutate: same, misreadActor: grants(func(caps []string) bool {
		return slices.Contains(caps, "*") || slices.Contains(caps, "operations.*")
	})},
	{name: "duplicate-membership-first-row", mutate: same, misreadActor: func(a contract.Actor) contract.Actor {
		seen := map[int64]bool{}
		a.Memberships = slices.DeleteFunc(a.Memberships, func(m contract.Membership) bool {
			dup := seen[m.TenantID]
			seen[m.TenantID] = true
			return dup
		})
		return a
	}},
	{name: "platform-member-sees-all", mutate: same, access: func(actor contract.Actor, run contract.Run) int {
		if actor.May(0, contract.ViewCapability) {
			return contract.StatusOK
		}
		return contract.Access(actor, run)
	}},
	{name: "shows-artifact-truth", mutate: same, decorate: func(run contract.Run, html string) string {
		// A terminal compare tells the operator how usable its artifact is, beside the outcome.
		c, _ := run.Context.(map[string]any)
		bc, _ := c["baseline_compare"].(map[string]any)
		if a, ok := bc["artifact"].(map[string]any); ok {
			if truth, ok := a["truth"].(string); ok {
				return strings.Replace(html, "</section>", "<p>Baseline "+truth+"</p></section>", 1)
			}
		}
		return html
	}},
	// Progress a static reader of the markup must see as the operator does, in a tooltip (text
	// beside the copy is caught as text): a percentage written as a character reference, a
	// bar drawn with characters, a step count in words.
	{name: "percent-as-character-reference", mutate: same, decorate: phasedHint(`<span class="info" title="40&#37; done"></span>`)},
	{name: "bar-drawn-in-text", mutate: same, decorate: phasedHint(`<span class="info" title="▓▓░░░"></span>`)},
	{name: "phase-counted-in-words", mutate: same, decorate: phasedHint(`<span class="info" title="Phase two of four"></span>`)},
	{name: "shell-sorted-by-id", mutate: same, list: func(runs []contract.Run) []contract.Run {
		slices.SortStableFunc(runs, func(a, b contract.Run) int { return cmp.Compare(a.ID, b.ID) })
		return runs
	}},
	{name: "shell-lists-each-id-once", mutate: same, list: func(runs []contract.Run) []contract.Run {
		seen := map[int64]bool{}
		return slices.DeleteFunc(runs, func(r contract.Run) bool {
			dup := seen[r.ID]
			seen[r.ID] = true
			return dup
		})
	}},
}

// decodeText decodes JSON text held in strings, at every level: a wrong second decoding.
func decodeText(v any) any {
	switch t := v.(type) {
	case string:
		dec := json.NewDecoder(strings.NewReader(t))
		dec.UseNumber()
		var d any
		if dec.Decode(&d) == nil {
			if _, isObj := d.(map[string]any); isObj {
				return decodeText(d)
			}
			if _, isList := d.([]any); isList {
				return decodeText(d)
			}
		}
		return t
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = decodeText(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = decodeText(x)
		}
		return out
	}
	return v
}

// every is every mutant: the wrong readers and the wrong writers.
func every() []mutant { return append(slices.Clip(readers), writerList...) }

// SweepOnly names the mutants that pass every fixed scenario and vector: only the
// differential sweep rejects them.
var SweepOnly = []string{"shell-keyed-by-id"}

// All returns every in-process mutant by name.
func All() map[string]subject.Implementation {
	m := map[string]subject.Implementation{}
	for _, x := range every() {
		m[x.name] = x
	}
	return m
}

// Names lists the mutants, sorted.
func Names() []string {
	var names []string
	for _, x := range every() {
		names = append(names, x.name)
	}
	sort.Strings(names)
	return names
}

// Readers lists the mutants that answer wrong (resolve, present, shell), sorted: every one
// but the wrong writers, which answer right and persist wrong.
func Readers() []string {
	return slices.DeleteFunc(Names(), func(n string) bool { return slices.Contains(Writers(), n) })
}

// phasedHint adds extra to the hint of every phased run: wrong presentations that tell
// progress the standard forbids beside a phase.
func phasedHint(extra string) func(run contract.Run, html string) string {
	return func(run contract.Run, html string) string {
		if contract.Resolve(run).Capability != contract.Phased {
			return html
		}
		return strings.Replace(html, "</section>", extra+"</section>", 1)
	}
}
