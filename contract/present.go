package contract

import (
	"html/template"
	"strconv"
	"strings"
)

// ShellHint is what the tenant shell shows for one run: one progress meaning derived from the
// resolution, the lifecycle, and the canonical links. Raw payloads, failure internals and
// diagnostics stay on the Operations detail page.
type ShellHint struct {
	RunID          int64
	TenantID       int64
	Capability     Capability
	OperationLabel string // "Baseline capture"
	LifecycleLabel string // "Running", "Failed" ...
	ProgressLabel  string // the resolution's label; empty for terminal runs
	Detail         string // composite child counts or counted "3 of 12 processed"
	Hint           string // one next-step hint, composite only
	Bar            bool   // counted only
	Percent        int    // counted only
	ViewURL        string // /admin/operations/{run}
	AllURL         string // /admin/operations?tenant_id={tenant}
}

// Link texts of the canonical operation links.
const (
	ViewOperationText     = "View operation"
	ShowAllOperationsText = "Show all operations"
)

// Present turns a resolution into the shell hint, with the built-in registry's labels.
func Present(run Run, res Resolution) ShellHint { return Builtin.Present(run, res) }

// Present turns a resolution into the shell hint.
func (r *Registry) Present(run Run, res Resolution) ShellHint {
	h := ShellHint{
		RunID:          run.ID,
		TenantID:       run.TenantID,
		Capability:     res.Capability,
		OperationLabel: r.Lookup(run.Type).Label,
		LifecycleLabel: LifecycleLabel(res.Lifecycle, NormalizeOutcome(run.Outcome)),
		ProgressLabel:  res.Label,
		ViewURL:        ViewURL(run.ID),
		AllURL:         AllURL(run.TenantID),
	}
	switch {
	case res.Capability == Counted && res.HasPercent:
		p, t, _ := CountedGate(run.SummaryCounts)
		h.Detail = strconv.FormatInt(p, 10) + " of " + strconv.FormatInt(t, 10) + " processed"
		h.Bar, h.Percent = res.Bar, res.Percent
	case res.Capability == Composite && res.Composite.Present && res.Composite.Children > 0:
		h.Detail = ChildSummary(res.Composite)
		h.Hint = res.Composite.Hint
	}
	return h
}

// ViewURL is the canonical detail route of a run.
func ViewURL(runID int64) string { return "/admin/operations/" + strconv.FormatInt(runID, 10) }

// AllURL is the canonical collection route filtered to a tenant.
func AllURL(tenantID int64) string {
	return "/admin/operations?tenant_id=" + strconv.FormatInt(tenantID, 10)
}

// ChildSummary is the one-line child summary of a composite run, e.g.
// "12 operations, 2 failed, 1 partly finished". Counts, never a fraction or a percentage.
func ChildSummary(s Summary) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(s.Children, 10))
	if s.Children == 1 {
		b.WriteString(" recent operation")
	} else {
		b.WriteString(" recent operations")
	}
	if s.Failed > 0 { // an unknown count (-1) says nothing
		b.WriteString(", " + strconv.FormatInt(s.Failed, 10) + " failed")
	}
	if s.Partial > 0 {
		b.WriteString(", " + strconv.FormatInt(s.Partial, 10) + " partly finished")
	}
	return b.String()
}

// LifecycleLabel is the operator label of a lifecycle; terminal runs show their outcome.
func LifecycleLabel(l Lifecycle, o Outcome) string {
	switch l {
	case LifecycleQueued:
		return "Queued"
	case LifecycleRunning:
		return "Running"
	case LifecycleCompleted:
		switch o {
		case OutcomePartiallySucceeded:
			return "Partially succeeded"
		case OutcomeBlocked:
			return "Blocked"
		case OutcomeFailed:
			return "Failed"
		case OutcomeCancelled:
			return "Cancelled"
		}
		return "Completed"
	}
	return "Status unknown"
}

var shellTemplate = template.Must(template.New("shell").Parse(`<section class="op-hint" data-run="{{.RunID}}" data-capability="{{.Capability}}">
<p class="op-hint-title"><span class="op-hint-operation">{{.OperationLabel}}</span> <span class="op-hint-lifecycle">{{.LifecycleLabel}}</span></p>
{{- if .ProgressLabel}}
<p class="op-hint-progress">{{.ProgressLabel}}</p>
{{- end}}
{{- if .Detail}}
<p class="op-hint-detail">{{.Detail}}</p>
{{- end}}
{{- if .Hint}}
<p class="op-hint-next">{{.Hint}}</p>
{{- end}}
{{- if .Bar}}
<progress class="op-hint-bar" max="100" value="{{.Percent}}"></progress>
{{- end}}
<p class="op-hint-links"><a href="{{.ViewURL}}">` + ViewOperationText + `</a> <a href="{{.AllURL}}">` + ShowAllOperationsText + `</a></p>
</section>
`))

// HTML renders the hint as an HTML fragment. Every value is escaped by html/template, so a
// hostile run type or label can never inject markup.
func (h ShellHint) HTML() string {
	var b strings.Builder
	if err := shellTemplate.Execute(&b, h); err != nil {
		// The template is fixed and its data is plain values: failing here is a programming
		// error in this package, not an input problem.
		panic("contract: shell template: " + err.Error())
	}
	return b.String()
}
