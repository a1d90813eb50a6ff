package audit

import (
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/contract"
)

// Severity says what a finding means for the exit code.
type Severity string

// Severities.
const (
	Violation Severity = "violation" // exit 1
	Warning   Severity = "warning"
	Info      Severity = "info"
)

// Rule is one audit rule.
type Rule struct {
	ID       string
	Severity Severity
	Text     string
}

// Rules lists every rule, in report order.
var Rules = []Rule{
	{"unknown-phase-key", Violation, "phase key outside the family's vocabulary, or not a string"},
	{"persisted-label-mismatch", Violation, "persisted phase label differs from the vocabulary's"},
	{"metadata-on-unselected-family", Violation, "phase or composite metadata on a family not selected for it"},
	{"malformed-composite", Violation, "composite payload of the wrong shape or with missing, non-integer or negative counts"},
	{"inconsistent-composite", Violation, "composite counts with failed + partial > children"},
	{"unknown-summary-key", Violation, "summary_counts key outside the registry's summary_counts"},
	{"persisted-flag", Violation, "capability or mode flag persisted in context"},
	{"child-run-graph", Violation, "a child-run graph persisted in context (child_run_ids, operation_run_ids and the like, at any depth)"},
	{"fallback-copy", Warning, "active run of a selected family that would show only generic fallback copy"},
	{"terminal-active-metadata", Info, "terminal run still carrying phase or composite metadata"},
	{"unreadable-column", Violation, "id, tenant_id, type or status is NULL, or id or tenant_id is not an integer: the contract cannot read the run"},
}

// NoType is the family a finding is filed under when the run's type is NULL.
const NoType = "(type is NULL)"

// ruleByID finds a rule.
func ruleByID(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Breaks returns the IDs of the rules a run breaks, in rule order, by the built-in registry.
func Breaks(run contract.Run) []string { return BreaksWith(contract.Builtin, run) }

// BreaksWith returns the IDs of the rules a run breaks by an application's registry: its own
// families, claims and phase labels.
func BreaksWith(reg *contract.Registry, run contract.Run) []string {
	var hits []string
	hit := func(id string) { hits = append(hits, id) }
	fam := reg.Lookup(run.Type)
	progress, _ := asMap(dig(run.Context, "progress"))
	phase, hasPhase := present(progress, "phase")
	composite, hasComposite := present(progress, "composite")

	if hasPhase && fam.Claim == contract.Phased {
		ph, isObj := phase.(map[string]any)
		key, isStr := ph["key"].(string)
		label, known := reg.LabelFor(run.Type, contract.Phase(key))
		switch {
		case !isObj || !isStr || !known:
			hit("unknown-phase-key")
		default:
			if persisted, ok := ph["label"]; ok && persisted != label {
				hit("persisted-label-mismatch")
			}
		}
	}
	if (hasPhase && fam.Claim != contract.Phased) || (hasComposite && fam.Claim != contract.Composite) {
		hit("metadata-on-unselected-family")
	}
	if hasComposite && fam.Claim == contract.Composite {
		switch compositeShape(composite) {
		case "malformed":
			hit("malformed-composite")
		case "inconsistent":
			hit("inconsistent-composite")
		}
	}
	if len(reg.CheckSummaryCounts(run.SummaryCounts)) > 0 {
		hit("unknown-summary-key")
	}
	if len(contract.CheckPersistedFlags(run.Context)) > 0 {
		hit("persisted-flag")
	}
	if contract.HasGraphKey(run.Context) {
		hit("child-run-graph")
	}
	res := reg.Resolve(run)
	if res.Active && res.Degraded {
		hit("fallback-copy")
	}
	if res.Lifecycle == contract.LifecycleCompleted && (hasPhase || hasComposite) {
		hit("terminal-active-metadata")
	}
	return hits
}

func dig(v any, key string) any {
	m, _ := asMap(v)
	return m[key]
}

func asMap(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

// present reports a member that holds something (not missing, null or PHP's empty []).
func present(m map[string]any, key string) (any, bool) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, false
	}
	if a, isArr := v.([]any); isArr && len(a) == 0 {
		return nil, false
	}
	return v, true
}

