package mutants

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/subject"
)

// Wrong writers: the reference jobs with one thing persisted wrong, a class each (the trace
// rules of docs/standards.md, "What writers persist"). Each rewrites what the reference
// writers persisted for a scenario; the writer scenarios must reject every one.

func (m mutant) Drive(ctx context.Context, sc contract.WriterScenario, at subject.Target) (subject.Writes, error) {
	w, err := subject.Reference{}.Drive(ctx, sc, at)
	if err != nil || m.write == nil {
		return w, err
	}
	w.Trace = m.write(sc, cloneTrace(w.Trace))
	return w, nil
}

// cloneTrace copies a trace deeply, so a rewrite never touches what the store holds.
func cloneTrace(tr contract.Trace) contract.Trace {
	raw, _ := json.Marshal(tr)
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var out contract.Trace
	_ = dec.Decode(&out)
	return out
}

// ctxOf is a write's context as an object (made one when it is not).
func ctxOf(r *contract.Run) map[string]any {
	c, ok := r.Context.(map[string]any)
	if !ok {
		c = map[string]any{}
		r.Context = c
	}
	return c
}

// progressOf is a write's context.progress, made when absent.
func progressOf(r *contract.Run) map[string]any {
	c := ctxOf(r)
	p, ok := c["progress"].(map[string]any)
	if !ok {
		p = map[string]any{}
		c["progress"] = p
	}
	return p
}

func phaseOf(r contract.Run) map[string]any {
	c, _ := r.Context.(map[string]any)
	p, _ := c["progress"].(map[string]any)
	ph, _ := p["phase"].(map[string]any)
	return ph
}

func clonePhase(ph map[string]any) map[string]any {
	return map[string]any{"key": ph["key"], "label": ph["label"]}
}

// eachPhase edits the phase payload of every write that has one.
func eachPhase(f func(ph map[string]any)) func(contract.WriterScenario, contract.Trace) contract.Trace {
	return func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		for _, r := range tr {
			if ph := phaseOf(r); ph != nil {
				f(ph)
			}
		}
		return tr
	}
}

// rawKeys are the job-internal step names a writer might persist instead of the vocabulary's.
var rawKeys = map[string]string{"preparing": "eligibility_check", "fetching": "evidence_capture", "processing": "drift_evaluation",
	"persisting": "save_results", "finalizing": "finalize"}

