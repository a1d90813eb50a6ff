package sweep

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
)

// Case is one generated input: a run and the actor who opens it, and for some cases a tenant
// shell (the run among others of several tenants, opened for one tenant).
type Case struct {
	Index     int // the case's number within its seed: the same (seed, index) is the same case
	Run       contract.Run
	Actor     contract.Actor
	ActorKind ActorKind
	// Page is set on tenant-shell cases: every run the application holds, in the order the
	// shell would list them (Run among them, unless the page is empty), and the tenant whose
	// shell the actor opens.
	Page       []contract.Run
	PageTenant int64
	// Classes are the classes of the input space this case drew, for coverage.
	Classes []Class `json:"-"`
	// Registry is 0 for a case of the registry in force, k for one of generated registry k-1
	// (GenerateRegistry).
	Registry int `json:"-"`
	// Seed is the seed a corpus case was drawn from (0: the sweep's own), and Corpus the file
	// it was replayed from ("" for a case drawn now).
	Seed   uint64 `json:"-"`
	Corpus string `json:"-"`
}

// ActorKind names who opens a run, in the words of docs/standards.md ("Visibility").
type ActorKind string

// The kinds of actor the generator makes.
const (
	Anonymous       ActorKind = "anonymous"
	Viewer          ActorKind = "member with operations.view"
	MemberNoView    ActorKind = "member without operations.view"
	MemberElsewhere ActorKind = "member of another tenant only"
	OwnUser         ActorKind = "the run's own user, not a member"
	PlatformMember  ActorKind = "member of the platform tenant only"
)

// ActorKinds lists every kind.
var ActorKinds = []ActorKind{Anonymous, Viewer, MemberNoView, MemberElsewhere, OwnUser, PlatformMember}

// PlatformTenant is the tenant id of platform-level (workspace) memberships in the generated
// cases: a membership there is a membership of tenant 0, nothing more.
const PlatformTenant = 0

// Generator makes cases from a seed. Case i depends only on (seed, i), so a failure is
// reproduced from its seed and index alone, and different seeds explore different cases.
type Generator struct {
	Seed     uint64
	Registry *contract.Registry
	Space    *Space
}

// NewGenerator makes a generator over the built-in registry.
func NewGenerator(seed uint64) Generator { return NewGeneratorFor(seed, contract.Builtin) }

// NewGeneratorFor makes a generator over a registry's families.
func NewGeneratorFor(seed uint64, reg *contract.Registry) Generator {
	return Generator{Seed: seed, Registry: reg, Space: NewSpace(reg)}
}

// Case makes case i: even cases force one class of the space in turn (with what it needs),
// odd cases draw every dimension by weight.
func (g Generator) Case(i int) Case {
	d := &draw{r: rand.New(rand.NewPCG(g.Seed, uint64(i))), space: g.Space}
	if i%2 == 0 && len(g.Space.pairs) > 0 {
		off := int(g.Seed % uint64(len(g.Space.pairs)))
		focus := g.Space.pairs[(i/2+off)%len(g.Space.pairs)]
		d.forced = map[string]string{focus.Dim: focus.Name}
		for _, n := range g.Space.needs(focus) {
			if _, set := d.forced[n.Dim]; !set {
				d.forced[n.Dim] = n.Name
			}
		}
	}
	c := Case{Index: i, Run: g.run(d)}
	c.ActorKind = ActorKind(d.class("actor.kind"))
	c.Actor = g.actor(d, c.ActorKind, c.Run)
	if d.forced["page"] == "yes" || (d.forced == nil && d.r.IntN(4) == 3) {
		g.page(d, &c)
	}
	c.Classes = d.drawn
	return c
}

// draw is the state of drawing one case.
type draw struct {
	r      *rand.Rand
	space  *Space
	forced map[string]string // dimension -> class, on covering cases
	drawn  []Class
}