func compositeShape(v any) string {
	_, _, _, shape := contract.ReadCounts(v)
	return shape
}

// Report accumulates findings, grouped by family and rule.
type Report struct {
	Examples int                          `json:"-"`
	Runs     int64                        `json:"runs_read"`
	Findings map[string]map[string]*Group `json:"-"` // family -> rule -> group
	Registry *contract.Registry           `json:"-"` // the families the rules know
	// Strict makes fallback-copy a violation: a queued or running run of a selected family
	// that shows only generic copy means its writers did not persist what the standard asks
	// (docs/standards.md, "What writers persist"), and production data gates a release.
	Strict bool `json:"strict"`
}

// Severity is a rule's severity in this report.
func (r *Report) Severity(rule Rule) Severity {
	if r.Strict && rule.ID == "fallback-copy" {
		return Violation
	}
	return rule.Severity
}

// Group is one (family, rule) cell of the report.
type Group struct {
	Family   string   `json:"family"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Count    int64    `json:"count"`
	Examples []int64  `json:"example_run_ids"`
}

// NewReport makes a report keeping up to examples run IDs per group.
func NewReport(examples int) *Report {
	return &Report{Examples: examples, Findings: map[string]map[string]*Group{}, Registry: contract.Builtin}
}

// Add checks one run and records what it breaks.
func (r *Report) Add(run contract.Run) { r.AddRow(run, nil) }

// AddRow checks one row read from the database: unreadable names its columns the contract
// cannot read (NULL, or not an integer), a finding of its own on that row; the row's other
// columns are still checked.
func (r *Report) AddRow(run contract.Run, unreadable []string) {
	ids := BreaksWith(r.Registry, run)
	// A row whose id cannot be read has no id to show as an example; it is counted.
	idUnreadable := false
	for _, u := range unreadable {
		idUnreadable = idUnreadable || strings.HasPrefix(u, "id ")
	}
	if len(unreadable) > 0 {
		ids = append(ids, "unreadable-column")
		if slices.Contains(unreadable, "type is NULL") {
			run.Type = NoType
		}
	}
	r.Runs++
	for _, id := range ids {
		byRule := r.Findings[run.Type]
		if byRule == nil {
			byRule = map[string]*Group{}
			r.Findings[run.Type] = byRule
		}
		g := byRule[id]
		if g == nil {
			rule, _ := ruleByID(id)
			g = &Group{Family: run.Type, Rule: id, Severity: r.Severity(rule)}
			byRule[id] = g
		}
		g.Count++
		if !idUnreadable {
			g.Examples = keepSmallest(g.Examples, run.ID, r.Examples)
		}
	}
}

// keepSmallest adds id to the sorted examples when it is among the n smallest: the examples
// of a group are its n smallest run ids whatever order the rows came in (one connection or
// many, any number of workers).
func keepSmallest(ex []int64, id int64, n int) []int64 {
	if n <= 0 || len(ex) == n && id >= ex[n-1] {
		return ex
	}
	i, found := slices.BinarySearch(ex, id)
	if found {
		return ex // the same id twice (a table without a unique id) is one example
	}
	ex = slices.Insert(ex, i, id)
	if len(ex) > n {
		ex = ex[:n]
	}
	return ex
}

// Groups lists the findings by family, then in rule order.
func (r *Report) Groups() []Group {
	var fams []string
	for f := range r.Findings {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	var out []Group
	for _, f := range fams {
		for _, rule := range Rules {
			if g := r.Findings[f][rule.ID]; g != nil {
				out = append(out, *g)
			}
		}
	}
	return out
}

// Violations counts findings of violation rules.
func (r *Report) Violations() int64 {
	var n int64
	for _, g := range r.Groups() {
		if g.Severity == Violation {
			n += g.Count
		}
	}
	return n
}
