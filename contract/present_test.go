package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func phasedRun(key string) Run {
	return Run{ID: 42, TenantID: 7, Type: "baseline_capture", Status: "running", Outcome: "pending",
		Context: map[string]any{"progress": map[string]any{"phase": map[string]any{"key": key}}}}
}

func TestPresentShell(t *testing.T) {
	counted := Run{ID: 5, TenantID: 7, Type: "tenant.review_pack.generate", Status: "running",
		SummaryCounts: map[string]any{"total": 12, "processed": 3}}
	composite := Run{ID: 6, TenantID: 7, Type: "tenant.review.compose", Status: "running",
		Context: map[string]any{"progress": map[string]any{"composite": map[string]any{"children": 12, "failed": 2, "partial": 1}}}}
	failed := phasedRun("fetching")
	failed.Status, failed.Outcome = "completed", "failed"

	tests := []struct {
		name    string
		run     Run
		has     []string
		hasNot  []string
		bar     bool
		lifecyc string
	}{
		{"phased", phasedRun("fetching"),
			[]string{"Baseline capture", "Running", "Capturing evidence", `href="/admin/operations/42"`, `href="/admin/operations?tenant_id=7"`, "View operation", "Show all operations"},
			[]string{"%", "<progress", "fetching"}, false, "Running"},
		{"counted", counted, []string{"Processing items", "3 of 12 processed", `<progress class="op-hint-bar" max="100" value="25">`}, nil, true, "Running"},
		{"composite", composite,
			[]string{"Summarizing operations that need attention", "12 recent operations, 2 failed, 1 partly finished", HintFailed},
			[]string{"%", "<progress", "Composite progress pending"}, false, "Running"},
		{"terminal", failed, []string{"Failed", "View operation"}, []string{"Capturing evidence", "<progress", "op-hint-progress"}, false, "Failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Present(tt.run, Resolve(tt.run))
			html := h.HTML()
			for _, s := range tt.has {
				assert.Contains(t, html, s)
			}
			for _, s := range tt.hasNot {
				assert.NotContains(t, html, s)
			}
			assert.Equal(t, tt.bar, h.Bar)
			assert.Equal(t, tt.lifecyc, h.LifecycleLabel)
			assert.NoError(t, CheckCopy(h.Detail, h.Capability == Counted))
		})
	}
}

func TestShellEscapesHostileValues(t *testing.T) {
	run := Run{ID: 1, TenantID: 2, Type: `<script>alert(1)</script>`, Status: "running"}
	html := Present(run, Resolve(run)).HTML()
	assert.NotContains(t, html, "<script>")
	assert.Contains(t, html, "Operation")
}

func TestChildSummary(t *testing.T) {
	assert.Equal(t, "1 recent operation", ChildSummary(Summary{Present: true, Children: 1}))
	assert.Equal(t, "4 recent operations, 1 partly finished", ChildSummary(Summary{Present: true, Children: 4, Partial: 1}))
}

func TestAccess(t *testing.T) {
	run := Run{ID: 9, TenantID: 7, Type: "baseline_capture", Status: "running"}
	tests := []struct {
		name  string
		actor Actor
		want  int
	}{
		{"member with capability", Actor{UserID: 1}.Grant(7, ViewCapability), StatusOK},
		{"member without capability", Actor{UserID: 1}.Grant(7, "baselines.capture"), StatusForbidden},
		{"member of another tenant", Actor{UserID: 1}.Grant(8, ViewCapability), StatusNotFound},
		{"member of the platform tenant only", Actor{UserID: 1}.Grant(0, ViewCapability, "*"), StatusNotFound},
		{"anonymous", Actor{}, StatusNotFound},
		{"the run's own user, not a member", Actor{UserID: 3}, StatusNotFound},
		{"listed twice, the later row grants", Actor{UserID: 1}.Grant(7).Grant(7, ViewCapability), StatusOK},
		{"listed twice, the first row grants", Actor{UserID: 1}.Grant(7, ViewCapability).Grant(7), StatusOK},
		{"listed twice, no row grants", Actor{UserID: 1}.Grant(7, "tenants.view").Grant(7), StatusForbidden},
		{"capability in another case", Actor{UserID: 1}.Grant(7, "Operations.View"), StatusForbidden},
		{"capability with a space", Actor{UserID: 1}.Grant(7, " operations.view"), StatusForbidden},
		{"a wildcard", Actor{UserID: 1}.Grant(7, "*", "operations.*"), StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Access(tt.actor, run))
			status, hint, ok := View(tt.actor, run)
			assert.Equal(t, tt.want, status)
			assert.Equal(t, tt.want == StatusOK, ok)
			if !ok {
				assert.Equal(t, ShellHint{}, hint, "nothing of the run may reach a %d", status)
			}
		})
	}
}

func TestTenantShellListsOnlyVisibleRunsOfTheTenant(t *testing.T) {
	actor := Actor{UserID: 1}.Grant(7, ViewCapability).Grant(8)
	runs := []Run{phasedRun("fetching"), {ID: 43, TenantID: 8, Type: "baseline_compare", Status: "running"},
		{ID: 44, TenantID: 9, Type: "baseline_compare", Status: "running"}}
	hints := Builtin.TenantShell(actor, 7, runs)
	assert.Len(t, hints, 1)
	assert.Equal(t, int64(42), hints[0].RunID)
	assert.Empty(t, Builtin.TenantShell(actor, 8, runs), "403 runs are not listed")
	assert.Empty(t, Builtin.TenantShell(actor, 9, runs), "404 runs are not listed")
	assert.False(t, strings.Contains(hints[0].HTML(), "tenant_id=8"))
}
