package contract

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormalizeLifecycle(t *testing.T) {
	tests := []struct {
		status, outcome string
		want            Lifecycle
	}{
		{"queued", "pending", LifecycleQueued},
		{"running", "", LifecycleRunning},
		{" Running\t", " PENDING ", LifecycleRunning},
		{"completed", "succeeded", LifecycleCompleted},
		{"running", "failed", LifecycleCompleted},
		{"queued", "cancelled", LifecycleCompleted},
		{"COMPLETED", "pending", LifecycleCompleted},
		{"running", "exploded", LifecycleUnknown},
		{"paused", "pending", LifecycleUnknown},
		{"", "", LifecycleUnknown},
		{"run ning", "pending", LifecycleUnknown},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NormalizeLifecycle(tt.status, tt.outcome), "%q/%q", tt.status, tt.outcome)
	}
}

func TestInteger(t *testing.T) {
	tests := []struct {
		in   any
		want int64
		ok   bool
	}{
		{json.Number("12"), 12, true},
		{json.Number("-3"), -3, true},
		{json.Number("0"), 0, true},
		{json.Number("9223372036854775807"), math.MaxInt64, true},
		{json.Number("-9223372036854775808"), math.MinInt64, true},
		{json.Number("9223372036854775808"), 0, false},
		{json.Number("12.0"), 0, false},
		{json.Number("1e3"), 0, false},
		{json.Number("012"), 0, false},
		{json.Number("-"), 0, false},
		{json.Number(""), 0, false},
		{12, 12, true},
		{int64(7), 7, true},
		{float64(4), 4, true},
		{4.5, 0, false},
		{math.Inf(1), 0, false},
		{float64(1 << 60), 0, false},
		{"12", 0, false},
		{true, 0, false},
		{nil, 0, false},
	}
	for _, tt := range tests {
		got, ok := integer(tt.in)
		assert.Equal(t, tt.ok, ok, "%#v", tt.in)
		assert.Equal(t, tt.want, got, "%#v", tt.in)
	}
}

func TestFloorPercent(t *testing.T) {
	tests := []struct {
		p, t int64
		want int
	}{
		{0, 1, 0}, {1, 1, 100}, {1, 3, 33}, {2, 3, 66}, {999, 1000, 99},
		{1, 101, 0}, {math.MaxInt64 - 1, math.MaxInt64, 99}, {math.MaxInt64, math.MaxInt64, 100},
		{math.MaxInt64 / 2, math.MaxInt64, 49},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, floorPercent(tt.p, tt.t), "%d/%d", tt.p, tt.t)
	}
}

func TestLookupUnknownFamily(t *testing.T) {
	f := Lookup("inventory.sync")
	assert.Equal(t, Counted, f.Claim, "an unknown family may be counted when its gate passes, never phased or composite")
	assert.Equal(t, ScopeUnknown, f.Scope)
	assert.Equal(t, "inventory.sync", f.Type)
	assert.Equal(t, Phased, Lookup("baseline_capture").Claim)
	assert.Equal(t, ScopeUnknown, Lookup("BASELINE_CAPTURE").Scope, "types are exact machine keys")
}

func TestResolveIgnoresPersistedLabel(t *testing.T) {
	run := Run{Type: "baseline_compare", Status: "running", Context: map[string]any{
		"progress": map[string]any{"phase": map[string]any{"key": "processing", "label": "compare_job.run()"}}}}
	res := Resolve(run)
	assert.Equal(t, "Comparing with the baseline", res.Label)
	assert.False(t, res.Degraded)
}

func TestPhasePayloadRefusesUnknownPhase(t *testing.T) {
	_, err := PhasePayload("baseline_capture", "downloading", zeroTime)
	assert.ErrorContains(t, err, `no phase "downloading"`)
	_, err = PhasePayload("provider.health_check", PhaseFetching, zeroTime)
	assert.Error(t, err)
	p, err := PhasePayload("baseline_capture", PhaseFetching, zeroTime)
	assert.NoError(t, err)
	assert.Equal(t, "Capturing evidence", p["label"])
}

func TestCompositePayloadRefusesInconsistentCounts(t *testing.T) {
	_, err := CompositePayload(3, 2, 2, "evidence_snapshot")
	assert.Error(t, err)
	_, err = CompositePayload(-1, 0, 0, "evidence_snapshot")
	assert.Error(t, err)
	_, err = CompositePayload(3, 2, 1, "evidence_snapshot")
	assert.NoError(t, err)
}

func TestCheckSummaryCountsAndFlags(t *testing.T) {
	assert.Empty(t, CheckSummaryCounts(map[string]any{"total": 1, "processed": 1}))
	assert.Equal(t, []string{"children", "phase"}, CheckSummaryCounts(map[string]any{"total": 1, "phase": 1, "children": 2}))
	assert.Empty(t, CheckSummaryCounts([]any{}))
	assert.Equal(t, []string{"mode", "progress.capability"},
		CheckPersistedFlags(map[string]any{"mode": "x", "progress": map[string]any{"capability": "phased", "phase": map[string]any{}}}))
	assert.Empty(t, CheckPersistedFlags(nil))
}
