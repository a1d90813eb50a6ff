package contract

import "math/bits"

// Resolution is what the contract says about one run. Its JSON form is fixed by the design
// notes and shared by `conform resolve`, the adapter protocol and the reports.
type Resolution struct {
	RunID      int64
	Family     string
	Lifecycle  Lifecycle
	Active     bool
	Capability Capability
	Label      string
	Phase      Phase   // "" when the resolution names no phase
	Composite  Summary // Composite.Present is false when there is no summary
	Percent    int     // meaningful only when HasPercent
	HasPercent bool    // only counted resolutions carry a percentage
	Bar        bool    // only counted resolutions carry a bar
	Degraded   bool    // selected-family metadata was missing or malformed
}

// Summary is the composite child summary. Counts never become a percentage (FR-009).
type Summary struct {
	Present  bool
	Children int64
	Failed   int64  // -1: unknown (a minimal disclosure, Readings.PartialComposite)
	Partial  int64  // -1: unknown, likewise
	Hint     string // one next-step hint, only when failed or partial children exist
}

// Resolve decides, with the built-in registry, the progress a run may show.
func Resolve(run Run) Resolution { return Builtin.Resolve(run) }

// Resolve decides the progress a run may show. It never fails, never allocates and never
// invents detail; see the package documentation for the rules in order. A family the
// registry does not name takes the counted rung when the counted gate passes and activity
// otherwise; it never gets phase or composite treatment and is never degraded.
func (r *Registry) Resolve(run Run) Resolution {
	lc := NormalizeLifecycle(run.Status, run.Outcome)
	res := Resolution{RunID: run.ID, Family: run.Type, Lifecycle: lc, Active: lc.Active(), Capability: None}
	if !res.Active {
		return res
	}
	fam := r.Lookup(run.Type)
	switch fam.Claim {
	case Phased:
		return r.counted(r.resolvePhased(res, run), run)
	case Composite:
		return r.counted(r.resolveComposite(res, run), run)
	case Counted:
		if c := counted(res, run); c.Capability == Counted {
			return c
		}
	case Activity:
		if fam.Scope == ScopeDeferred && r.settings.Readings.DeferredCounts == ReadCounted {
			if c := counted(res, run); c.Capability == Counted {
				return c
			}
		}
	}
	return activity(res)
}

// counted is the counted rung: res as counted when summary_counts pass the gate, unchanged
// otherwise.
func counted(res Resolution, run Run) Resolution {
	if processed, total, ok := CountedGate(run.SummaryCounts); ok {
		res.Capability, res.Label = Counted, CountedLabel
		res.Percent, res.HasPercent, res.Bar = floorPercent(processed, total), true, true
	}
	return res
}

// counted is, for a selected family whose metadata is missing, the counted rung when the
// registry reads missing metadata with passing counts as counted (Readings.MissingWithCounts).
func (r *Registry) counted(res Resolution, run Run) Resolution {
	if res.Degraded && res.Capability == Activity && r.settings.Readings.MissingWithCounts == ReadCounted {
		if c := counted(res, run); c.Capability == Counted {
			c.Degraded = false
			return c
		}
	}
	return res
}

func activity(res Resolution) Resolution {
	res.Capability, res.Label = Activity, ActivityLabel
	if res.Lifecycle == LifecycleQueued {
		res.Label = QueuedLabel
	}
	return res
}

// missing is a selected family without its metadata: activity, marked degraded.
func missing(res Resolution) Resolution {
	res = activity(res)
	res.Degraded = true
	return res
}

// progressMember returns context.progress[name]: present is false when any step of the path
// holds nothing; ok is false when something there is not of the expected shape.
func progressMember(ctx any, name string) (v any, present, ok bool) {
	c, present, ok := object(ctx)
	if !present || !ok {
		// A context that is not an object carries no progress metadata at all.
		return nil, false, true
	}
	p, present, ok := object(c["progress"])
	if !present || !ok {
		return nil, present, ok
	}
	v = p[name]
	if absent(v) {
		return nil, false, true
	}
	return v, true, true
}

func (r *Registry) resolvePhased(res Resolution, run Run) Resolution {
	raw, present, ok := progressMember(run.Context, "phase")
	if ok && !present {
		return missing(res)
	}
	if ph, isObj := raw.(map[string]any); isObj && ok {
		if key, isStr := ph["key"].(string); isStr {
			if label, known := r.LabelFor(run.Type, Phase(key)); known {
				res.Capability, res.Label, res.Phase = Phased, label, Phase(key)
				return res
			}
		}
	}
	res.Capability, res.Label, res.Degraded = Phased, r.settings.GenericPhased, true
	return res
}

