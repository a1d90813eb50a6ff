package standards

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/conform-dev/conform/audit"
	"github.com/conform-dev/conform/contract"
)

// Blocks renders every generated block by name, for the built-in registry.
func Blocks() map[string]string { return BlocksFor(contract.Builtin) }

// BlocksFor renders every generated block for an application's registry: its families, its
// vocabulary, and shell examples of its own families.
func BlocksFor(reg *contract.Registry) map[string]string {
	return map[string]string{
		"families":   families(reg),
		"vocabulary": vocabulary(reg),
		"precedence": precedence(),
		"copy":       genericCopy(reg),
		"keys":       keys(reg),
		"rungs":      rungs(reg),
		"copy-rules": copyRules(),
		"lifecycle":  lifecycle(),
		"shell":      shellExamples(reg),
		"audit":      auditRules(),
		"trace":      traceRules(),
		"boundaries": boundaries(reg),
	}
}

var block = regexp.MustCompile(`(?s)(<!-- BEGIN GENERATED: ([a-z-]+) -->\n).*?(<!-- END GENERATED: ([a-z-]+) -->)`)

// Render replaces every generated block of doc with its current content. It fails on an
// unknown or unbalanced block, so a typo cannot leave a table unmaintained.
func Render(doc []byte) ([]byte, error) { return RenderFor(doc, contract.Builtin) }

// RenderFor is Render for an application's registry.
func RenderFor(doc []byte, reg *contract.Registry) ([]byte, error) {
	blocks := BlocksFor(reg)
	used := map[string]bool{}
	var err error
	out := block.ReplaceAllFunc(doc, func(m []byte) []byte {
		sub := block.FindSubmatch(m)
		name, end := string(sub[2]), string(sub[4])
		if name != end {
			err = fmt.Errorf("generated block %q is closed as %q", name, end)
			return m
		}
		body, ok := blocks[name]
		if !ok {
			err = fmt.Errorf("unknown generated block %q", name)
			return m
		}
		used[name] = true
		return []byte(string(sub[1]) + body + string(sub[3]))
	})
	if err != nil {
		return nil, err
	}
	for name := range blocks {
		if !used[name] {
			return nil, fmt.Errorf("the document has no generated block %q", name)
		}
	}
	return out, nil
}

// Verify reports whether doc is up to date; the error names the first block that differs.
func Verify(doc []byte) error { return VerifyFor(doc, contract.Builtin) }

// VerifyFor is Verify for an application's registry.
func VerifyFor(doc []byte, reg *contract.Registry) error {
	want, err := RenderFor(doc, reg)
	if err != nil {
		return err
	}
	if !bytes.Equal(doc, want) {
		blocks := BlocksFor(reg)
		names := make([]string, 0, len(blocks))
		for name := range blocks {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if body := blocks[name]; !bytes.Contains(doc, []byte(body)) {
				return fmt.Errorf("generated block %q differs from the contract; run `conform docs --write`", name)
			}
		}
		return fmt.Errorf("docs/standards.md differs from the contract; run `conform docs --write`")
	}
	return nil
}

