package sweep

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// shrink makes a case smaller while keep says it still shows what it showed: it tries every
// simpler variant in turn, takes the first that keeps, and starts again, until none does or
// the budget of tries is spent. Every variant is strictly smaller, so it always ends.
func shrink(c Case, keep func(Case) bool, budget int) (Case, int) {
	steps := 0
	for budget > 0 {
		progressed := false
		for _, cand := range variants(c) {
			budget--
			if keep(cand) {
				c, progressed = cand, true
				steps++
				break
			}
			if budget <= 0 {
				break
			}
		}
		if !progressed {
			break
		}
	}
	return c, steps
}

// variants lists simpler forms of a case, the biggest cuts first.
func variants(c Case) []Case {
	var out []Case
	with := func(f func(*Case)) {
		n := c.clone()
		f(&n)
		out = append(out, n)
	}
	if c.Page != nil {
		with(func(n *Case) { n.Page, n.PageTenant = nil, 0 })
		for i := range c.Page {
			if c.Page[i].ID != c.Run.ID {
				with(func(n *Case) { n.Page = slices.Delete(n.Page, i, i+1) })
			}
		}
	}
	for _, v := range shrinkValue(c.Run.Context) {
		with(func(n *Case) { n.Run.Context = v; n.syncPage() })
	}
	for _, v := range shrinkValue(c.Run.SummaryCounts) {
		with(func(n *Case) { n.Run.SummaryCounts = v; n.syncPage() })
	}
	for _, s := range shrinkKey(c.Run.Type) {
		with(func(n *Case) { n.Run.Type = s; n.syncPage() })
	}
	for _, s := range shrinkKey(c.Run.Status) {
		with(func(n *Case) { n.Run.Status = s; n.syncPage() })
	}
	for _, s := range shrinkKey(c.Run.Outcome) {
		with(func(n *Case) { n.Run.Outcome = s; n.syncPage() })
	}
	if c.Run.StartedAt != "" {
		with(func(n *Case) { n.Run.StartedAt = ""; n.syncPage() })
	}
	for _, t := range []int64{7, 1} {
		if c.Run.TenantID > t && c.Page == nil {
			with(func(n *Case) {
				for tid, caps := range n.Actor.Memberships {
					if tid == n.Run.TenantID {
						delete(n.Actor.Memberships, tid)
						n.Actor.Memberships[t] = caps
					} else if tid == t {
						delete(n.Actor.Memberships, tid)
					}
				}
				n.Run.TenantID = t
			})
		}
	}
	for _, id := range []int64{42, 1} {
		if c.Run.ID > id && c.Page == nil {
			with(func(n *Case) { n.Run.ID = id })
		}
	}
	// The actor: fewer memberships, fewer capabilities.
	for _, tid := range slices.Sorted(maps.Keys(c.Actor.Memberships)) {
		with(func(n *Case) { delete(n.Actor.Memberships, tid) })
		for i := range c.Actor.Memberships[tid] {
			with(func(n *Case) { n.Actor.Memberships[tid] = slices.Delete(n.Actor.Memberships[tid], i, i+1) })
		}
	}
	return out
}

// syncPage keeps the run inside its tenant-shell page in step after the run changed.
func (c *Case) syncPage() {
	for i := range c.Page {
		if c.Page[i].ID == c.Run.ID {
			c.Page[i] = c.Run
		}
	}
}

func (c Case) clone() Case {
	n := c
	n.Actor.Memberships = map[int64][]string{}
	for k, v := range c.Actor.Memberships {
		n.Actor.Memberships[k] = slices.Clone(v)
	}
	n.Page = slices.Clone(c.Page)
	return n
}

// shrinkKey offers the plain spelling of a machine key, then nothing.
func shrinkKey(s string) []string {
	var out []string
	if t := strings.ToLower(strings.TrimSpace(s)); t != s {
		out = append(out, t)
	}
	return out
}

// shrinkValue lists simpler forms of a decoded JSON value: null, then each member removed,
// then each member simplified. Values are never modified in place.
func shrinkValue(v any) []any {
	if v == nil {
		return nil
	}
	out := []any{nil}
	switch t := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(t))
		for _, k := range keys {
			m := maps.Clone(t)
			delete(m, k)
			out = append(out, m)
		}
		for _, k := range keys {
			for _, s := range shrinkValue(t[k]) {
				m := maps.Clone(t)
				m[k] = s
				out = append(out, m)
			}
		}
	case []any:
		for i := range t {
			out = append(out, slices.Delete(slices.Clone(t), i, i+1))
		}
		for i := range t {
			for _, s := range shrinkValue(t[i]) {
				a := slices.Clone(t)
				a[i] = s
				out = append(out, a)
			}
		}
	case json.Number:
		switch t {
		case "0":
		case "1":
			out = append(out, json.Number("0"))
		default:
			out = append(out, json.Number("0"), json.Number("1"))
		}
	case string:
		if k := shrinkKey(t); len(k) > 0 {
			out = append(out, k[0])
		}
		if t != "" {
			out = append(out, "")
		}
	case bool:
		if t {
			out = append(out, false)
		}
	}
	return out
}
