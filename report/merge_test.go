package report_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scenario is one scenario of a hand-made shard: its status in that shard and the problems
// its failed step carries.
type scenario struct {
	uri, name string
	line      int
	status    string // passed, failed, skipped
	problems  string // JSON of []finding.Problem
}

// shardJSON makes the cucumber JSON of one shard, each scenario's first step carrying the
// shard's record (as conform run --shard writes it) unless rec is empty.
func shardJSON(t *testing.T, rec string, scs ...scenario) []byte {
	t.Helper()
	byURI := map[string][]any{}
	var uris []string
	for _, s := range scs {
		var embs []any
		if rec != "" {
			embs = append(embs, map[string]any{"name": finding.AttachRunInfo, "mime_type": "application/json", "data": base64.StdEncoding.EncodeToString([]byte(rec))})
		}
		result := map[string]any{"status": s.status}
		if s.status == "failed" {
			result["error_message"] = "broken in " + rec
			embs = append(embs, map[string]any{"name": finding.AttachProblems, "mime_type": "application/json", "data": base64.StdEncoding.EncodeToString([]byte(s.problems))})
		}
		if _, ok := byURI[s.uri]; !ok {
			uris = append(uris, s.uri)
		}
		byURI[s.uri] = append(byURI[s.uri], map[string]any{"id": s.name, "name": s.name, "line": s.line, "type": "scenario",
			"steps": []any{map[string]any{"keyword": "Then ", "name": "it holds", "result": result, "embeddings": embs}}})
	}
	var fs []any
	for _, u := range uris {
		fs = append(fs, map[string]any{"uri": u, "name": u, "elements": byURI[u]})
	}
	data, err := json.Marshal(fs)
	require.NoError(t, err)
	return data
}

func rec(i, n int, seed uint64) string {
	return fmt.Sprintf(`{"shard":"%d/%d","seed":%d,"cases":100,"implementation":{"name":"x"}}`, i, n, seed)
}

// TestMergeTakesEachScenarioFromTheShardThatRanIt: a scenario left to another shard is
// skipped in this one; merged, it is as the shard that ran it says, and a scenario every
// shard ran fails when one shard's share failed, with every shard's problems.
func TestMergeTakesEachScenarioFromTheShardThatRanIt(t *testing.T) {
	p1 := `[{"rule":"resolution.label","stage":"vector","check":"phased/a"}]`
	p2 := `[{"rule":"resolution.phase","stage":"vector","check":"phased/b"}]`
	one := shardJSON(t, rec(1, 2, 5),
		scenario{"a.feature", "ran here", 3, "passed", ""},
		scenario{"a.feature", "ran there", 7, "skipped", ""},
		scenario{"vectors.feature", "every vector", 4, "failed", p1})
	two := shardJSON(t, rec(2, 2, 5),
		scenario{"a.feature", "ran here", 3, "skipped", ""},
		scenario{"a.feature", "ran there", 7, "failed", p2},
		scenario{"vectors.feature", "every vector", 4, "failed", p2})
	m, err := report.MergeShards([]report.ShardFile{{Name: "one.json", Data: one}, {Name: "two.json", Data: two}})
	require.NoError(t, err)
	require.NotNil(t, m.Info)
	assert.Equal(t, uint64(5), m.Info.Seed)
	assert.Equal(t, 2, m.Info.Shards)
	assert.Empty(t, m.Info.Shard, "the merged run is no shard")
	run, err := report.ParseCucumber(m.Cucumber)
	require.NoError(t, err)
	passed, failed, skipped := run.Counts()
	assert.Equal(t, [3]int{1, 2, 0}, [3]int{passed, failed, skipped})
	var rules []string
	for _, s := range run.Failures() {
		if s.URI == "vectors.feature" {
			for _, p := range s.Problems {
				rules = append(rules, p.Rule)
			}
			assert.Contains(t, s.Error, "1/2")
			assert.Contains(t, s.Error, "2/2", "both shards' failures are told")
		}
	}
	assert.ElementsMatch(t, []string{"resolution.label", "resolution.phase"}, rules)
}

// TestMergeRefusesWhatIsNotOneRun: files that are not every shard of one run are refused,
// naming the files and what is wrong.
func TestMergeRefusesWhatIsNotOneRun(t *testing.T) {
	a := scenario{"a.feature", "first", 3, "passed", ""}
	b := scenario{"a.feature", "second", 9, "passed", ""}
	c := scenario{"b.feature", "third", 2, "passed", ""}
	for _, tc := range []struct {
		name   string
		shards [][]byte
		want   string
	}{
		{"a scenario only one has", [][]byte{shardJSON(t, rec(1, 2, 1), a, b), shardJSON(t, rec(2, 2, 1), a)}, `s0.json has the scenario "second" (a.feature:9), s1.json does not`},
		{"a scenario only the second has", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, rec(2, 2, 1), a, b)}, `s1.json has the scenario "second"`},
		{"a feature only the second has", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, rec(2, 2, 1), a, c)}, "s1.json ran b.feature"},
		{"a shard twice", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, rec(1, 2, 1), a)}, "s0.json and s1.json are both shard 1 of 2"},
		{"a shard missing", [][]byte{shardJSON(t, rec(1, 3, 1), a), shardJSON(t, rec(3, 3, 1), a)}, "shard 2 of 3 missing"},
		{"different N", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, rec(2, 3, 1), a)}, "one of 2 shards, s1.json one of 3"},
		{"different seeds", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, rec(2, 2, 9), a)}, "seed 1, s1.json 100 of seed 9"},
		{"an unsharded run", [][]byte{shardJSON(t, rec(1, 2, 1), a), shardJSON(t, "", a)}, "s1.json: not a shard"},
		{"not cucumber", [][]byte{shardJSON(t, rec(1, 2, 1), a), []byte(`{"uri":1}`)}, "s1.json: not a cucumber JSON report"},
		{"a duplicate key", [][]byte{shardJSON(t, rec(1, 2, 1), a), []byte(`[{"uri":"a","uri":"b"}]`)}, `duplicate key "uri"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in []report.ShardFile
			for i, d := range tc.shards {
				in = append(in, report.ShardFile{Name: fmt.Sprintf("s%d.json", i), Data: d})
			}
			_, err := report.MergeShards(in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}
