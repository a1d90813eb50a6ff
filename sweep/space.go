package sweep

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/contract"
)

// The input space of the standard, as classes of values per dimension. A dimension is one
// thing a case varies (a run's status spelling, the shape of context.progress, the kind of
// actor, the size of a tenant shell page); a class is one kind of value the standard treats
// alike, or one that a wrong reading would treat alike when the standard does not. Classes
// come from the standard's own tables (the lifecycle table crossed with every spelling class,
// the registry's families, the phase vocabulary, the JSON shapes the degradation rules name,
// the id range of the run model), never from a hand-kept list of examples: a generator that
// draws from the examples its author thought of samples only them.
//
// Half the cases cover: case 2k forces one (dimension, class) pair, in turn, with what it
// needs to be drawn at all (a phase key needs a phase object inside an object progress inside
// an object context), so that every class is drawn within twice the number of pairs. The other
// half draw every dimension by weight, for depth where the standard is most detailed.

// Class is one class of one dimension.
type Class struct {
	Dim  string
	Name string
}

func (c Class) String() string { return c.Dim + "=" + c.Name }

type class struct {
	name   string
	weight int // in weighted draws; 0 is 1
}

type dimension struct {
	name    string
	classes []class
	// needs are the classes forced beside one of this dimension's classes when it is the
	// focus of a covering case: what must hold for the dimension to be drawn at all.
	needs []Class
}

// Space is the input space a sweep draws from, built from a registry's families and the
// contract's tables.
type Space struct {
	reg   *contract.Registry
	dims  []dimension
	index map[string]int
	pairs []Class // every (dimension, class), in order: the covering cases' focus, in turn
	// lifecycles are the lifecycle rows crossed with the spelling classes, by class name.
	lifecycles map[string]lifecycleClass
	families   []string // the registry's run types
}