var writerList = []mutant{
	{name: "writer-phase-never-persisted", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		for i := range tr {
			if p, ok := ctxOf(&tr[i])["progress"].(map[string]any); ok {
				delete(p, "phase")
			}
		}
		return tr
	}},
	{name: "writer-phase-raw-key", mutate: same, write: eachPhase(func(ph map[string]any) {
		ph["key"] = rawKeys[ph["key"].(string)]
	})},
	{name: "writer-phase-label-internal", mutate: same, write: eachPhase(func(ph map[string]any) {
		ph["label"] = "App\\Jobs\\Baseline::" + ph["key"].(string)
	})},
	{name: "writer-phase-without-label", mutate: same, write: eachPhase(func(ph map[string]any) { delete(ph, "label") })},
	{name: "writer-entered-at-epoch", mutate: same, write: eachPhase(func(ph map[string]any) { ph["entered_at"] = json.Number("1777975200") })},
	{name: "writer-phases-out-of-order", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		// The payloads of the second and third phases swapped: persisted in the wrong order.
		var at []int
		for i, r := range tr {
			if ph := phaseOf(r); ph != nil && (len(at) == 0 || phaseOf(tr[at[len(at)-1]])["key"] != ph["key"]) {
				at = append(at, i)
			}
		}
		if len(at) >= 3 {
			a, b := clonePhase(phaseOf(tr[at[1]])), clonePhase(phaseOf(tr[at[2]]))
			swap := func(from, to int, was, now map[string]any) {
				for i := from; i < to; i++ {
					if ph := phaseOf(tr[i]); ph != nil && ph["key"] == was["key"] {
						ph["key"], ph["label"] = now["key"], now["label"]
					}
				}
			}
			swap(at[1], at[2], a, b)
			swap(at[2], len(tr), b, a)
		}
		return tr
	}},
	{name: "writer-skips-evidence-phase", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		out := tr[:0]
		for _, r := range tr {
			if ph := phaseOf(r); ph == nil || ph["key"] != string(contract.PhaseFetching) {
				out = append(out, r)
			}
		}
		return out
	}},
	{name: "writer-percent-beside-phase", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		// A percentage of the workflow persisted beside the phase.
		for i := range tr {
			if phaseOf(tr[i]) != nil {
				progressOf(&tr[i])["percent"] = json.Number("40")
			}
		}
		return tr
	}},
	{name: "writer-capability-persisted", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		for i := range tr[1:] {
			progressOf(&tr[i+1])["capability"] = claimOf(sc.Family)
		}
		return tr
	}},
	{name: "writer-counts-before-phase", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		// The job writes its item counts as soon as it is queued, before any phase.
		if sc.Family != "tenant.review.compose" {
			for i := range tr {
				tr[i].SummaryCounts = map[string]any{"processed": json.Number("0"), "total": json.Number("12")}
			}
		}
		return tr
	}},
	{name: "writer-new-summary-key", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		for i := range tr {
			tr[i].SummaryCounts = map[string]any{"phases_done": json.Number("1")}
		}
		return tr
	}},
	{name: "writer-child-run-graph", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		for i := range tr {
			ctxOf(&tr[i])["child_run_ids"] = []any{json.Number("41"), json.Number("42")}
		}
		return tr
	}},
	{name: "writer-composite-late", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		// The summary is written when the composition starts, not when the run is queued.
		if p, ok := ctxOf(&tr[0])["progress"].(map[string]any); ok {
			delete(p, "composite")
		}
		return tr
	}},
	{name: "writer-composite-wrong-counts", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		// The children counted are the ones needing attention, not every recent operation.
		for i := range tr {
			c, _ := ctxOf(&tr[i])["progress"].(map[string]any)
			if comp, ok := c["composite"].(map[string]any); ok {
				f, _ := comp["failed"].(json.Number).Int64()
				p, _ := comp["partial"].(json.Number).Int64()
				comp["children"] = json.Number(jsonInt(f + p))
			}
		}
		return tr
	}},
	{name: "writer-composite-invented", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		if sc.Family == "tenant.review.compose" && sc.Operations == nil {
			for i := range tr {
				progressOf(&tr[i])["composite"] = map[string]any{"children": json.Number("0"), "failed": json.Number("0"), "partial": json.Number("0"), "source": "evidence_snapshot"}
			}
		}
		return tr
	}},
	{name: "writer-terminal-never-written", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		return tr[:len(tr)-1] // the job ends without recording it: the run stays active
	}},
	{name: "writer-outcome-flattened", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		last := &tr[len(tr)-1]
		if last.Outcome != "succeeded" {
			last.Outcome = "succeeded" // every end recorded as a success
		}
		return tr
	}},
	{name: "writer-reopens-after-end", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		again := cloneTrace(tr[len(tr)-1:])[0]
		again.Status, again.Outcome = "running", "pending" // a retry hook restarts the ended run
		return append(tr, again)
	}},
	{name: "writer-checkpoint-in-progress", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		for i := range tr {
			c := ctxOf(&tr[i])
			bc, _ := c["baseline_compare"].(map[string]any)
			if resume, ok := bc["resume"].(map[string]any); ok {
				if ph := phaseOf(tr[i]); ph != nil {
					ph["label"] = ph["label"].(string) + " from " + resume["checkpoint"].(string)
				}
			}
		}
		return tr
	}},
	{name: "writer-not-queued-first", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		return tr[1:] // the run is created running, never queued
	}},
	{name: "writer-phase-on-review", mutate: same, write: func(sc contract.WriterScenario, tr contract.Trace) contract.Trace {
		if sc.Family == "tenant.review.compose" {
			for i := range tr[1:] {
				progressOf(&tr[i+1])["phase"] = map[string]any{"key": "processing", "label": "Composing the review", "entered_at": "2026-05-05T10:00:00Z"}
			}
		}
		return tr
	}},
	{name: "writer-phase-cleared-before-end", mutate: same, write: func(_ contract.WriterScenario, tr contract.Trace) contract.Trace {
		// The job clears its progress one write before it ends.
		if n := len(tr); n >= 3 && phaseOf(tr[n-2]) != nil {
			delete(ctxOf(&tr[n-2])["progress"].(map[string]any), "phase")
		}
		return tr
	}},
}

func claimOf(family string) string { return string(contract.Builtin.Lookup(family).Claim) }

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Writers names the wrong writers, in the order above.
func Writers() []string {
	var names []string
	for _, m := range writerList {
		names = append(names, m.name)
	}
	return names
}
