package runfile

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		ids   []int64  // runs read, in order
		errs  []string // errors, in order
		lines []int    // line of every item
	}{
		{"one JSON object over lines", "{\n \"id\": 1,\n \"type\": \"x\"\n}\n", []int64{1}, nil, []int{1}},
		{"JSON Lines", "{\"id\":1}\n\n{\"id\":2}\n", []int64{1, 2}, nil, []int{1, 3}},
		{"JSON Lines with a bad line", "{\"id\":1}\n{\"id\":\"2\"}\n{\"id\":3}\n", []int64{1, 3},
			[]string{`in:2: field "id": want an integer, got string`}, []int{1, 2, 3}},
		{"YAML documents", "id: 1\n---\nid: 2\nstatus: running\n", []int64{1, 2}, nil, []int{1, 3}},
		{"YAML wrong type", "id: 1\nstatus: [a]\n", nil, []string{`in:2: field "status": want a string, got a sequence`}, []int{2}},
		{"YAML syntax", "id: [1\n", nil, []string{"in:"}, []int{1}},
		{"empty", "  \n", nil, []string{"in: no run found (empty input)"}, []int{1}},
		{"JSON array", "[1]", nil, []string{"in:1: a run must be a JSON object"}, []int{1}},
		{"one object over lines, wrong type", "{\n \"id\": 1,\n \"status\": 7\n}\n", nil,
			[]string{`in:3: field "status": want a string, got number`}, []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []int64
			var errs []string
			var lines []int
			for _, it := range Read("in", []byte(tt.in)) {
				lines = append(lines, it.Line)
				if it.Err != nil {
					errs = append(errs, it.Err.Error())
					continue
				}
				ids = append(ids, it.Run.ID)
			}
			assert.Equal(t, tt.ids, ids)
			require.Len(t, errs, len(tt.errs))
			for i := range errs {
				assert.Contains(t, errs[i], tt.errs[i])
			}
			assert.Equal(t, tt.lines, lines)
		})
	}
}

// TestYAMLAndJSONAgree: the same run in both formats decodes to the same values, numbers kept
// as their literal.
func TestYAMLAndJSONAgree(t *testing.T) {
	y := Read("y", []byte("id: 4\ntype: t\nsummary_counts: {total: 12, processed: 3.0, big: 99999999999999999999}\ncontext: {progress: [], n: null, ok: true}\n"))
	j := Read("j", []byte(`{"id":4,"type":"t","summary_counts":{"total":12,"processed":3.0,"big":99999999999999999999},"context":{"progress":[],"n":null,"ok":true}}`))
	require.NoError(t, y[0].Err)
	require.NoError(t, j[0].Err)
	assert.Equal(t, j[0].Run, y[0].Run)
	assert.Equal(t, json.Number("3.0"), y[0].Run.SummaryCounts.(map[string]any)["processed"])
}

// TestYAMLErrorsWithoutALineGetOne: yaml.v3 reports some syntax errors without a line; the
// line is found where the error first appears.
func TestYAMLErrorsWithoutALineGetOne(t *testing.T) {
	data := []byte("id: 1\ntype: t\nreason: \"a \"quoted\" word\"\nstatus: running\n")
	items := Read("runs.yaml", data)
	require.Len(t, items, 1)
	require.Error(t, items[0].Err)
	assert.Regexp(t, `^runs\.yaml:3: `, items[0].Err.Error())
}
