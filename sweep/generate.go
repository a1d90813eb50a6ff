package sweep

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
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
	// Page is set on tenant-shell cases: every run the application holds (Run among them) and
	// the tenant whose shell the actor opens.
	Page       []contract.Run
	PageTenant int64
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
)

// ActorKinds lists every kind.
var ActorKinds = []ActorKind{Anonymous, Viewer, MemberNoView, MemberElsewhere, OwnUser}

// Generator makes cases from a seed. Case i depends only on (seed, i), so a failure is
// reproduced from its seed and index alone, and different seeds explore different cases.
type Generator struct {
	Seed     uint64
	Families []string // the run types the registry names; unknown ones are added by the generator
	Registry *contract.Registry
}

// NewGenerator makes a generator over the built-in registry.
func NewGenerator(seed uint64) Generator { return NewGeneratorFor(seed, contract.Builtin) }

// NewGeneratorFor makes a generator over a registry's families.
func NewGeneratorFor(seed uint64, reg *contract.Registry) Generator {
	var fams []string
	for _, f := range reg.Families() {
		fams = append(fams, f.Type)
	}
	return Generator{Seed: seed, Families: fams, Registry: reg}
}

// Case makes case i.
func (g Generator) Case(i int) Case {
	r := rand.New(rand.NewPCG(g.Seed, uint64(i)))
	c := Case{Index: i, Run: g.run(r)}
	c.ActorKind = ActorKinds[weighted(r, 2, 5, 2, 2, 2)]
	c.Actor = actor(r, c.ActorKind, c.Run)
	if i%4 == 3 {
		c.Page = []contract.Run{c.Run}
		for n := 1 + r.IntN(3); n > 0; n-- {
			other := g.run(r)
			other.ID = c.Run.ID + int64(len(c.Page))
			if other.ID <= 0 {
				other.ID = int64(len(c.Page))
			}
			if r.IntN(2) == 0 {
				other.TenantID = c.Run.TenantID
			}
			c.Page = append(c.Page, other)
		}
		r.Shuffle(len(c.Page), func(a, b int) { c.Page[a], c.Page[b] = c.Page[b], c.Page[a] })
		c.PageTenant = c.Run.TenantID
		if r.IntN(5) == 0 {
			c.PageTenant = otherTenant(c.Run.TenantID)
		}
	}
	return c
}

// weighted picks an index with the given weights.
func weighted(r *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// variant spells a machine key the way a sloppy writer might: odd case, surrounding space.
func variant(r *rand.Rand, s string) string {
	switch r.IntN(5) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		if s == "" {
			return " "
		}
		return strings.ToUpper(s[:1]) + s[1:]
	case 2:
		return " " + s
	case 3:
		return s + " "
	}
	return "\t" + s + "\n"
}

var tenants = []int64{7, 8, 1 << 40}

func otherTenant(t int64) int64 {
	if t == 7 {
		return 8
	}
	return 7
}

func (g Generator) run(r *rand.Rand) contract.Run {
	run := contract.Run{
		ID:       1 + r.Int64N(999),
		TenantID: pick(r, tenants...),
		UserID:   1 + r.Int64N(5),
	}
	if r.IntN(5) == 0 {
		run.ID = 1 + r.Int64N(1<<62)
	}
	switch weighted(r, 12, 2, 2, 1) {
	case 0:
		run.Type = pick(r, g.Families...)
	case 1:
		run.Type = pick(r, "policy.sync", "inventory.refresh", "restore.execute", "tenant.review_pack", "baseline")
	case 2:
		run.Type = variant(r, pick(r, g.Families...))
	default:
		run.Type = pick(r, "", " ", "baseline-capture", "baseline_capture.v2")
	}
	run.Status, run.Outcome = lifecycle(r)
	run.SummaryCounts = counts(r)
	run.Context = runContext(r)
	if r.IntN(4) == 0 {
		run.StartedAt = "2026-05-05T10:00:00Z"
	}
	return run
}

var (
	statuses = []string{"queued", "running", "completed"}
	outcomes = []string{"pending", "succeeded", "partially_succeeded", "blocked", "failed", "cancelled"}
)

