package mutants

import (
	"context"
	"sort"

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
}

func (m mutant) Name() string { return "mutant:" + m.name }

func (m mutant) Resolve(_ context.Context, run contract.Run) (contract.Resolution, error) {
	return m.mutate(run, contract.Resolve(run)), nil
}

func (m mutant) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	status := contract.Access(actor, run)
	if m.access != nil {
		status = m.access(actor, run)
	}
	if status != contract.StatusOK && !m.leak {
		return subject.Presented{Status: status}, nil
	}
	res, _ := m.Resolve(ctx, run)
	return subject.Presented{Status: status, ShellHTML: contract.Present(run, res).HTML()}, nil
}

func (m mutant) Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (subject.Page, error) {
	p := subject.Page{Status: contract.TenantAccess(actor, tenantID), Runs: []subject.Listed{}}
	if p.Status != contract.StatusOK {
		return p, nil
	}
	for _, run := range runs {
		if pr, _ := m.Present(ctx, run, actor); (run.TenantID == tenantID || m.listAll) && pr.Status == contract.StatusOK {
			p.Runs = append(p.Runs, subject.Listed{RunID: run.ID, ShellHTML: pr.ShellHTML})
		}
	}
	return p, nil
}

func same(_ contract.Run, res contract.Resolution) contract.Resolution { return res }

var list = []mutant{
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
	// Only the sweep catches this one: no fixed scenario opens a shell as an actor who may view
	// the runs of two tenants (runner's TestOnlyTheSweepCatches).
	{name: "shell-lists-other-tenants", mutate: same, listAll: true},
}

// SweepOnly names the mutants that pass every fixed scenario and vector: only the
// differential sweep rejects them.
var SweepOnly = []string{"shell-lists-other-tenants"}

// All returns every in-process mutant by name.
func All() map[string]subject.Implementation {
	m := map[string]subject.Implementation{}
	for _, x := range list {
		m[x.name] = x
	}
	return m
}

// Names lists the mutants, sorted.
func Names() []string {
	var names []string
	for _, x := range list {
		names = append(names, x.name)
	}
	sort.Strings(names)
	return names
}