func table(head []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|")
	for range head {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

func code(s string) string { return "`" + s + "`" }

func families(reg *contract.Registry) string {
	var rows [][]string
	for _, f := range reg.Families() {
		rows = append(rows, []string{code(f.Type), f.Label, code(string(f.Claim)), string(f.Scope), f.Why})
	}
	other := reg.Lookup("")
	rows = append(rows, []string{"any other type", other.Label, code(string(other.Claim)), string(other.Scope), reg.ScopeRule(contract.ScopeUnknown)})
	return table([]string{"Family (`type`)", "Operation label", "May claim while active", "Scope", "Why"}, rows)
}

func vocabulary(reg *contract.Registry) string {
	var rows [][]string
	for _, f := range reg.Families() {
		for _, pl := range f.Phases {
			rows = append(rows, []string{code(f.Type), code(string(pl.Phase)), pl.Label, pl.Boundary})
		}
	}
	return table([]string{"Family", "Phase key", "Operator label", "Workflow boundary"}, rows)
}

func precedence() string {
	var parts []string
	for _, c := range contract.Capabilities {
		if c != contract.None {
			parts = append(parts, code(string(c)))
		}
	}
	return strings.Join(parts, " > ") + "\n"
}

// rungs is one sentence per scope, from the contract's own rule (Registry.ScopeRule): the
// families table and the prose cite the same words.
func rungs(reg *contract.Registry) string {
	var b strings.Builder
	for _, sc := range append(slices.Clone(contract.Scopes), contract.ScopeUnknown) {
		fmt.Fprintf(&b, "- **%s**: %s\n", sc, reg.ScopeRule(sc))
	}
	return b.String()
}

func genericCopy(reg *contract.Registry) string {
	rows := [][]string{
		{"Phased family, phase metadata malformed", reg.Settings().GenericPhased, "yes"},
		{"Composite family, composite metadata malformed", reg.Settings().GenericComposite, "yes"},
		{"Selected family, metadata missing (running)", contract.ActivityLabel, "yes"},
		{"Selected family, metadata missing (queued)", contract.QueuedLabel, "yes"},
		{"Any other active run without counted truth (running)", contract.ActivityLabel, "no"},
		{"Any other active run without counted truth (queued)", contract.QueuedLabel, "no"},
		{"Counted run", contract.CountedLabel, "no"},
		{"Composite, no failed or partial children", contract.CompositeLabel, "no"},
		{"Composite, failed or partial children", contract.CompositeAttentionLabel, "no"},
		{"Composite, zero children", contract.CompositeEmptyLabel, "no"},
		{"Composite hint, failed children", contract.HintFailed, "no"},
		{"Composite hint, partial children only", contract.HintPartial, "no"},
		{"Terminal run", "(no progress copy; the outcome is shown)", "no"},
	}
	return table([]string{"Situation", "Copy", "Degraded"}, rows)
}

func keys(reg *contract.Registry) string {
	var allowed, forbidden []string
	for _, k := range reg.Settings().SummaryCountKeys {
		allowed = append(allowed, code(k))
	}
	for _, k := range contract.ForbiddenProgressKeys {
		forbidden = append(forbidden, code(k))
	}
	return "- Allowed `summary_counts` keys (the registry's `summary_counts`): " + strings.Join(allowed, ", ") + ".\n" +
		"- Never persisted in `context` or `context.progress`: " + strings.Join(forbidden, ", ") + ".\n" +
		"- Never persisted anywhere in `context`: a child-run graph, a key naming runs by id such as `child_run_ids`, `operation_run_ids`, `parent_run_id`, `sub_runs` or `run_graph` (any case, with or without separators; the composite's `children` count is not one).\n"
}

func copyRules() string {
	var words []string
	for _, w := range contract.TechnicalWords {
		words = append(words, code(w))
	}
	return fmt.Sprintf("- No percentage: no `%%` sign of any script (`%%`, `％`, `﹪`, `٪`, `‰`, `‱`), no word \"percent\" or \"per cent\".\n"+
		"- No digit fraction such as `3/12` or `½`, and no progress told as a quantity (\"3 of 12\", \"2 out of 5\", \"step 2\", \"phase 3\", \"phase three of five\"), outside counted copy.\n"+
		"- No raw key: no `_`, no dotted name such as `tenant.review`.\n"+
		"- No class name: no capital inside a word such as `CaptureJob`, no `\\`.\n"+
		"- No technical word: %s.\n- Sentence case.\n- At most %d characters.\n",
		strings.Join(words, ", "), contract.MaxCopyLength)
}

func lifecycle() string {
	rows := [][]string{
		{"`queued`", "`pending` or empty", "`queued`", contract.LifecycleLabel(contract.LifecycleQueued, contract.OutcomePending)},
		{"`running`", "`pending` or empty", "`running`", contract.LifecycleLabel(contract.LifecycleRunning, contract.OutcomePending)},
	}
	for _, o := range []contract.Outcome{contract.OutcomePending, contract.OutcomeSucceeded, contract.OutcomePartiallySucceeded,
		contract.OutcomeBlocked, contract.OutcomeFailed, contract.OutcomeCancelled} {
		status := "`completed`"
		if o != contract.OutcomePending {
			status = "any"
		}
		rows = append(rows, []string{status, code(string(o)), "`completed`", contract.LifecycleLabel(contract.LifecycleCompleted, o)})
	}
	rows = append(rows, []string{"anything else", "anything else", "`unknown`", contract.LifecycleLabel(contract.LifecycleUnknown, contract.OutcomeUnknown)})
	return table([]string{"Status", "Outcome", "Lifecycle", "Shell label"}, rows)
}

// shellExamples renders the registry's first phased, composite and counted families (when it
// has them) and a terminal run of its first family.
func shellExamples(reg *contract.Registry) string {
	type example struct {
		title string
		run   contract.Run
	}
	first := func(c contract.Capability) (contract.Family, bool) {
		for _, f := range reg.Families() {
			if f.Claim == c {
				return f, true
			}
		}
		return contract.Family{}, false
	}
	var runs []example
	if f, ok := first(contract.Phased); ok {
		key := string(f.Phases[0].Phase)
		for _, pl := range f.Phases {
			if pl.Phase == contract.PhaseFetching {
				key = string(pl.Phase)
			}
		}
		runs = append(runs, example{"Phased", contract.Run{ID: 42, TenantID: 7, Type: f.Type, Status: "running", Outcome: "pending",
			Context: map[string]any{"progress": map[string]any{"phase": map[string]any{"key": key}}}}})
	}
	if f, ok := first(contract.Composite); ok {
		runs = append(runs, example{"Composite", contract.Run{ID: 43, TenantID: 7, Type: f.Type, Status: "running", Outcome: "pending",
			Context: map[string]any{"progress": map[string]any{"composite": map[string]any{"children": 12, "failed": 2, "partial": 1}}}}})
	}
	if f, ok := first(contract.Counted); ok {
		runs = append(runs, example{"Counted", contract.Run{ID: 44, TenantID: 7, Type: f.Type, Status: "running", Outcome: "pending",
			SummaryCounts: map[string]any{"processed": 3, "total": 12}}})
	}
	terminal := "operation"
	if fams := reg.Families(); len(fams) > 0 {
		terminal = fams[min(1, len(fams)-1)].Type
	}
	runs = append(runs, example{"Terminal", contract.Run{ID: 45, TenantID: 7, Type: terminal, Status: "completed", Outcome: "partially_succeeded",
		Context: map[string]any{"progress": map[string]any{"phase": map[string]any{"key": "persisting"}}}}})
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.title + ":\n\n```html\n" + reg.Present(r.run, reg.Resolve(r.run)).HTML() + "```\n\n")
	}
	return b.String()
}

