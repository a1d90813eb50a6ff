package contract

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolutionJSONShape(t *testing.T) {
	res := Resolve(phasedRun("fetching"))
	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.JSONEq(t, `{"run_id":42,"family":"baseline_capture","lifecycle":"running","active":true,
		"capability":"phased","label":"Capturing evidence","phase":"fetching","composite":null,
		"percent":null,"bar":false,"degraded":false}`, string(b))

	var back Resolution
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, res, back)
	assert.Error(t, json.Unmarshal([]byte(`{"run_id":1,"colour":"red"}`), &back), "unknown fields are refused")
}

func TestDecodeRunErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{``, "line 1: empty input"},
		{`null`, "line 1: a run must be a JSON object, got null"},
		{`[1]`, "line 1: a run must be a JSON object, got array"},
		{"{\n\"id\": \"7\"}", `line 2: field "id": want an integer, got string`},
		{"{\"id\": 1,\n \"status\": 3}", `line 2: field "status": want a string, got number`},
		{"{\"id\": 1,\n\n \"colour\": 3}", `line 3: unknown field "colour"`},
		{"{\"id\": 1,", "line 1: unexpected end of input"},
		{"{\"id\": 1}\n{}", "line 2: unexpected data after the run object"},
		{"{\"id\": 1 ]", "line 1: invalid JSON"},
	}
	for _, tt := range tests {
		_, err := DecodeRun([]byte(tt.in))
		assert.ErrorContains(t, err, tt.want, "%q", tt.in)
	}
}

func TestDecodeRunKeepsNumberLiterals(t *testing.T) {
	run, err := DecodeRun([]byte(`{"type":"tenant.review_pack.generate","status":"running","summary_counts":{"total":12.0,"processed":3}}`))
	require.NoError(t, err)
	assert.Equal(t, Activity, Resolve(run).Capability, "12.0 is a float literal, not an integer")
}