// class draws a class of a dimension: the forced one, or one by weight.
func (d *draw) class(dim string) string {
	name, ok := d.forced[dim]
	if !ok {
		classes := d.space.dims[d.space.index[dim]].classes
		total := 0
		for _, c := range classes {
			total += max(c.weight, 1)
		}
		n := d.r.IntN(total)
		for _, c := range classes {
			if n -= max(c.weight, 1); n < 0 {
				name = c.name
				break
			}
		}
	}
	d.drawn = append(d.drawn, Class{dim, name})
	return name
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// num is a JSON number literal as a decoder that keeps literals holds it.
func num(s string) any { return json.Number(s) }

func numInt(n int64) any { return json.Number(strconv.FormatInt(n, 10)) }

// id draws an id of a class: the run model's ids are 64-bit integers, all of them.
func id(r *rand.Rand, cls string) int64 {
	switch cls {
	case "int32-edge":
		return pick(r, int64(math.MaxInt32), int64(math.MaxInt32)+1, int64(math.MaxUint32), int64(math.MaxUint32)+1)
	case "beyond-2^53":
		return pick(r, int64(1)<<53+1, int64(1)<<53+3, 1<<53+1+r.Int64N(1<<62))
	case "int64-max":
		return math.MaxInt64 - r.Int64N(2)
	case "int64-min":
		return math.MinInt64 + r.Int64N(2)
	case "zero":
		return 0
	case "negative":
		return -1 - r.Int64N(999)
	}
	return 1 + r.Int64N(999)
}

func (g Generator) run(d *draw) contract.Run {
	r := d.r
	run := contract.Run{
		ID:       id(r, d.class("run.id")),
		TenantID: id(r, d.class("run.tenant_id")),
		UserID:   id(r, d.class("run.user_id")),
	}
	run.Type = g.runType(d)
	lc := g.Space.lifecycles[d.class("run.lifecycle")]
	run.Status, run.Outcome, _ = lc.row.spell(r, lc.spelling)
	run.SummaryCounts = counts(d)
	run.Context = runContext(d, g.Registry, run.Type)
	switch d.class("run.failure_summary") {
	case "null":
		run.FailureSummary = nil
	case "string":
		run.FailureSummary = pick(r, "Graph request failed with 429", "SQLSTATE[23505]: duplicate key")
	case "object":
		run.FailureSummary = map[string]any{"reason_code": "provider.throttled", "message": "Throttled 40%"}
	}
	switch d.class("run.timestamps") {
	case "started":
		run.StartedAt = "2026-05-05T10:00:00Z"
	case "all":
		run.CreatedAt, run.UpdatedAt, run.StartedAt, run.CompletedAt = "2026-05-05T09:59:00Z", "2026-05-05T10:05:00Z", "2026-05-05T10:00:00Z", "2026-05-05T10:05:00Z"
	case "completed-while-active":
		run.StartedAt, run.CompletedAt = "2026-05-05T10:00:00Z", "2026-05-05T10:05:00Z"
	}
	return run
}

// runType draws the run's type: a family of the registry, or a spelling of one that is
// another type to the standard (types are exact machine keys), or an unknown type.
func (g Generator) runType(d *draw) string {
	r := d.r
	fam := func() string {
		if len(g.Space.families) == 0 {
			return "baseline_capture"
		}
		return pick(r, g.Space.families...)
	}
	cls := d.class("run.type")
	if t, ok := strings.CutPrefix(cls, "family:"); ok {
		return t
	}
	switch cls {
	case "other-case":
		s, _ := pick(r, spellings[1], spellings[2]).apply(r, fam())
		return s
	case "surrounding-space":
		return surround(r, fam(), append(slices.Clone(phpSpace), nonPHPSpace...))
	case "other-separator":
		f := fam()
		if a := aliases(strings.ReplaceAll(f, ".", "_")); len(a) > 0 {
			return pick(r, a...)
		}
		return strings.ReplaceAll(f, ".", "_")
	case "empty":
		return ""
	}
	return pick(r, "policy.sync", "inventory.refresh", "restore.execute") + "." + unknownWord(r)
}

// shape draws the JSON shape of a member; object is what to build when the class is
// "object". present is false when the member is absent altogether.
func shape(d *draw, dim string, object func() any, canonical func() string) (v any, present bool) {
	r := d.r
	switch d.class(dim) {
	case "absent":
		return nil, false
	case "null":
		return nil, true
	case "empty-object":
		return map[string]any{}, true
	case "empty-list":
		return []any{}, true
	case "list":
		return pick[any](r, []any{"fetching"}, []any{numInt(12), numInt(2), numInt(1)}, []any{map[string]any{"key": "fetching"}}), true
	case "string":
		return pick[any](r, "fetching", "Capturing evidence", "12", ""), true
	case "json-text":
		return canonical(), true // JSON text inside a string is a string
	case "number":
		return pick(r, num("1"), num("12"), num("0.5")), true
	case "boolean":
		return pick[any](r, true, false), true
	}
	return object(), true
}

// countValue draws a count (processed, total, children ...) of a class.
func countValue(r *rand.Rand, cls string, n int64) (any, bool) {
	switch cls {
	case "absent":
		return nil, false
	case "zero":
		return numInt(0), true
	case "int64-max":
		return numInt(math.MaxInt64), true
	case "float-whole":
		return num(strconv.FormatInt(n, 10) + ".0"), true
	case "fraction":
		return num(strconv.FormatInt(n, 10) + ".5"), true
	case "exponent":
		return num(pick(r, "1e2", "1E1", "12e0")), true
	case "numeric-string":
		return strconv.FormatInt(n, 10), true
	case "boolean":
		return pick[any](r, true, false), true
	case "null":
		return nil, true
	case "beyond-int64":
		return num(pick(r, "9223372036854775808", "-9223372036854775809", "99999999999999999999")), true
	case "negative":
		return numInt(-1 - r.Int64N(12)), true
	case "empty-list":
		return []any{}, true
	case "object":
		return map[string]any{"value": numInt(n)}, true
	}
	return numInt(n), true
}

// counts draws summary_counts: every JSON shape, the counted gate passing at every edge, and
// near misses of every kind.
func counts(d *draw) any {
	r := d.r
	v, _ := shape(d, "summary_counts.shape", func() any {
		m := map[string]any{}
		pc, tc := d.class("summary_counts.processed"), d.class("summary_counts.total")
		total := pick(r, int64(1), 2, 3, 4, 7, 12, 100, 1000, 9223372036854775807)
		processed := pick(r, int64(0), 1, total, total-1, r.Int64N(total))
		if pc == "integer" && tc == "integer" {
			switch d.class("summary_counts.relation") {
			case "processed-equals-total":
				processed = total
			case "processed-above-total":
				processed, total = total, max(total-1-r.Int64N(total), 0)
				if processed <= total {
					processed = total + 1
				}
			default:
				if processed >= total && total > 0 {
					processed = total - 1
				}
			}
		}
		if val, ok := countValue(r, pc, processed); ok {
			m["processed"] = val
		}
		if val, ok := countValue(r, tc, total); ok {
			m["total"] = val
		}
		switch d.class("summary_counts.keys") {
		case "allowed":
			m[pick(r, "succeeded", "failed", "skipped")] = numInt(r.Int64N(5))
		case "not-allowed":
			m[pick(r, "items", "phase", "children", "percent")] = numInt(r.Int64N(5))
		case "other-case":
			if p, ok := m["processed"]; ok {
				delete(m, "processed")
				m["Processed"] = p
			}
		}
		return m
	}, func() string { return `{"processed": 3, "total": 12}` })
	return v
}

// runContext draws the run's context: every JSON shape at every level, the canonical payload
// with keys and labels of every class, and junk, forbidden keys and child-run graphs beside it.
func runContext(d *draw, reg *contract.Registry, runType string) any {
	r := d.r
	canonical := func() string {
		return `{"progress": {"phase": {"key": "fetching"}, "composite": {"children": 12, "failed": 2, "partial": 1}}}`
	}
	v, _ := shape(d, "context.shape", func() any {
		ctx := map[string]any{}
		switch d.class("context.extra") {
		case "junk":
			ctx[pick(r, "target", "scope", "note")] = pick[any](r, "x", num("1"), map[string]any{"phase": "fetching"})
		case "resume-checkpoint":
			ctx["baseline_compare"] = map[string]any{"resume": map[string]any{"checkpoint": "ckpt-" + strconv.Itoa(r.IntN(1e6)), "token": "opaque"}}
		case "forbidden-key":
			ctx[pickOf(r, contract.ForbiddenProgressKeys)] = pick[any](r, "phased", num("40"), true)
		case "child-run-graph":
			ctx[pick(r, "child_run_ids", "operation_run_ids")] = []any{numInt(101), numInt(102)}
		}
		p, present := shape(d, "progress.shape", func() any { return progress(d, reg, runType) }, canonical)
		if present {
			ctx["progress"] = p
		}
		return ctx
	}, canonical)
	return v
}

// pick from the contract's own lists needs a rand; these helpers keep call sites short.
func pickOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func progress(d *draw, reg *contract.Registry, runType string) any {
	r := d.r
	p := map[string]any{}
	switch d.class("progress.extra") {
	case "junk":
		p[pick(r, "note", "step", "detail")] = pick[any](r, "Step 2 of 5", num("3"))
	case "forbidden-key":
		p[pickOf(r, contract.ForbiddenProgressKeys)] = pick[any](r, "phased", num("40"))
	}
	if ph, present := shape(d, "phase.shape", func() any { return phase(d, reg, runType) },
		func() string { return `{"key": "fetching"}` }); present {
		p["phase"] = ph
	}
	if c, present := shape(d, "composite.shape", func() any { return composite(d) },
		func() string { return `{"children": 12, "failed": 2, "partial": 1}` }); present {
		p["composite"] = c
	}
	return p
}

// phase draws a phase object: a key of every class (the family's own, a key of the
// vocabulary the family's workflow lacks, spellings of a key, unknown, of every JSON type) and a
// persisted label, which is never to be shown.
func phase(d *draw, reg *contract.Registry, runType string) any {
	r := d.r
	own := familyKeys(reg, runType)
	key := func() string {
		if len(own) == 0 {
			return string(pickOf(r, contract.Phases))
		}
		return string(pickOf(r, own))
	}
	m := map[string]any{}
	switch d.class("phase.key") {
	case "family-key":
		m["key"] = key()
	case "other-vocabulary-key":
		var others []contract.Phase
		for _, p := range contract.Phases {
			if !slices.Contains(own, p) {
				others = append(others, p)
			}
		}
		if len(others) == 0 {
			others = contract.Phases // the family has every key: any is its own
		}
		m["key"] = string(pickOf(r, others))
	case "other-case":
		s, _ := pick(r, spellings[1], spellings[2]).apply(r, key())
		m["key"] = s
	case "surrounding-space":
		m["key"] = surround(r, key(), append(slices.Clone(phpSpace), nonPHPSpace...))
	case "unknown":
		m["key"] = pick(r, "uploading", "compare", "done", "fetching_evidence", unknownWord(r))
	case "empty":
		m["key"] = ""
	case "null":
		m["key"] = nil
	case "number":
		m["key"] = num("1")
	case "boolean":
		m["key"] = true
	case "list":
		m["key"] = []any{key()}
	case "object":
		m["key"] = map[string]any{"key": key()}
	}
	switch d.class("phase.label") {
	case "vocabulary":
		if k, ok := m["key"].(string); ok {
			if l, ok := reg.LabelFor(runType, contract.Phase(k)); ok {
				m["label"] = l
				break
			}
		}
		m["label"] = "Capturing evidence"
	case "raw-key":
		m["label"] = key()
	case "hostile":
		m["label"] = pick(r, "Fetching 40%", "Step 2 of 5", "BaselineCaptureJob", "SQLSTATE[23505] compare_job payload", "3/12 done")
	case "other-phase":
		m["label"] = pick(r, "Saving compare results", "Checking capture eligibility", "Finishing baseline capture")
	case "not-a-string":
		m["label"] = pick[any](r, num("1"), nil, []any{"x"})
	}
	switch d.class("phase.entered_at") {
	case "timestamp":
		m["entered_at"] = "2026-05-05T10:00:00Z"
	case "number":
		m["entered_at"] = num("1746439200")
	case "null":
		m["entered_at"] = nil
	}
	return m
}

// familyKeys are the phase keys a family's workflow has in the registry.
func familyKeys(reg *contract.Registry, runType string) []contract.Phase {
	var keys []contract.Phase
	for _, pl := range reg.Lookup(runType).Phases {
		keys = append(keys, pl.Phase)
	}
	return keys
}

// composite draws a composite object: counts of every relation (healthy, failed, partial,
// both, none, one, at the 64-bit edge, inconsistent) and one count of every wrong type.
func composite(d *draw) any {
	r := d.r
	var children, failed, partial int64
	switch d.class("composite.counts") {
	case "healthy":
		children = pick(r, int64(2), 3, 12, 40)
	case "failed":
		children = pick(r, int64(2), 3, 12)
		failed = 1 + r.Int64N(children)
	case "partial":
		children = pick(r, int64(2), 3, 12)
		partial = 1 + r.Int64N(children)
	case "failed-and-partial":
		children = pick(r, int64(2), 3, 12)
		failed = 1 + r.Int64N(children-1)
		partial = 1 + r.Int64N(children-failed)
	case "one-child":
		children = 1
		switch r.IntN(3) {
		case 1:
			failed = 1
		case 2:
			partial = 1
		}
	case "int64-max":
		children, failed, partial = math.MaxInt64, r.Int64N(2), r.Int64N(2)
	case "inconsistent":
		children = pick(r, int64(0), 1, 3)
		failed = children + 1 - r.Int64N(children+1)
		partial = children + 1 - failed
	}
	m := map[string]any{"children": numInt(children), "failed": numInt(failed), "partial": numInt(partial)}
	if cls := d.class("composite.count-type"); cls != "integers" {
		k := pick(r, "children", "failed", "partial")
		n := m[k].(json.Number)
		v, _ := strconv.ParseInt(string(n), 10, 64)
		if val, ok := countValue(r, strings.TrimPrefix(cls, "one-"), v); ok {
			m[k] = val
		} else {
			delete(m, k)
		}
	}
	switch d.class("composite.source") {
	case "evidence-snapshot":
		m["source"] = "evidence_snapshot"
	case "other":
		m["source"] = pick(r, "review_summary", "")
	case "null":
		m["source"] = nil
	}
	return m
}

// capability writes operations.view in a class: exactly, or in a spelling that is another
// capability to the standard (case, spaces, wildcards, a similar name).
func capability(r *rand.Rand, cls string) string {
	switch cls {
	case "other-case":
		s, _ := pick(r, spellings[1], spellings[2]).apply(r, contract.ViewCapability)
		return s
	case "surrounding-space":
		return surround(r, contract.ViewCapability, phpSpace)
	case "wildcard":
		return "*"
	case "operations-wildcard":
		return "operations.*"
	case "similar":
		return pick(r, "operations.view_any", "operations.viewAny", "operations", "view", "operations.views")
	}
	return contract.ViewCapability
}

// otherTenant is a tenant id other than t.
func otherTenant(r *rand.Rand, t int64) int64 {
	for {
		o := pick(r, int64(7), 8, 9, 1<<40, 1<<53+1)
		if o != t && o != PlatformTenant {
			return o
		}
	}
}

// actor makes an actor of a kind for a run, with memberships of every shape: one row per
// tenant, the run's tenant listed twice (the view capability in the first or the later row),
// or dozens of tenants.
func (g Generator) actor(d *draw, kind ActorKind, run contract.Run) contract.Actor {
	r := d.r
	a := contract.Actor{UserID: id(r, d.class("actor.user_id")), Memberships: []contract.Membership{}}
	elsewhere := otherTenant(r, run.TenantID)
	var own []string // the actor's capabilities in the run's tenant; nil: not a member
	switch kind {
	case Anonymous:
		a.UserID = 0
	case Viewer:
		own = pick(r, []string{capability(r, d.class("actor.capability"))}, []string{"operations.manage", capability(r, d.class("actor.capability"))})
		if r.IntN(3) == 0 {
			a = a.Grant(elsewhere, pick(r, []string{}, []string{contract.ViewCapability})...)
		}
	case MemberNoView:
		own = pick(r, []string{}, []string{"operations.manage"}, []string{"tenants.view"})
		if r.IntN(3) == 0 {
			a = a.Grant(elsewhere, contract.ViewCapability)
		}
	case MemberElsewhere:
		a = a.Grant(elsewhere, contract.ViewCapability)
	case OwnUser:
		a.UserID = run.UserID
		if r.IntN(2) == 0 {
			a = a.Grant(elsewhere, contract.ViewCapability)
		}
	case PlatformMember:
		if run.TenantID != PlatformTenant {
			a = a.Grant(PlatformTenant, contract.ViewCapability, "operations.manage", "*")
		}
	}
	shape := d.class("actor.memberships")
	if own != nil {
		switch shape {
		case "duplicate-grants-later":
			a = a.Grant(run.TenantID, "tenants.view").Grant(run.TenantID, own...)
		case "duplicate-grants-first":
			a = a.Grant(run.TenantID, own...).Grant(run.TenantID)
		default:
			a = a.Grant(run.TenantID, own...)
		}
	}
	if shape == "many" {
		for n := 10 + r.IntN(20); n > 0; n-- {
			t := 100 + r.Int64N(1<<20)
			if t != run.TenantID {
				a = a.Grant(t, pick(r, []string{}, []string{contract.ViewCapability})...)
			}
		}
	}
	r.Shuffle(len(a.Memberships), func(i, j int) { a.Memberships[i], a.Memberships[j] = a.Memberships[j], a.Memberships[i] })
	return a
}

// page makes a tenant shell over the case's run: empty, one run, a few or dozens, of one
// tenant or several, with ids shared across tenants or the same run listed twice, in random
// or id order, opened for the run's tenant, another tenant of the actor's, or a tenant the
// actor does not belong to.
func (g Generator) page(d *draw, c *Case) {
	r := d.r
	size := map[string]int{"empty": 0, "one": 1, "few": 2 + r.IntN(3), "dozens": 10 + r.IntN(31)}[d.class("page.size")]
	mix := d.class("page.mix")
	tenants := []int64{c.Run.TenantID, otherTenant(r, c.Run.TenantID)}
	for _, m := range c.Actor.Memberships {
		if !slices.Contains(tenants, m.TenantID) {
			tenants = append(tenants, m.TenantID)
		}
	}
	c.Page = []contract.Run{}
	if size > 0 {
		c.Page = append(c.Page, c.Run)
	}
	for len(c.Page) < size {
		other := g.run(&draw{r: r, space: g.Space, drawn: nil}) // its classes count as the page's
		other.ID = c.Run.ID + int64(len(c.Page))
		switch mix {
		case "one-tenant":
			other.TenantID = c.Run.TenantID
		case "shared-ids":
			base := pickOf(r, c.Page)
			other.ID, other.TenantID = base.ID, otherTenant(r, base.TenantID)
		case "duplicates":
			other = pickOf(r, c.Page)
		default:
			other.TenantID = pickOf(r, tenants)
		}
		c.Page = append(c.Page, other)
	}
	switch d.class("page.order") {
	case "by-id":
		slices.SortStableFunc(c.Page, func(a, b contract.Run) int { return cmpInt(a.ID, b.ID) })
	case "reverse-id":
		slices.SortStableFunc(c.Page, func(a, b contract.Run) int { return cmpInt(b.ID, a.ID) })
	default:
		r.Shuffle(len(c.Page), func(a, b int) { c.Page[a], c.Page[b] = c.Page[b], c.Page[a] })
	}
	c.PageTenant = c.Run.TenantID
	switch d.class("page.tenant") {
	case "other-member-tenant":
		for _, m := range c.Actor.Memberships {
			if m.TenantID != c.Run.TenantID {
				c.PageTenant = m.TenantID
				break
			}
		}
	case "outsider-tenant":
		for t := int64(1000); ; t++ {
			if !c.Actor.Member(t) && t != c.Run.TenantID {
				c.PageTenant = t
				break
			}
		}
	}
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
