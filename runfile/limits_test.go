package runfile

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// laughs is nine levels of nine aliases: 387,420,489 values from a dozen lines.
func laughs() string {
	var b strings.Builder
	b.WriteString("id: 1\ntenant_id: 7\ntype: baseline_capture\nstatus: running\noutcome: \"\"\nsummary_counts: {}\n")
	b.WriteString("failure_summary:\n  l0: &l0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 9), ", ")
		fmt.Fprintf(&b, "  l%d: &l%d [%s]\n", i, i, refs)
	}
	b.WriteString("context: *l9\n")
	return b.String()
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestAliasExpansionIsBounded(t *testing.T) {
	var items []Item
	bytes := allocated(func() { items = Read("laughs.yaml", []byte(laughs())) })
	require.Len(t, items, 1)
	require.Error(t, items[0].Err)
	assert.Contains(t, items[0].Err.Error(), "expands to more than 100000 values")
	assert.Less(t, bytes, uint64(64<<20), "expansion stops at the budget")
}

func TestAliasCyclesAreErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"sequence": "id: 1\ntype: t\nstatus: running\ncontext: &x [*x]\n",
		"mapping":  "id: 1\ntype: t\nstatus: running\ncontext: &m {progress: {phase: *m}}\n",
	} {
		items := Read(name+".yaml", []byte(doc))
		require.Len(t, items, 1, name)
		require.Error(t, items[0].Err, name)
		assert.Contains(t, items[0].Err.Error(), "a cycle", name)
		assert.Contains(t, items[0].Err.Error(), name+".yaml:4:", name)
	}
}

func TestLimitsCanBeRaised(t *testing.T) {
	doc := "id: 1\ntype: t\nstatus: running\ncontext: {a: &a [1, 2, 3], b: [*a, *a, *a]}\n"
	items := ReadWithin("small.yaml", []byte(doc), Limits{MaxNodes: 10})
	require.Error(t, items[0].Err)
	assert.Contains(t, items[0].Err.Error(), "more than 10 values")
	items = ReadWithin("small.yaml", []byte(doc), Limits{MaxNodes: 100})
	require.NoError(t, items[0].Err)

	deep := "id: 1\ntype: t\nstatus: running\ncontext: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "\n"
	items = ReadWithin("deep.yaml", []byte(deep), Limits{MaxDepth: 20})
	require.Error(t, items[0].Err)
	assert.Contains(t, items[0].Err.Error(), "nested deeper than 20")
}

func TestDuplicateKeysAreErrors(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"yaml run field":  {"id: 1\ntype: t\nstatus: running\nstatus: completed\n", `dup.yaml:4: duplicate field "status"`},
		"yaml context":    {"id: 1\ntype: t\nstatus: running\ncontext: {a: 1, a: 2}\n", `duplicate key "a"`},
		"json run field":  {`{"id":1,"type":"t","status":"running","outcome":"","status":"completed"}`, `dup.yaml:1: duplicate key "status"`},
		"json in context": {"{\"id\":1,\"type\":\"t\",\"status\":\"running\",\n\"context\":{\"progress\":{\"phase\":{\"key\":\"fetching\",\"key\":\"x\"}}}}", `dup.yaml:2: duplicate key "key"`},
		"json lines":      {"{\"id\":1,\"type\":\"t\",\"status\":\"running\"}\n{\"id\":2,\"id\":3,\"type\":\"t\",\"status\":\"running\"}\n", `dup.yaml:2: duplicate key "id"`},
	} {
		items := Read("dup.yaml", []byte(tc.doc))
		var errs []string
		for _, it := range items {
			if it.Err != nil {
				errs = append(errs, it.Err.Error())
			}
		}
		require.Len(t, errs, 1, name)
		assert.Contains(t, errs[0], tc.want, name)
	}
}
