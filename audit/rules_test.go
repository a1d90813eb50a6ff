package audit

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func run(t *testing.T, typ, status, outcome, counts, ctx string) contract.Run {
	t.Helper()
	raw := `{"id":1,"tenant_id":1,"type":"` + typ + `","status":"` + status + `","outcome":"` + outcome +
		`","summary_counts":` + counts + `,"context":` + ctx + `}`
	r, err := contract.DecodeRun([]byte(raw))
	require.NoError(t, err, raw)
	return r
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name                            string
		typ, status, outcome, counts, c string
		want                            []string
	}{
		{"clean phase", "baseline_capture", "running", "pending", `[]`, `{"progress":{"phase":{"key":"fetching","label":"Capturing evidence"}}}`, nil},
		{"clean phase without label", "baseline_compare", "running", "pending", `[]`, `{"progress":{"phase":{"key":"fetching"}}}`, nil},
		{"unknown key", "baseline_capture", "running", "pending", `[]`, `{"progress":{"phase":{"key":"download"}}}`, []string{"unknown-phase-key", "fallback-copy"}},
		{"numeric key", "baseline_capture", "completed", "failed", `[]`, `{"progress":{"phase":{"key":3}}}`, []string{"unknown-phase-key", "terminal-active-metadata"}},
		{"label mismatch", "baseline_compare", "running", "pending", `[]`, `{"progress":{"phase":{"key":"processing","label":"compare_job"}}}`, []string{"persisted-label-mismatch"}},
		{"phase on unselected", "support.diagnostics", "running", "pending", `[]`, `{"progress":{"phase":{"key":"fetching"}}}`, []string{"metadata-on-unselected-family"}},
		{"composite on capture", "baseline_capture", "running", "pending", `[]`, `{"progress":{"phase":{"key":"fetching"},"composite":{"children":1,"failed":0,"partial":0}}}`, []string{"metadata-on-unselected-family"}},
		{"malformed composite", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2}}}`, []string{"malformed-composite", "fallback-copy"}},
		{"negative composite count", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":-1,"partial":0}}}`, []string{"malformed-composite", "fallback-copy"}},
		{"negative partial count", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":0,"partial":-1}}}`, []string{"malformed-composite", "fallback-copy"}},
		{"negative children", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":-2,"failed":0,"partial":0}}}`, []string{"malformed-composite", "fallback-copy"}},
		{"float composite count", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2.0,"failed":0,"partial":0}}}`, []string{"malformed-composite", "fallback-copy"}},
		{"inconsistent composite", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":1,"partial":2}}}`, []string{"inconsistent-composite", "fallback-copy"}},
		{"inconsistent composite", "tenant.review.compose", "queued", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":2,"partial":1}}}`, []string{"inconsistent-composite", "fallback-copy"}},
		{"clean composite", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":2,"partial":0}}}`, nil},
		{"summary key", "tenant.review_pack.generate", "running", "pending", `{"total":2,"children":1}`, `[]`, []string{"unknown-summary-key"}},
		{"persisted flag", "inventory.sync", "running", "pending", `[]`, `{"progress_mode":"phased"}`, []string{"persisted-flag"}},
		{"child run ids", "tenant.review.compose", "running", "pending", `[]`, `{"child_run_ids":[1,2],"progress":{"composite":{"children":2,"failed":0,"partial":0}}}`, []string{"child-run-graph"}},
		{"operation run ids deep", "baseline_capture", "completed", "succeeded", `[]`, `{"review":{"sources":{"operationRunIds":[7]}}}`, []string{"child-run-graph"}},
		{"a children count is no graph", "tenant.review.compose", "running", "pending", `[]`, `{"progress":{"composite":{"children":2,"failed":0,"partial":0}},"children":3}`, nil},
		{"missing metadata", "baseline_compare", "running", "pending", `[]`, `null`, []string{"fallback-copy"}},
		{"terminal with composite", "tenant.review.compose", "completed", "succeeded", `[]`, `{"progress":{"composite":{"children":2,"failed":0,"partial":0}}}`, []string{"terminal-active-metadata"}},
		{"empty PHP arrays", "baseline_capture", "completed", "succeeded", `[]`, `{"progress":{"phase":[]}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Breaks(run(t, tt.typ, tt.status, tt.outcome, tt.counts, tt.c)))
		})
	}
}

// TestTheRegistryDecidesTheSummaryKeys: an application that writes its own summary_counts keys
// lists them in its registry, and the audit holds it to its list.
func TestTheRegistryDecidesTheSummaryKeys(t *testing.T) {
	set := contract.DefaultSettings()
	set.SummaryCountKeys = append(set.SummaryCountKeys, "children")
	reg, err := contract.NewRegistryWith(contract.Builtin.Families(), set)
	require.NoError(t, err)
	r := run(t, "tenant.review_pack.generate", "running", "pending", `{"total":2,"children":1}`, `[]`)
	assert.Equal(t, []string{"unknown-summary-key"}, Breaks(r), "spec 272's list")
	assert.Empty(t, BreaksWith(reg, r), "the application's list")
}

func TestGraphKeys(t *testing.T) {
	for _, k := range []string{"child_run_ids", "operation_run_ids", "childRunIds", "parent_run_id", "sub_runs", "run_graph", "run_ids", "child-operation-ids", "CHILD_RUNS"} {
		assert.True(t, contract.GraphKey(k), k)
	}
	for _, k := range []string{"children", "failed", "runtime", "running", "progress", "operation", "resume", "source", "children_count"} {
		assert.False(t, contract.GraphKey(k), k)
	}
}

func TestEveryRuleHasASeverityAndText(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules {
		assert.False(t, seen[r.ID], r.ID)
		seen[r.ID] = true
		assert.Contains(t, []Severity{Violation, Warning, Info}, r.Severity)
		assert.NotEmpty(t, r.Text)
	}
}

func TestReportAndFormats(t *testing.T) {
	r := NewReport(2)
	for i := int64(1); i <= 3; i++ {
		x := run(t, "baseline_capture", "running", "pending", `[]`, `{"progress":{"phase":{"key":"nope"}}}`)
		x.ID = i
		r.Add(x)
	}
	r.Add(run(t, "inventory.sync", "running", "pending", `[]`, `[]`))
	assert.Equal(t, int64(4), r.Runs)
	assert.Equal(t, int64(3), r.Violations())
	g := r.Groups()
	require.Len(t, g, 2)
	assert.Equal(t, []int64{1, 2}, g[0].Examples)
	for _, f := range Formats {
		var b bytes.Buffer
		require.NoError(t, Write(&b, r, f))
		assert.Contains(t, b.String(), "unknown-phase-key", f)
	}
	var b bytes.Buffer
	require.NoError(t, Write(&b, r, "json"))
	var parsed map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &parsed))
	assert.Equal(t, float64(3), parsed["violations"])
}

func TestMapping(t *testing.T) {
	m := DefaultMapping()
	require.NoError(t, m.Set("context=ctx_json"))
	m.Table = "ops.runs"
	q, args := m.Query(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), []string{"baseline_capture"})
	assert.Contains(t, q, `"ctx_json"::text FROM "ops"."runs" WHERE "created_at" >= $1 AND "type" = ANY($2)`)
	assert.Len(t, args, 2)
	assert.ErrorContains(t, m.Set("colour=x"), `unknown column "colour"`)
	assert.ErrorContains(t, m.Set("context"), "logical=actual")
	assert.True(t, strings.Contains(DefaultMapping().table(), "operation_runs"))
}

// TestUnreadableColumnsAreFindings: a row with NULLs or non-integer ids is a finding on that
// row (the rest of the row still checked), never the end of the audit.
func TestUnreadableColumnsAreFindings(t *testing.T) {
	str := func(s string) []byte { return []byte(s) }
	ctx := []byte(`{"progress": {"phase": {"key": "nonsense"}}}`)
	tests := []struct {
		name string
		row  raw
		fam  string
		more []string // other rules the row still breaks
	}{
		{"NULL tenant", raw{id: str("1"), typ: str("baseline_capture"), status: str("running"), ctx: ctx}, "baseline_capture", []string{"unknown-phase-key", "fallback-copy"}},
		{"NULL type", raw{id: str("2"), tenant: str("7"), status: str("running"), ctx: ctx}, NoType, []string{"metadata-on-unselected-family"}},
		{"NULL id and status", raw{tenant: str("7"), typ: str("support.diagnostics")}, "support.diagnostics", nil},
		{"text id", raw{id: str("run-9"), tenant: str("7"), typ: str("baseline_capture"), status: str("running"), outcome: str("pending")}, "baseline_capture", []string{"fallback-copy"}},
	}
	for _, tt := range tests {
		r := NewReport(5)
		run, unreadable := tt.row.run()
		require.NotEmpty(t, unreadable, tt.name)
		r.AddRow(run, unreadable)
		assert.EqualValues(t, 1, r.Runs, tt.name)
		var rules []string
		for _, g := range r.Groups() {
			assert.Equal(t, tt.fam, g.Family, tt.name)
			rules = append(rules, g.Rule)
		}
		assert.ElementsMatch(t, append(tt.more, "unreadable-column"), rules, tt.name)
	}
	ok, unreadable := raw{id: str("3"), tenant: str("7"), typ: str("baseline_capture"), status: str("queued")}.run()
	assert.Empty(t, unreadable, "a NULL outcome reads as pending")
	assert.Equal(t, int64(3), ok.ID)
}

// TestRulesKnowTheApplicationsFamilies: with an application's registry, its families are
// checked by their own claims and labels.
func TestRulesKnowTheApplicationsFamilies(t *testing.T) {
	reg, err := contract.NewRegistry([]contract.Family{
		{Type: "policy.sync", Label: "Policy sync", Claim: contract.Counted, Scope: contract.ScopeCountedRollout, Why: "W."},
		{Type: "scan.run", Label: "Scan", Claim: contract.Phased, Scope: contract.ScopeSelected, Why: "W.",
			Phases: []contract.PhaseLabel{{Phase: contract.PhaseFetching, Label: "Scanning devices"}}},
	})
	require.NoError(t, err)
	phase := func(key, label string) any {
		return map[string]any{"progress": map[string]any{"phase": map[string]any{"key": key, "label": label}}}
	}
	run := func(typ string, ctx any) contract.Run {
		return contract.Run{ID: 1, TenantID: 7, Type: typ, Status: "running", Context: ctx}
	}
	assert.Equal(t, []string{"metadata-on-unselected-family"}, BreaksWith(reg, run("policy.sync", phase("fetching", "Scanning devices"))))
	assert.Empty(t, BreaksWith(reg, run("scan.run", phase("fetching", "Scanning devices"))))
	assert.Equal(t, []string{"persisted-label-mismatch"}, BreaksWith(reg, run("scan.run", phase("fetching", "Capturing evidence"))))
	assert.Equal(t, []string{"unknown-phase-key", "fallback-copy"}, BreaksWith(reg, run("scan.run", phase("processing", ""))))
	assert.Equal(t, []string{"metadata-on-unselected-family"}, Breaks(run("scan.run", phase("fetching", "Scanning devices"))),
		"the built-in registry does not know scan.run")
}

// TestStrictMakesFallbackCopyAViolation: a queued or running run of a selected family without
// its metadata is a warning, and a violation under --strict; other families and ended runs are
// not touched by it.
func TestStrictMakesFallbackCopyAViolation(t *testing.T) {
	for _, strict := range []bool{false, true} {
		r := NewReport(2)
		r.Strict = strict
		r.Add(run(t, "baseline_capture", "running", "pending", `[]`, `[]`))
		r.Add(run(t, "tenant.review.compose", "queued", "pending", `[]`, `{"evidence_snapshot_id": 4}`))
		r.Add(run(t, "baseline_compare", "completed", "failed", `[]`, `[]`))
		r.Add(run(t, "tenant.review_pack.generate", "running", "pending", `[]`, `[]`))
		want := int64(0)
		if strict {
			want = 2
		}
		assert.Equal(t, want, r.Violations(), "strict %v", strict)
		for _, g := range r.Groups() {
			assert.Equal(t, "fallback-copy", g.Rule)
			assert.Contains(t, []string{"baseline_capture", "tenant.review.compose"}, g.Family)
		}
	}
}

// TestHostileTypesPrintAsData: a run type is the database's text: it cannot clear a
// terminal, issue a CI workflow command, or close the Markdown code around it.
func TestHostileTypesPrintAsData(t *testing.T) {
	r := NewReport(1)
	x := run(t, "baseline_capture", "running", "pending", `{"bogus":1}`, `[]`)
	x.Type = "evil\x1b[2J\n::add-mask::x`|"
	r.Add(x)
	for _, f := range Formats {
		var b bytes.Buffer
		require.NoError(t, Write(&b, r, f))
		out := b.String()
		assert.NotContains(t, out, "\x1b", f)
		for _, line := range strings.Split(out, "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "%s: %q", f, line)
		}
		if f == "markdown" {
			assert.Contains(t, out, "`` evil")
		}
	}
}

// TestIDsReadAsStrconvReadsThem: the fast path for plain decimals agrees with strconv on
// every text an id column may hold.
func TestIDsReadAsStrconvReadsThem(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		text := rapid.OneOf(
			rapid.Map(rapid.Int64(), func(n int64) string { return strconv.FormatInt(n, 10) }),
			rapid.StringMatching(`[ 0-9+-]{0,22}`),
		).Draw(t, "id")
		run, unreadable := raw{id: []byte(text), tenant: []byte("1"), typ: []byte("x"), status: []byte("queued")}.runWith(interner{})
		want, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if (err != nil) != (len(unreadable) > 0) || err == nil && run.ID != want {
			t.Fatalf("%q: got %d %v, strconv says %d %v", text, run.ID, unreadable, want, err)
		}
	})
}
