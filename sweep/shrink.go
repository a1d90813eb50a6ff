package sweep

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/conform-dev/conform/contract"
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
			with(func(n *Case) { n.Page = slices.Delete(n.Page, i, i+1) })
		}
	}
	for _, v := range shrinkValue(c.Run.Context) {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.Context = v }) })
	}
	for _, v := range shrinkValue(c.Run.SummaryCounts) {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.SummaryCounts = v }) })
	}
	for _, s := range shrinkKey(c.Run.Type) {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.Type = s }) })
	}
	for _, s := range shrinkKey(c.Run.Status) {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.Status = s }) })
	}
	for _, s := range shrinkKey(c.Run.Outcome) {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.Outcome = s }) })
	}
	if c.Run.FailureSummary != nil || c.Run.StartedAt != "" || c.Run.CompletedAt != "" || c.Run.CreatedAt != "" || c.Run.UpdatedAt != "" {
		with(func(n *Case) {
			n.setRun(func(r *contract.Run) {
				r.FailureSummary, r.StartedAt, r.CompletedAt, r.CreatedAt, r.UpdatedAt = nil, "", "", "", ""
			})
		})
	}
	// Ids: smaller ones, the run's tenant renamed in the actor's memberships and the page too,
	// so that what the ids meant stays.
	for _, t := range []int64{7, 1} {
		if smaller(t, c.Run.TenantID) && !c.Actor.Member(t) && !pageHasTenant(c.Page, t) {
			with(func(n *Case) { n.renameTenant(c.Run.TenantID, t) })
		}
	}
	for _, id := range []int64{42, 1} {
		if smaller(id, c.Run.ID) && !pageHasID(c.Page, id) {
			with(func(n *Case) {
				old := n.Run.ID
				for i := range n.Page {
					if n.Page[i].ID == old && n.Page[i].TenantID == n.Run.TenantID {
						n.Page[i].ID = id
					}
				}
				n.Run.ID = id
			})
		}
	}
	if smaller(3, c.Run.UserID) && c.Actor.UserID != c.Run.UserID {
		with(func(n *Case) { n.setRun(func(r *contract.Run) { r.UserID = 3 }) })
	}
	if smaller(100, c.Actor.UserID) && c.Actor.UserID != c.Run.UserID && c.Actor.UserID != 0 {
		with(func(n *Case) { n.Actor.UserID = 100 })
	}
	// The actor: fewer memberships, fewer capabilities.
	for i, m := range c.Actor.Memberships {
		with(func(n *Case) { n.Actor.Memberships = slices.Delete(n.Actor.Memberships, i, i+1) })
		for k := range m.Capabilities {
			with(func(n *Case) {
				n.Actor.Memberships[i].Capabilities = slices.Delete(n.Actor.Memberships[i].Capabilities, k, k+1)
			})
		}
	}
	return out
}

// smaller orders ids for shrinking: a small positive id is simpler than a large one, and any
// positive id simpler than zero or a negative one. Every step goes down this order, so
// shrinking ends.
func smaller(a, b int64) bool {
	rank := func(x int64) uint64 {
		if x > 0 {
			return uint64(x)
		}
		return 1<<63 + uint64(-(x + 1)) // 0 -> 2^63, -1 -> 2^63+1, ...
	}
	return rank(a) < rank(b)
}

// setRun changes the case's run, and the same run inside its tenant-shell page.
func (c *Case) setRun(f func(*contract.Run)) {
	for i := range c.Page {
		if c.Page[i].ID == c.Run.ID && c.Page[i].TenantID == c.Run.TenantID {
			f(&c.Page[i])
		}
	}
	f(&c.Run)
}

// renameTenant gives tenant from the id to everywhere in the case.
func (c *Case) renameTenant(from, to int64) {
	if c.Run.TenantID == from {
		c.Run.TenantID = to
	}
	for i := range c.Page {
		if c.Page[i].TenantID == from {
			c.Page[i].TenantID = to
		}
	}
	for i := range c.Actor.Memberships {
		if c.Actor.Memberships[i].TenantID == from {
			c.Actor.Memberships[i].TenantID = to
		}
	}
	if c.PageTenant == from {
		c.PageTenant = to
	}
}

func pageHasTenant(page []contract.Run, t int64) bool {
	return slices.ContainsFunc(page, func(r contract.Run) bool { return r.TenantID == t })
}

func pageHasID(page []contract.Run, id int64) bool {
	return slices.ContainsFunc(page, func(r contract.Run) bool { return r.ID == id })
}

func (c Case) clone() Case {
	n := c
	n.Actor.Memberships = make([]contract.Membership, len(c.Actor.Memberships))
	for i, m := range c.Actor.Memberships {
		n.Actor.Memberships[i] = contract.Membership{TenantID: m.TenantID, Capabilities: slices.Clone(m.Capabilities)}
	}
	n.Page = slices.Clone(c.Page)
	n.Classes = nil
	return n
}

// shrinkKey offers the plain spelling of a machine key (ASCII lower case, PHP's trim), then
// nothing.
func shrinkKey(s string) []string {
	var out []string
	if t := strings.ToLower(contract.TrimPHP(s)); t != s {
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