// lifecycle draws a status and an outcome: mostly active runs, every row of the lifecycle
// table, and spellings the normalizer must tolerate or reject.
func lifecycle(r *rand.Rand) (status, outcome string) {
	switch weighted(r, 8, 4, 2, 2, 1) {
	case 0: // active, well spelled
		return pick(r, "queued", "running", "running"), pick(r, "", "pending")
	case 1: // terminal
		return pick(r, statuses...), pick(r, outcomes[1:]...)
	case 2: // completed without a terminal outcome, or a terminal outcome on an active status
		return "completed", pick(r, "", "pending")
	case 3: // odd spellings of known values
		return variant(r, pick(r, statuses...)), pick(r, "", variant(r, pick(r, outcomes...)))
	}
	return pick(r, "", "paused", "done", "failed", "running", "queued"), pick(r, "", "unknown", "timed_out", "success", " ", "pending")
}

// num is a JSON number literal as a decoder that keeps literals holds it.
func num(s string) any { return json.Number(s) }

// edgeValue is a count as persisted JSON can hold it, legal or not.
func edgeValue(r *rand.Rand) any {
	return pick[any](r, num("0"), num("1"), num("2"), num("3"), num("12"), num("-1"), num("12.0"), num("1e2"),
		num("0.5"), num("9223372036854775807"), num("9223372036854775808"), num("-9223372036854775808"),
		num("99999999999999999999"), any("12"), any("3"), any(""), any(true), any(false), nil, []any{}, map[string]any{})
}

// counts draws summary_counts: every JSON shape, gate passes at every edge, and near misses.
func counts(r *rand.Rand) any {
	switch weighted(r, 3, 2, 1, 8, 5) {
	case 0:
		return nil
	case 1:
		return pick[any](r, []any{}, map[string]any{})
	case 2:
		return pick[any](r, "12", num("12"), true, []any{num("3"), num("12")}, []any{map[string]any{"processed": num("1")}})
	case 3: // a passing gate
		total := pick(r, int64(1), 2, 3, 4, 7, 12, 100, 1000, 9223372036854775807)
		processed := pick(r, int64(0), 1, total, total-1, r.Int64N(total))
		m := map[string]any{"processed": num(fmt.Sprint(processed)), "total": num(fmt.Sprint(total))}
		extra(r, m)
		return m
	}
	m := map[string]any{}
	if r.IntN(6) > 0 {
		m["processed"] = edgeValue(r)
	}
	if r.IntN(6) > 0 {
		m["total"] = edgeValue(r)
	}
	extra(r, m)
	return m
}

func extra(r *rand.Rand, m map[string]any) {
	for _, k := range []string{"succeeded", "failed", "skipped", "items", "Processed"} {
		if r.IntN(6) == 0 {
			m[k] = edgeValue(r)
		}
	}
}

// runContext draws the run's context: every JSON shape at every level, the canonical payload,
// and junk beside it.
func runContext(r *rand.Rand) any {
	switch weighted(r, 2, 2, 2, 14) {
	case 0:
		return nil
	case 1:
		return pick[any](r, []any{}, map[string]any{})
	case 2:
		return pick[any](r, "fetching", num("1"), []any{"progress"}, true)
	}
	ctx := map[string]any{}
	if r.IntN(4) == 0 {
		ctx[pick(r, "resume", "target", "checkpoint", "capability")] = pick[any](r, "x", num("1"), map[string]any{"phase": "fetching"})
	}
	switch weighted(r, 2, 2, 2, 14) {
	case 0: // no progress
		return ctx
	case 1:
		ctx["progress"] = pick[any](r, nil, []any{}, map[string]any{})
		return ctx
	case 2:
		ctx["progress"] = pick[any](r, "fetching", []any{"phase"}, num("3"), false)
		return ctx
	}
	p := map[string]any{}
	if r.IntN(3) > 0 {
		p["phase"] = phase(r)
	}
	if r.IntN(3) > 0 {
		p["composite"] = composite(r)
	}
	if r.IntN(8) == 0 {
		p[pick(r, "mode", "percent", "note")] = pick[any](r, "phased", num("40"))
	}
	ctx["progress"] = p
	return ctx
}