// NewSpace builds the space of a registry.
func NewSpace(reg *contract.Registry) *Space {
	s := &Space{reg: reg, index: map[string]int{}, lifecycles: map[string]lifecycleClass{}}
	for _, f := range reg.Families() {
		s.families = append(s.families, f.Type)
	}
	ids := []class{{"small", 12}, {"int32-edge", 1}, {"beyond-2^53", 2}, {"int64-max", 1}, {"int64-min", 1}, {"zero", 1}, {"negative", 1}}
	s.add("run.id", ids)
	s.add("run.tenant_id", ids)
	s.add("run.user_id", ids)

	types := []class{}
	for _, t := range s.families {
		types = append(types, class{"family:" + t, 8})
	}
	types = append(types, class{"other-case", 1}, class{"surrounding-space", 1}, class{"other-separator", 1}, class{"unknown", 2}, class{"empty", 1})
	s.add("run.type", types)

	var lc []class
	probe := rand.New(rand.NewPCG(0, 0))
	for _, row := range lifecycleRows() {
		for _, sp := range spellings {
			if _, _, ok := row.spell(probe, sp); !ok {
				continue
			}
			name := row.name + "/" + sp.name
			s.lifecycles[name] = lifecycleClass{row: row, spelling: sp}
			w := 1
			if sp.name == "exact" {
				w = row.weight
			}
			lc = append(lc, class{name, w})
		}
	}
	s.add("run.lifecycle", lc)

	shapes := func(object int) []class {
		return []class{{"absent", 2}, {"null", 1}, {"empty-object", 1}, {"empty-list", 1}, {"list", 1}, {"string", 1},
			{"json-text", 1}, {"number", 1}, {"boolean", 1}, {"object", object}}
	}
	s.add("summary_counts.shape", shapes(12))
	countValues := []class{{"absent", 1}, {"integer", 10}, {"zero", 2}, {"int64-max", 1}, {"float-whole", 1}, {"fraction", 1},
		{"exponent", 1}, {"numeric-string", 1}, {"boolean", 1}, {"null", 1}, {"beyond-int64", 1}, {"negative", 1},
		{"empty-list", 1}, {"object", 1}}
	s.add("summary_counts.processed", countValues, Class{"summary_counts.shape", "object"})
	s.add("summary_counts.total", countValues, Class{"summary_counts.shape", "object"})
	s.add("summary_counts.relation", []class{{"processed-below-total", 6}, {"processed-equals-total", 2}, {"processed-above-total", 1}},
		Class{"summary_counts.shape", "object"}, Class{"summary_counts.processed", "integer"}, Class{"summary_counts.total", "integer"})
	s.add("summary_counts.keys", []class{{"gate-only", 6}, {"allowed", 2}, {"not-allowed", 1}, {"other-case", 1}},
		Class{"summary_counts.shape", "object"})

	s.add("context.shape", shapes(14))
	inContext := Class{"context.shape", "object"}
	s.add("context.extra", []class{{"none", 6}, {"junk", 1}, {"resume-checkpoint", 1}, {"forbidden-key", 1}, {"child-run-graph", 1}}, inContext)
	s.add("progress.shape", shapes(12), inContext)
	inProgress := []Class{inContext, {"progress.shape", "object"}}
	s.add("progress.extra", []class{{"none", 6}, {"junk", 1}, {"forbidden-key", 1}}, inProgress...)
	s.add("phase.shape", shapes(10), inProgress...)
	inPhase := append(slices.Clone(inProgress), Class{"phase.shape", "object"})
	s.add("phase.key", []class{{"family-key", 10}, {"other-vocabulary-key", 1}, {"other-case", 1}, {"surrounding-space", 1},
		{"unknown", 1}, {"empty", 1}, {"absent", 1}, {"null", 1}, {"number", 1}, {"boolean", 1}, {"list", 1}, {"object", 1}}, inPhase...)
	s.add("phase.label", []class{{"absent", 4}, {"vocabulary", 4}, {"raw-key", 1}, {"hostile", 1}, {"other-phase", 1}, {"not-a-string", 1}}, inPhase...)
	s.add("phase.entered_at", []class{{"absent", 2}, {"timestamp", 4}, {"number", 1}, {"null", 1}}, inPhase...)
	s.add("composite.shape", shapes(10), inProgress...)
	inComposite := append(slices.Clone(inProgress), Class{"composite.shape", "object"})
	s.add("composite.counts", []class{{"healthy", 3}, {"failed", 2}, {"partial", 2}, {"failed-and-partial", 2}, {"zero-children", 1},
		{"one-child", 1}, {"int64-max", 1}, {"inconsistent", 1}}, inComposite...)
	s.add("composite.count-type", []class{{"integers", 10}, {"one-absent", 1}, {"one-float-whole", 1}, {"one-fraction", 1},
		{"one-numeric-string", 1}, {"one-negative", 1}, {"one-boolean", 1}, {"one-null", 1}, {"one-beyond-int64", 1}, {"one-list", 1}}, inComposite...)
	s.add("composite.source", []class{{"absent", 2}, {"evidence-snapshot", 4}, {"other", 1}, {"null", 1}}, inComposite...)

	s.add("run.failure_summary", []class{{"absent", 6}, {"null", 1}, {"string", 1}, {"object", 1}})
	s.add("run.timestamps", []class{{"none", 4}, {"started", 2}, {"all", 2}, {"completed-while-active", 1}})

	s.add("actor.kind", []class{{string(Viewer), 8}, {string(Anonymous), 2}, {string(MemberNoView), 2}, {string(MemberElsewhere), 2},
		{string(OwnUser), 2}, {string(PlatformMember), 1}})
	s.add("actor.capability", []class{{"exact", 10}, {"other-case", 1}, {"surrounding-space", 1}, {"wildcard", 1},
		{"operations-wildcard", 1}, {"similar", 1}}, Class{"actor.kind", string(Viewer)})
	s.add("actor.memberships", []class{{"one", 8}, {"duplicate-grants-later", 1}, {"duplicate-grants-first", 1}, {"many", 1}})
	s.add("actor.user_id", ids)

	s.add("page.size", []class{{"empty", 1}, {"one", 2}, {"few", 6}, {"dozens", 2}})
	s.add("page.mix", []class{{"one-tenant", 3}, {"several-tenants", 4}, {"shared-ids", 2}, {"duplicates", 1}})
	s.add("page.tenant", []class{{"run-tenant", 6}, {"other-member-tenant", 2}, {"outsider-tenant", 1}})
	s.add("page.order", []class{{"random", 6}, {"by-id", 1}, {"reverse-id", 1}})
	return s
}

func (s *Space) add(name string, classes []class, needs ...Class) {
	s.index[name] = len(s.dims)
	s.dims = append(s.dims, dimension{name: name, classes: classes, needs: needs})
	for _, c := range classes {
		s.pairs = append(s.pairs, Class{name, c.name})
	}
}

// Classes lists every class of the space, dimension by dimension.
func (s *Space) Classes() []Class { return slices.Clone(s.pairs) }

