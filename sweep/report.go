package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/protocol"
)

// Report is the failure as a reviewer reads it: the shrunk case, both answers, how to replay
// it, and (for conform's maintainers) a vector to paste that pins it.
func (f Failure) Report() string { return f.ReportFor(true) }

// ReportFor is Report for the application developer (maintainer false: no advice about
// conform's own fixtures) or for conform's maintainers.
func (f Failure) ReportFor(maintainer bool) string {
	var b strings.Builder
	more := ""
	if f.Diverging > 1 {
		more = fmt.Sprintf(" (%d cases diverged on it)", f.Diverging)
	}
	fmt.Fprintf(&b, "%s diverged from the reference at case %d of seed %d%s; shrunk in %d steps to:\n", f.Property, f.Index, f.Seed, more, f.Steps)
	if f.Case.Corpus != "" {
		fmt.Fprintf(&b, "  (a divergence kept in the corpus: %s)\n", f.Case.Corpus)
	}
	if f.Registry != nil {
		fmt.Fprintf(&b, "  with a registry the sweep made up (the implementation was started with it; the same seed makes it again):\n    %s\n", DescribeRegistry(f.Registry))
	}
	if propGroup(f.Property) != "tenant-shell" {
		fmt.Fprintf(&b, "  run:   %s\n", compactJSON(f.Case.Run)) // a tenant shell's runs are below
	}
	if group := propGroup(f.Property); group != "resolution" {
		tenant := f.Case.Run.TenantID
		if group == "tenant-shell" {
			tenant = f.Case.PageTenant
		}
		fmt.Fprintf(&b, "  actor: %s (%s)\n", compactJSON(protocol.ActorFrom(f.Case.Actor)), actorText(f.Case.Actor, tenant))
	}
	if f.Case.Page != nil && propGroup(f.Property) == "tenant-shell" {
		fmt.Fprintf(&b, "  tenant shell of tenant %d, over runs: %s\n", f.PageTenantOrRun(), compactJSON(f.Case.Page))
	}
	fmt.Fprintf(&b, "  got:   %s\n  want:  %s\n", f.Got, f.Want)
	fmt.Fprintf(&b, "  implementation: %s\n", answerText(f.Answer, f.Property))
	fmt.Fprintf(&b, "  reference:      %s\n", answerText(f.Reference, f.Property))
	fmt.Fprintf(&b, "  replay: conform run --impl CMD %s\n", f.Replay())
	if propGroup(f.Property) == "resolution" {
		fmt.Fprintf(&b, "  this run alone: conform resolve <<< %s\n", finding.Quote(compactJSON(f.Case.Run)))
	}
	if !maintainer {
		return strings.TrimRight(b.String(), "\n")
	}
	if propGroup(f.Property) == "tenant-shell" {
		b.WriteString("  no vector kind pins a tenant-shell listing: add the case to features/authorization.feature\n")
	}
	if path, doc := f.Vector(); doc != "" {
		fmt.Fprintf(&b, "  pin it as fixtures/runs/%s:\n", path)
		for _, line := range strings.Split(strings.TrimRight(doc, "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// actorText says who an actor is for a tenant, from its memberships as they are (a shrunk
// case's actor is not the kind it was drawn as).
func actorText(a contract.Actor, tenant int64) string {
	switch {
	case len(a.Memberships) == 0:
		return "no membership: anonymous, or out of every tenant"
	case a.May(tenant, contract.ViewCapability):
		return "a member of the tenant with operations.view"
	case a.Member(tenant):
		return "a member of the tenant without operations.view"
	}
	return "a member of other tenants only"
}

// Replay is the flags that replay this case alone: --seed S --case N.
func (f Failure) Replay() string { return fmt.Sprintf("--seed %d --case %d", f.Seed, f.Index) }

// Problem is the failure as a finding.Problem: the property broken, the case's input (the run,
// and the actor or tenant shell the property reads), got and want, the replay.
func (f Failure) Problem(maintainer bool) finding.Problem {
	input := map[string]any{"run": f.Case.Run}
	switch propGroup(f.Property) {
	case "present", "invariant", "":
		input["actor"] = protocol.ActorFrom(f.Case.Actor)
	case "tenant-shell":
		input = map[string]any{"actor": protocol.ActorFrom(f.Case.Actor), "tenant_id": f.Case.PageTenant, "runs": f.Case.Page}
	}
	if propGroup(f.Property) == "resolution" {
		input = map[string]any{"run": f.Case.Run}
	}
	p := finding.Problem{Rule: f.Property, Stage: finding.Sweep, Check: "sweep: " + f.Property, Input: finding.Compact(input),
		Got: f.Got, Want: f.Want, Replay: f.Replay(), Detail: f.ReportFor(maintainer)}
	if pp := protocol.Problem(f.Answer.Err); pp != nil && f.Property == PropAnswer {
		// No answer because the program broke the protocol: that is the root cause.
		p.Rule, p.Stage, p.Got = pp.Rule, pp.Stage, pp.Got
	}
	return p
}

// PageTenantOrRun is the tenant whose shell the case opens.
func (f Failure) PageTenantOrRun() int64 {
	if f.Case.Page != nil {
		return f.Case.PageTenant
	}
	return f.Case.Run.TenantID
}

func answerText(a Answer, prop string) string {
	if a.Err != nil {
		return "no answer: " + oneLine(a.Err.Error())
	}
	switch propGroup(prop) {
	case "present":
		return fmt.Sprintf("status %d, fragment %q", a.Status, a.Fragment)
	case "tenant-shell":
		if a.Page == nil {
			return "no tenant shell"
		}
		listed := make([]protocol.ListedRun, 0, len(a.Page.Runs))
		for _, l := range a.Page.Runs {
			listed = append(listed, protocol.ListedRun{RunID: l.RunID, ShellHTML: l.ShellHTML})
		}
		return fmt.Sprintf("status %d, runs %s", a.Page.Status, compactJSON(listed))
	}
	return compactJSON(a.Res)
}

func compactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%v", v)
	}
	return strings.TrimSpace(b.String())
}

// Vector is the YAML of a vector that pins the failure, and its path under fixtures/runs/: a
// run vector for a resolution property, a shell vector for what the fragment reads, an access
// vector for the status. A tenant-shell listing has no vector kind: "" then.
func (f Failure) Vector() (path, doc string) {
	c := f.Case
	sum := sha256.Sum256([]byte(compactJSON(c.Run) + compactJSON(protocol.ActorFrom(c.Actor)) + f.Property))
	name := "sweep-" + strings.NewReplacer(".", "-", "_", "-").Replace(f.Property) + "-" + hex.EncodeToString(sum[:3])
	reason := fmt.Sprintf("Found by the sweep (seed %d, case %d): %s must read as the reference's.", f.Seed, f.Index, f.Property)
	return f.VectorAs(name, reason)
}

// VectorAs is Vector with the vector's name (its file name, without .yaml) and reason.
func (f Failure) VectorAs(name, reason string) (path, doc string) {
	if f.Registry != nil {
		return "", "" // a vector holds to the registry in force; this case needs its own
	}
	c, ref := f.Case, f.Reference
	var b strings.Builder
	fmt.Fprintf(&b, "reason: %s\n", quote(reason))
	writeRun(&b, c.Run)
	switch group := propGroup(f.Property); {
	case group == "tenant-shell":
		return "", "" // no vector kind pins a listing: the case above reproduces it
	case group == "resolution" || group == "invariant" || f.Property == PropAnswer:
		writeWant(&b, ref.Res)
		return category(ref.Res) + "/" + name + ".yaml", b.String()
	case f.Property == PropStatus || f.Property == fragment.PropEmpty || ref.Status != contract.StatusOK || f.Answer.Status != ref.Status:
		// The actor's status is what differs: a shell vector (read by a viewer) would not.
		fmt.Fprintf(&b, "actor: %s\n", actorFlow(c.Actor))
		fmt.Fprintf(&b, "access: %d\n", ref.Status)
		return "access/" + name + ".yaml", b.String()
	case group == "present":
		writeShell(&b, ref.Fragment)
		return "shell/" + name + ".yaml", b.String()
	}
	return "", ""
}

// category is where a vector of this resolution belongs.
func category(r contract.Resolution) string {
	switch {
	case !r.Active:
		return "terminal"
	case r.Degraded:
		return "degraded"
	case r.Capability == contract.Phased:
		return "phased"
	case r.Capability == contract.Composite:
		return "composite"
	case r.Capability == contract.Counted:
		return "counted"
	}
	return "scope"
}

func writeRun(b *strings.Builder, r contract.Run) {
	b.WriteString("run:\n")
	fmt.Fprintf(b, "  id: %d\n  tenant_id: %d\n  user_id: %d\n", r.ID, r.TenantID, r.UserID)
	fmt.Fprintf(b, "  type: %s\n  status: %s\n  outcome: %s\n", quote(r.Type), quote(r.Status), quote(r.Outcome))
	fmt.Fprintf(b, "  summary_counts: %s\n  context: %s\n", flow(r.SummaryCounts), flow(r.Context))
	if r.FailureSummary != nil {
		fmt.Fprintf(b, "  failure_summary: %s\n", flow(r.FailureSummary))
	}
	for _, col := range []struct{ name, v string }{{"started_at", r.StartedAt}, {"completed_at", r.CompletedAt}, {"created_at", r.CreatedAt}, {"updated_at", r.UpdatedAt}} {
		if col.v != "" {
			fmt.Fprintf(b, "  %s: %s\n", col.name, quote(col.v))
		}
	}
}

func writeWant(b *strings.Builder, r contract.Resolution) {
	b.WriteString("want:\n")
	fmt.Fprintf(b, "  lifecycle: %s\n  active: %v\n  capability: %s\n  label: %s\n", quote(string(r.Lifecycle)), r.Active, quote(string(r.Capability)), quote(r.Label))
	if r.Phase == "" {
		b.WriteString("  phase: null\n")
	} else {
		fmt.Fprintf(b, "  phase: %s\n", quote(string(r.Phase)))
	}
	if c := r.Composite; c.Present {
		fmt.Fprintf(b, "  composite: {children: %d, failed: %d, partial: %d, hint: %s}\n", c.Children, c.Failed, c.Partial, quote(c.Hint))
	} else {
		b.WriteString("  composite: null\n")
	}
	if r.HasPercent {
		fmt.Fprintf(b, "  percent: %d\n", r.Percent)
	} else {
		b.WriteString("  percent: null\n")
	}
	fmt.Fprintf(b, "  bar: %v\n  degraded: %v\n", r.Bar, r.Degraded)
}

func writeShell(b *strings.Builder, frag string) {
	r := fragment.Read(frag)
	b.WriteString("shell:\n  shows:\n")
	for _, p := range fragment.Pieces(frag) {
		if !slices.ContainsFunc(r.Links, func(l fragment.Link) bool { return l.Text == p }) {
			fmt.Fprintf(b, "    - %s\n", quote(p))
		}
	}
	if r.Bar == "" {
		b.WriteString("  bar: false\n")
	} else {
		fmt.Fprintf(b, "  bar: %s\n", r.Bar)
	}
	b.WriteString("  links:\n")
	for _, l := range r.Links {
		fmt.Fprintf(b, "    - {text: %s, href: %s}\n", quote(l.Text), quote(l.Href))
	}
}

// actorFlow writes an actor as a vector holds it, in YAML flow syntax.
func actorFlow(a contract.Actor) string {
	var ms []string
	for _, m := range a.Memberships {
		caps := make([]string, 0, len(m.Capabilities))
		for _, c := range m.Capabilities {
			caps = append(caps, quote(c))
		}
		ms = append(ms, fmt.Sprintf("{tenant_id: %d, capabilities: [%s]}", m.TenantID, strings.Join(caps, ", ")))
	}
	return fmt.Sprintf("{user_id: %d, memberships: [%s]}", a.UserID, strings.Join(ms, ", "))
}

// quote is a YAML double-quoted scalar (a JSON string is one).
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// flow writes a decoded JSON value as YAML flow syntax, keeping number literals.
func flow(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		parts := make([]string, 0, len(t))
		for _, k := range slices.Sorted(maps.Keys(t)) {
			parts = append(parts, quote(k)+": "+flow(t[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			parts = append(parts, flow(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case string:
		return quote(t)
	case json.Number:
		return string(t)
	case bool:
		return strconv.FormatBool(t)
	}
	return quote(fmt.Sprint(v))
}