func boundaries(reg *contract.Registry) string {
	var rows [][]string
	for _, fam := range []string{"baseline_capture", "baseline_compare"} {
		if !reg.HoldsWriters(fam) {
			continue
		}
		for _, path := range []string{"standard", "full-content"} {
			var at []string
			for _, b := range contract.Boundaries(fam, path) {
				at = append(at, b.Name+" "+code(string(b.Phase)))
			}
			rows = append(rows, []string{code(fam), path, strings.Join(at, ", ")})
		}
	}
	if reg.HoldsWriters("tenant.review.compose") {
		rows = append(rows, []string{code("tenant.review.compose"), "from a snapshot",
			"the composite summary with the queued run, from the snapshot's operations summary; none when it has none"})
	}
	if len(rows) == 0 {
		return "This registry claims none of spec 272's writer families as spec 272 does: no writer scenario applies.\n"
	}
	return table([]string{"Job", "Path", "Boundaries and the phase entered at each"}, rows)
}

func traceRules() string {
	var rows [][]string
	for _, r := range contract.TraceRules {
		rows = append(rows, []string{code(r), contract.TraceRuleText[r]})
	}
	return table([]string{"Rule", "Every trace keeps"}, rows)
}

func auditRules() string {
	var rows [][]string
	for _, r := range audit.Rules {
		rows = append(rows, []string{code(r.ID), string(r.Severity), r.Text})
	}
	return table([]string{"Rule", "Severity", "What it finds"}, rows)
}