// needs is what a focus class needs forced beside it.
func (s *Space) needs(c Class) []Class {
	d := s.dims[s.index[c.Dim]]
	out := slices.Clone(d.needs)
	// What the needs need, in turn (a phase key needs a phase object, which needs a progress
	// object, which needs an object context).
	for _, n := range d.needs {
		for _, m := range s.dims[s.index[n.Dim]].needs {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	switch {
	case strings.HasPrefix(c.Dim, "phase."):
		out = append(out, s.selected(contract.Phased)...)
	case strings.HasPrefix(c.Dim, "composite."):
		out = append(out, s.selected(contract.Composite)...)
	case strings.HasPrefix(c.Dim, "summary_counts."):
		out = append(out, s.selected(contract.Counted)...)
	case strings.HasPrefix(c.Dim, "page."):
		out = append(out, Class{"page", "yes"})
	}
	return out
}

// selected forces a family of the registry with a claim and an active run, so that a focus
// on its payload reaches the rule that reads it; none when the registry has no such family.
func (s *Space) selected(claim contract.Capability) []Class {
	for _, f := range s.reg.Families() {
		if f.Claim == claim {
			return []Class{{"run.type", "family:" + f.Type}, {"run.lifecycle", "running+unset/exact"}}
		}
	}
	return nil
}

// Coverage counts how often each class was drawn.
type Coverage map[Class]int

// Add counts the classes of one case.
func (cv Coverage) Add(classes []Class) {
	for _, c := range classes {
		cv[c]++
	}
}

// Missing lists the classes of a space never drawn.
func (cv Coverage) Missing(s *Space) []Class {
	var out []Class
	for _, c := range s.pairs {
		if cv[c] == 0 {
			out = append(out, c)
		}
	}
	return out
}

// Table is the coverage as lines: one per dimension, each class with its count.
func (cv Coverage) Table(s *Space) string {
	var b strings.Builder
	for _, d := range s.dims {
		parts := make([]string, 0, len(d.classes))
		for _, c := range d.classes {
			parts = append(parts, fmt.Sprintf("%s %d", c.name, cv[Class{d.name, c.name}]))
		}
		fmt.Fprintf(&b, "  %-26s %s\n", d.name, strings.Join(parts, ", "))
	}
	return b.String()
}

// Summary is one line: how many classes were drawn, of how many.
func (cv Coverage) Summary(s *Space) string {
	missing := cv.Missing(s)
	line := fmt.Sprintf("classes drawn: %d of %d", len(s.pairs)-len(missing), len(s.pairs))
	if len(missing) > 0 {
		names := make([]string, 0, min(len(missing), 5))
		for _, c := range missing[:min(len(missing), 5)] {
			names = append(names, c.String())
		}
		line += " (never: " + strings.Join(names, ", ")
		if len(missing) > 5 {
			line += fmt.Sprintf(" and %d more", len(missing)-5)
		}
		line += ")"
	}
	return line
}

// --- The lifecycle table crossed with spelling classes.

// lifecycleRow is one row of the standard's lifecycle table: a status and an outcome the
// application writes ("" for an unset outcome, "*" for a status drawn from every status), or
// an unknown value.
type lifecycleRow struct {
	name            string
	status, outcome string
	weight          int
	// spellStatus and spellOutcome say which value a spelling class changes.
	spellStatus, spellOutcome bool
}

type lifecycleClass struct {
	row      lifecycleRow
	spelling spelling
}

// lifecycleRows are the rows of the standard's lifecycle table (contract.Statuses and
// contract.Outcomes), plus the unknown rows.
func lifecycleRows() []lifecycleRow {
	var rows []lifecycleRow
	for _, st := range contract.Statuses {
		w := 6
		if st == string(contract.LifecycleCompleted) {
			w = 2
		}
		rows = append(rows,
			lifecycleRow{name: st + "+unset", status: st, outcome: "", weight: w, spellStatus: true},
			lifecycleRow{name: st + "+pending", status: st, outcome: string(contract.OutcomePending), weight: w, spellStatus: true, spellOutcome: true})
	}
	for _, o := range contract.Outcomes() {
		if o.Terminal() {
			rows = append(rows, lifecycleRow{name: "any+" + string(o), status: "*", outcome: string(o), weight: 2, spellOutcome: true})
		}
	}
	return append(rows,
		lifecycleRow{name: "unknown-status", status: "?", outcome: "", weight: 1},
		lifecycleRow{name: "unknown-outcome", status: "*", outcome: "?", weight: 1})
}

// spell applies a spelling class to a row; ok is false where the class has no member for it
// (a Unicode case trap needs a letter that has one). A status "*" is drawn from every status;
// "?" is an unknown value.
func (row lifecycleRow) spell(r *rand.Rand, sp spelling) (status, outcome string, ok bool) {
	status, outcome = row.status, row.outcome
	switch status {
	case "*":
		status = pick(r, contract.Statuses...)
	case "?":
		status = unknownWord(r)
	}
	if outcome == "?" {
		outcome = unknownWord(r)
	}
	if sp.name == "exact" {
		return status, outcome, true
	}
	if row.status == "?" || row.outcome == "?" {
		return "", "", false // unknown values have one spelling: their own
	}
	changed := false
	if row.spellStatus {
		if v, ok := sp.apply(r, status); ok {
			status, changed = v, true
		}
	}
	if row.spellOutcome && outcome != "" {
		if v, ok := sp.apply(r, outcome); ok {
			outcome, changed = v, true
		}
	}
	return status, outcome, changed
}

// unknownWord is a value no table of the standard holds.
func unknownWord(r *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz_"
	b := make([]byte, 3+r.IntN(8))
	for i := range b {
		b[i] = letters[r.IntN(len(letters)-1)]
	}
	return string(b)
}

// spelling is a class of ways to write a machine key: each draw writes the key in the class,
// so the class, not one example of it, is the data.
type spelling struct {
	name string
	// apply writes the key in this class; ok is false when the class has no member for it.
	apply func(r *rand.Rand, key string) (string, bool)
}

// nonPHPSpace are characters other readings take for space and PHP's trim() keeps
// (contract.PHPSpace is what it removes): a no-break space, a form feed, a line separator, an
// ideographic space, a byte order mark, a zero width space, a next line.
var nonPHPSpace = []string{"\u00a0", "\f", "\u2028", "\u3000", "\ufeff", "\u200b", "\u0085"}

// unicodeFolds are letters that Unicode case folding (not ASCII) takes for a Latin letter:
// the Kelvin sign for k, the long s for s.
var unicodeFolds = map[byte]string{'k': "\u212a", 's': "\u017f"}

// surround puts one to three characters of set on each side of s.
func surround(r *rand.Rand, s string, set []string) string {
	var b strings.Builder
	for n := 1 + r.IntN(3); n > 0; n-- {
		b.WriteString(pick(r, set...))
	}
	b.WriteString(s)
	for n := r.IntN(3); n > 0; n-- {
		b.WriteString(pick(r, set...))
	}
	return b.String()
}

// phpSpace is contract.PHPSpace, character by character.
var phpSpace = strings.Split(contract.PHPSpace, "")

var spellings = []spelling{
	{"exact", func(_ *rand.Rand, s string) (string, bool) { return s, true }},
	{"upper", func(_ *rand.Rand, s string) (string, bool) { u := strings.ToUpper(s); return u, u != s }},
	{"mixed-case", func(r *rand.Rand, s string) (string, bool) {
		b := []byte(s)
		for i := range b {
			if 'a' <= b[i] && b[i] <= 'z' && r.IntN(2) == 0 {
				b[i] -= 'a' - 'A'
			}
		}
		if string(b) == s && len(b) > 0 && 'a' <= b[0] && b[0] <= 'z' {
			b[0] -= 'a' - 'A'
		}
		return string(b), string(b) != s
	}},
	{"php-space", func(r *rand.Rand, s string) (string, bool) { return surround(r, s, phpSpace), true }},
	{"other-space", func(r *rand.Rand, s string) (string, bool) { return surround(r, s, nonPHPSpace), true }},
	{"unicode-fold", func(r *rand.Rand, s string) (string, bool) {
		var at []int
		for i := 0; i < len(s); i++ {
			if _, ok := unicodeFolds[s[i]]; ok {
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			return "", false
		}
		i := pick(r, at...)
		return s[:i] + unicodeFolds[s[i]] + s[i+1:], true
	}},
	{"alias", func(r *rand.Rand, s string) (string, bool) {
		a := aliases(s)
		if len(a) == 0 {
			return "", false
		}
		return pick(r, a...), true
	}},
}

// aliases are spellings of a key that mean it to a person and are another value to the
// standard: other separators, other word forms, the other spelling of a doubled consonant.
// Derived from the key, so every key has its own.
func aliases(key string) []string {
	set := map[string]bool{}
	add := func(s string) {
		if s != "" && s != key {
			set[s] = true
		}
	}
	words := strings.Split(key, "_")
	add(strings.Join(words, " "))
	add(strings.Join(words, "-"))
	add(strings.Join(words, ""))
	camel := words[0]
	for _, w := range words[1:] {
		if w != "" {
			camel += strings.ToUpper(w[:1]) + w[1:]
		}
	}
	add(camel)
	last := words[len(words)-1]
	head := words[: len(words)-1 : len(words)-1]
	stemmed := false
	for _, suf := range []string{"ed", "ing", "d"} {
		if stem, ok := strings.CutSuffix(last, suf); ok && len(stem) > 2 {
			stemmed = true
			add(strings.Join(append(head, stem), "_"))
			add(strings.Join(append(head, stem+"ing"), "_"))
		}
	}
	if !stemmed {
		add(strings.Join(append(head, last+"ed"), "_"))
	}
	if strings.Contains(key, "ll") {
		add(strings.Replace(key, "ll", "l", 1))
	} else if i := strings.LastIndex(key, "l"); i > 0 {
		add(key[:i] + "l" + key[i:])
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