// phase draws a phase member: keys in and out of the vocabulary, with and without a persisted
// label (which is never to be shown), in other case and with spaces.
func phase(r *rand.Rand) any {
	switch weighted(r, 1, 1, 1, 10) {
	case 0:
		return pick[any](r, nil, []any{}, map[string]any{})
	case 1:
		return pick[any](r, "fetching", []any{"fetching"}, num("2"))
	case 2:
		return map[string]any{"label": "Capturing evidence"}
	}
	var key any
	switch weighted(r, 8, 3, 2, 1) {
	case 0:
		key = string(pick(r, contract.Phases...))
	case 1:
		key = variant(r, string(pick(r, contract.Phases...)))
	case 2:
		key = pick(r, "uploading", "compare", "", "done", "fetching_evidence")
	default:
		key = pick[any](r, nil, num("1"), true, []any{"fetching"}, map[string]any{"key": "fetching"})
	}
	m := map[string]any{"key": key}
	if r.IntN(2) == 0 {
		m["label"] = pick(r, "Capturing evidence", "fetching", "Fetching 40%", "Step 2 of 5", "BaselineCaptureJob")
	}
	if r.IntN(2) == 0 {
		m["entered_at"] = pick[any](r, "2026-05-05T10:00:00Z", num("1"), nil)
	}
	return m
}

// composite draws a composite member: complete, partial, inconsistent and absent counts.
func composite(r *rand.Rand) any {
	switch weighted(r, 1, 1, 10) {
	case 0:
		return pick[any](r, nil, []any{}, map[string]any{})
	case 1:
		return pick[any](r, "12", []any{num("12"), num("2"), num("1")}, num("12"))
	}
	m := map[string]any{}
	if weighted(r, 3, 1) == 0 { // consistent
		children := pick(r, int64(0), 1, 2, 3, 12, 9223372036854775807)
		failed := r.Int64N(children/2 + 1)
		if r.IntN(3) == 0 {
			failed = 0
		}
		partial := pick(r, int64(0), children-failed, r.Int64N(max(children-failed, 1)))
		m["children"], m["failed"], m["partial"] = num(fmt.Sprint(children)), num(fmt.Sprint(failed)), num(fmt.Sprint(partial))
	} else {
		for _, k := range []string{"children", "failed", "partial"} {
			if r.IntN(5) > 0 {
				m[k] = edgeValue(r)
			}
		}
	}
	if r.IntN(2) == 0 {
		m["source"] = pick[any](r, "evidence_snapshot", "", nil)
	}
	return m
}

// actor makes an actor of a kind for a run.
func actor(r *rand.Rand, kind ActorKind, run contract.Run) contract.Actor {
	uid := 100 + r.Int64N(100)
	elsewhere := otherTenant(run.TenantID)
	switch kind {
	case Anonymous:
		return contract.Actor{Memberships: map[int64][]string{}}
	case Viewer:
		a := contract.Actor{UserID: uid, Memberships: map[int64][]string{run.TenantID: pick(r,
			[]string{contract.ViewCapability}, []string{"operations.manage", contract.ViewCapability})}}
		if r.IntN(3) == 0 {
			a.Memberships[elsewhere] = pick(r, []string{}, []string{contract.ViewCapability})
		}
		return a
	case MemberNoView:
		a := contract.Actor{UserID: uid, Memberships: map[int64][]string{run.TenantID: pick(r,
			[]string{}, []string{"operations.manage"}, []string{"tenants.view"})}}
		if r.IntN(3) == 0 {
			a.Memberships[elsewhere] = []string{contract.ViewCapability}
		}
		return a
	case MemberElsewhere:
		return contract.Actor{UserID: uid, Memberships: map[int64][]string{elsewhere: {contract.ViewCapability}}}
	}
	a := contract.Actor{UserID: run.UserID, Memberships: map[int64][]string{}}
	if r.IntN(2) == 0 {
		a.Memberships[elsewhere] = []string{contract.ViewCapability}
	}
	return a
}