func (r *Registry) resolveComposite(res Resolution, run Run) Resolution {
	raw, present, ok := progressMember(run.Context, "composite")
	if ok && !present {
		return missing(res)
	}
	if s, valid := summary(raw, r.settings.Readings.PartialComposite == ReadMinimal); valid && ok {
		res.Capability, res.Composite = Composite, s
		switch {
		case s.Children == 0:
			res.Label = CompositeEmptyLabel
		case s.Failed > 0 || s.Partial > 0:
			res.Label = CompositeAttentionLabel
		default:
			res.Label = CompositeLabel
		}
		return res
	}
	res.Capability, res.Label, res.Degraded = Composite, r.settings.GenericComposite, true
	return res
}

// summary reads a composite payload. children, failed and partial must all be non-negative
// integers with failed+partial <= children: an absent count is unknown, and the contract does
// not invent it as zero. With minimal, a summary whose children count is there and whose
// failed or partial count is absent is read as minimal disclosure: the children count alone,
// the absent counts unknown (never zero), no hint.
func summary(v any, minimal bool) (Summary, bool) {
	children, failed, partial, shape := ReadCounts(v)
	if shape != ShapeOK {
		if minimal {
			if c, f, p, ok := minimalCounts(v); ok {
				s := Summary{Present: true, Children: c, Failed: f, Partial: p}
				switch {
				case f > 0:
					s.Hint = HintFailed
				case p > 0:
					s.Hint = HintPartial
				}
				return s, true
			}
		}
		return Summary{}, false
	}
	s := Summary{Present: true, Children: children, Failed: failed, Partial: partial}
	switch {
	case failed > 0:
		s.Hint = HintFailed
	case partial > 0:
		s.Hint = HintPartial
	}
	return s, true
}

// minimalCounts reads a composite payload whose children count is there and whose failed or
// partial count is absent (the present ones well-formed): minimal disclosure, an absent count
// -1 (unknown, never zero).
func minimalCounts(v any) (children, failed, partial int64, ok bool) {
	m, isObj := v.(map[string]any)
	if !isObj {
		return 0, 0, 0, false
	}
	children, ok = integer(m["children"])
	if !ok || children < 0 {
		return 0, 0, 0, false
	}
	absent := 0
	var sum int64
	counts := [2]int64{-1, -1}
	for i, k := range []string{"failed", "partial"} {
		x, present := m[k]
		if !present || x == nil {
			absent++
			continue
		}
		n, ok := integer(x)
		if !ok || n < 0 {
			return 0, 0, 0, false
		}
		counts[i], sum = n, sum+n
	}
	if absent == 0 || sum > children {
		return 0, 0, 0, false
	}
	return children, counts[0], counts[1], true
}

// The shapes of a composite payload, as ReadCounts tells them apart.
const (
	ShapeOK           = "ok"
	ShapeMalformed    = "malformed"    // not an object, or a count absent, not an integer, or negative
	ShapeInconsistent = "inconsistent" // failed + partial > children
)

// ReadCounts reads the counts of a composite payload by the contract's one rule: the
// resolution and the audit both read them here.
func ReadCounts(v any) (children, failed, partial int64, shape string) {
	m, isObj := v.(map[string]any)
	if !isObj {
		return 0, 0, 0, ShapeMalformed
	}
	children, ok1 := integer(m["children"])
	failed, ok2 := integer(m["failed"])
	partial, ok3 := integer(m["partial"])
	if !ok1 || !ok2 || !ok3 || children < 0 || failed < 0 || partial < 0 {
		return 0, 0, 0, ShapeMalformed
	}
	if failed > children || partial > children-failed {
		return 0, 0, 0, ShapeInconsistent
	}
	return children, failed, partial, ShapeOK
}

// CountedGate applies the counted contract to summary_counts: processed and total are
// integers with total > 0 and 0 <= processed <= total.
func CountedGate(counts any) (processed, total int64, ok bool) {
	m, isObj := counts.(map[string]any)
	if !isObj {
		return 0, 0, false
	}
	p, okP := integer(m["processed"])
	t, okT := integer(m["total"])
	if !okP || !okT || t <= 0 || p < 0 || p > t {
		return 0, 0, false
	}
	return p, t, true
}

// floorPercent is floor(100*processed/total) for 0 <= processed <= total, total > 0, exact
// for every int64 (the product is taken in 128 bits).
func floorPercent(processed, total int64) int {
	hi, lo := bits.Mul64(uint64(processed), 100)
	q, _ := bits.Div64(hi, lo, uint64(total))
	return int(q)
}
