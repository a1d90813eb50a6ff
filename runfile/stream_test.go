package runfile_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/runfile"
	"github.com/conform-dev/conform/sweep"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// collect reads a whole stream the way conform resolve does.
func collect(name string, data []byte) []runfile.Item {
	s := runfile.NewStream(name, bytes.NewReader(data), runfile.DefaultLimits)
	var items []runfile.Item
	for {
		rec, ok := s.Next()
		if !ok {
			return items
		}
		if rec.Item != nil {
			items = append(items, *rec.Item)
			continue
		}
		items = append(items, runfile.DecodeLine(name, rec.Line, rec.Raw))
	}
}

// TestStreamReadsAsRead: the streaming reader gives every input the answer the whole-input
// reader gives, errors and their lines included.
func TestStreamReadsAsRead(t *testing.T) {
	inputs := []string{
		`{"id":1,"tenant_id":7,"type":"baseline_capture","status":"running","context":{"progress":{"phase":{"key":"fetching"}}}}`,
		"{\"id\":1,\"type\":\"t\",\"status\":\"running\"}\n\n{\"id\":2,\"type\":\"t\",\"status\":\"queued\"}\n",
		"{\"id\":1,\"type\":\"t\",\"status\":\"running\"}\n{\"id\":\"x\"}\n{\"id\":3,\"colour\":1}\nnot json\n{\"id\":5,\"status\":\"running\",\"status\":\"completed\"}\n",
		"{\n  \"id\": 42,\n  \"type\": \"baseline_capture\",\n  \"status\": \"running\"\n}\n",
		"{\n  \"id\": 42,\n  \"type\": 7\n}\n",
		"id: 1\ntype: t\nstatus: running\n---\nid: 2\ntype: t\nstatus: queued\ncontext: {a: 1, a: 2}\n",
		"", "   \n\n", "id: [\n",
		"\ufeff{\"id\":9,\"type\":\"t\",\"status\":\"running\"}",
		"{\"id\":1,\"summary_counts\":{\"processed\":12.0,\"total\":1e2},\"context\":[],\"type\":\"t\",\"status\":\"running\",\"outcome\":null}\n{\"id\":99999999999999999999}\n{\"id\":1.0}\n[1,2]\nnull\n",
	}
	for _, in := range inputs {
		want := runfile.Read("in", []byte(in))
		got := collect("in", []byte(in))
		require.Equal(t, len(want), len(got), "%q", in)
		for i := range want {
			assert.Equal(t, want[i].Line, got[i].Line, "%q item %d", in, i)
			assert.Equal(t, fmt.Sprint(want[i].Err), fmt.Sprint(got[i].Err), "%q item %d", in, i)
			assert.Equal(t, want[i].Run, got[i].Run, "%q item %d", in, i)
		}
	}
}

// TestDecodeLineAgreesWithDecodeRun: the one-pass path decodes every generated run exactly as
// the strict encoding/json decoder does.
func TestDecodeLineAgreesWithDecodeRun(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := sweep.NewGenerator(rapid.Uint64().Draw(t, "seed")).Case(rapid.IntRange(0, 1<<20).Draw(t, "case"))
		raw, err := json.Marshal(c.Run)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := contract.DecodeRun(raw)
		got := runfile.DecodeLine("in", 1, raw)
		if werr != nil || got.Err != nil {
			t.Fatalf("%s: %v / %v", raw, werr, got.Err)
		}
		if !assert.ObjectsAreEqual(want, got.Run) {
			t.Fatalf("%s:\ngot  %#v\nwant %#v", raw, got.Run, want)
		}
	})
}

// endless is n JSON lines, made as they are read: the input never exists whole.
type endless struct {
	n, i int
	buf  []byte
}

func (e *endless) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) && e.i < e.n {
		e.buf = fmt.Appendf(e.buf, `{"id":%d,"tenant_id":7,"type":"tenant.review_pack.generate","status":"running","summary_counts":{"processed":%d,"total":40},"context":{}}`+"\n", e.i+1, e.i%41)
		e.i++
	}
	if len(e.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

// TestStreamMemoryIsFlat: 200,000 runs go through while the heap in use stays small.
func TestStreamMemoryIsFlat(t *testing.T) {
	s := runfile.NewStream("endless", &endless{n: 200_000}, runfile.DefaultLimits)
	var peak uint64
	n := 0
	for {
		rec, ok := s.Next()
		if !ok {
			break
		}
		if it := runfile.DecodeLine("endless", rec.Line, rec.Raw); it.Err != nil {
			t.Fatal(it.Err)
		}
		n++
		if n%50_000 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
	}
	assert.Equal(t, 200_000, n)
	assert.Less(t, peak, uint64(32<<20), "the heap grew with the input")
}

func TestALineTooLongIsOneError(t *testing.T) {
	in := `{"id":1,"type":"t","status":"running"}` + "\n" + `{"id":2,"context":"` + strings.Repeat("x", runfile.MaxLine) + "\"}\n" + `{"id":3,"type":"t","status":"running"}` + "\n"
	items := collect("big", []byte(in))
	require.Len(t, items, 3)
	assert.NoError(t, items[0].Err)
	assert.ErrorContains(t, items[1].Err, "big:2: a line longer than")
	assert.NoError(t, items[2].Err)
	assert.Equal(t, int64(3), items[2].Run.ID)
}

// BenchmarkResolveJSON is what conform resolve does per run: a raw JSON line in (the one-pass
// decoder), the resolution out as JSON bytes (target: under 2 µs).
func BenchmarkResolveJSON(b *testing.B) {
	raw := []byte(`{"id":42,"tenant_id":7,"user_id":3,"type":"baseline_capture","status":"running","outcome":"pending",` +
		`"summary_counts":{"total":12,"processed":3},"context":{"progress":{"phase":{"key":"fetching",` +
		`"label":"Capturing evidence","entered_at":"2026-05-05T10:00:00Z"}},"eligibility":{"eligible":true}},` +
		`"created_at":"2026-05-05T09:59:00Z","updated_at":"2026-05-05T10:00:00Z"}`)
	var out []byte
	var d runfile.Decoder // one per worker, as conform resolve has
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		it := d.Line("bench", 1, raw)
		if it.Err != nil {
			b.Fatal(it.Err)
		}
		out = contract.Resolve(it.Run).AppendJSON(out[:0])
	}
}

// TestResolveLineResolvesAsDecodeRun: the lean decoder drops what resolution does not read;
// for any generated run, and the same run with junk in it (beside a member resolution reads,
// or in place of all of an object's members), the resolution and the shell are the full
// decoder's, and invalid lines get the full decoder's error. One Decoder reads every line, as
// a worker of conform resolve does, after a line of its own: what it hands out again must not
// carry anything over.
func TestResolveLineResolvesAsDecodeRun(t *testing.T) {
	var d runfile.Decoder
	gen := func(t *rapid.T, label string) []byte {
		c := sweep.NewGenerator(rapid.Uint64().Draw(t, label+" seed")).Case(rapid.IntRange(0, 1<<20).Draw(t, label+" case"))
		raw, err := json.Marshal(c.Run)
		if err != nil {
			t.Fatal(err)
		}
		return withJunk(t, raw, label)
	}
	rapid.Check(t, func(t *rapid.T) {
		d.Line("before", 1, gen(t, "before"))
		raw := gen(t, "run")
		want, werr := contract.DecodeRun(raw)
		got := d.Line("in", 1, raw)
		if werr != nil || got.Err != nil {
			t.Fatalf("%s: %v / %v", raw, werr, got.Err)
		}
		if w, g := contract.Resolve(want), contract.Resolve(got.Run); w != g {
			t.Fatalf("%s:\ngot  %+v\nwant %+v", raw, g, w)
		}
		if w, g := contract.Present(want, contract.Resolve(want)).HTML(), contract.Present(got.Run, contract.Resolve(got.Run)).HTML(); w != g {
			t.Fatalf("%s: the shell differs", raw)
		}
	})
	for _, bad := range []string{
		`{"id":1,"type":"t","status":"running","context":{"progress":{"phase":{"key":"a","key":"b"}}}}`,
		`{"id":1,"type":"t","status":"running","failure_summary":{"x":1,"x":2}}`,
		`{"id":1,"type":"t","status":"running","failure_summary":{"x":"\q"}}`,
		`{"id":1,"type":7}`, `{"id":1.0}`, `{"id":1,"colour":2}`, `{"id":1} x`, `{"id":1`,
	} {
		want := runfile.DecodeLine("in", 1, []byte(bad))
		got := runfile.ResolveLine("in", 1, []byte(bad))
		require.Error(t, got.Err, bad)
		assert.Equal(t, want.Err.Error(), got.Err.Error(), bad)
	}
}

// TestALeanObjectStaysPresent: an object whose every member the lean decoder drops would
// read as missing if it were left empty; for each object a resolution reads, on each family,
// holding only members no resolution reads, the resolution is the full decoder's.
func TestALeanObjectStaysPresent(t *testing.T) {
	var d runfile.Decoder
	for _, fam := range contract.Builtin.Families() {
		for _, body := range []string{
			`"context":{"x":1}`,
			`"context":{"progress":{"x":1}}`,
			`"context":{"progress":{"phase":{"label":"Fetching"}}}`,
			`"context":{"progress":{"phase":{"label":null,"entered_at":[]}}}`,
			`"context":{"progress":{"composite":{"source":"x"}}}`,
			`"summary_counts":{"skipped":1}`,
		} {
			raw := []byte(`{"id":1,"tenant_id":1,"user_id":1,"type":"` + fam.Type + `","status":"running",` + body + `}`)
			want, err := contract.DecodeRun(raw)
			require.NoError(t, err, "%s", raw)
			got := d.Line("in", 1, raw)
			require.NoError(t, got.Err, "%s", raw)
			assert.Equal(t, contract.Resolve(want), contract.Resolve(got.Run), "%s", raw)
		}
	}
}

// withJunk adds, or not, members no resolution reads to one of the objects of a run (the run
// itself aside, where an unknown member is an error): beside what is there, or in place of it.
func withJunk(t *rapid.T, raw []byte, label string) []byte {
	var run map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // ids span int64: a float64 would round them
	if err := dec.Decode(&run); err != nil {
		t.Fatal(err)
	}
	var objects []map[string]any
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			objects = append(objects, v)
			for _, m := range v {
				walk(m)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for _, v := range run {
		walk(v)
	}
	how := rapid.IntRange(0, 2).Draw(t, label+" junk")
	if how == 0 || len(objects) == 0 {
		return raw
	}
	o := objects[rapid.IntRange(0, len(objects)-1).Draw(t, label+" object")]
	if how == 2 {
		clear(o)
	}
	o["label"] = rapid.SampledFrom([]any{"x", nil, map[string]any{}, []any{1, map[string]any{"b": nil}}, "\u00e9"}).Draw(t, label+" value")
	out, err := json.Marshal(run)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestResolveLineRejectsWhatDecodeLineRejects: the lean decoder accepts no line the full path
// refuses, and refuses with the same message. Generated runs with one odd member added, or
// with bytes cut or changed, are accepted by both or by neither.
func TestResolveLineRejectsWhatDecodeLineRejects(t *testing.T) {
	odd := []string{`null`, `-0`, `1.0`, `1e2`, `"7"`, `9223372036854775807`, `9223372036854775808`, `-9223372036854775808`,
		`[]`, `{}`, `true`, `"\u0069d"`, `{"progress":null}`, `{"processed":1,"processed":2}`, `"\ud800"`}
	fields := []string{"id", "tenant_id", "user_id", "type", "status", "outcome", "context", "summary_counts",
		"failure_summary", "started_at", "completed_at", "created_at", "updated_at", "\u0069d", "colour"}
	rapid.Check(t, func(t *rapid.T) {
		c := sweep.NewGenerator(rapid.Uint64().Draw(t, "seed")).Case(rapid.IntRange(0, 1<<20).Draw(t, "case"))
		raw, err := json.Marshal(c.Run)
		if err != nil {
			t.Fatal(err)
		}
		switch rapid.IntRange(0, 2).Draw(t, "how") {
		case 0: // one member more (a repeated one is a duplicate key)
			member := fmt.Sprintf(`,"%s":%s}`, rapid.SampledFrom(fields).Draw(t, "field"), rapid.SampledFrom(odd).Draw(t, "value"))
			raw = append(raw[:len(raw)-1], member...)
		case 1: // cut
			raw = raw[:rapid.IntRange(0, len(raw)).Draw(t, "cut")]
		case 2: // one byte changed
			i := rapid.IntRange(0, len(raw)-1).Draw(t, "at")
			raw[i] = rapid.SampledFrom([]byte(`{}[]:,"\ 0-.eanx`)).Draw(t, "byte")
		}
		lean, full := runfile.ResolveLine("in", 1, raw), runfile.DecodeLine("in", 1, raw)
		if (lean.Err == nil) != (full.Err == nil) {
			t.Fatalf("%s: ResolveLine %v, DecodeLine %v", raw, lean.Err, full.Err)
		}
		if lean.Err != nil && lean.Err.Error() != full.Err.Error() {
			t.Fatalf("%s: %v / %v", raw, lean.Err, full.Err)
		}
	})
}

// TestYAMLInputIsCapped: YAML is read a document at a time but held whole while it is read,
// so a YAML input past its limit (MaxDocument unless Limits say less) is one error naming the
// limit, not a heap the size of the input; one within it is read.
func TestYAMLInputIsCapped(t *testing.T) {
	const limit = 64 << 10
	doc := func(n int) string {
		return "id: 1\ntype: t\nstatus: running\nfailure_summary: \"" + strings.Repeat("x", n) + "\"\n"
	}
	read := func(in string) []runfile.Item {
		lim := runfile.DefaultLimits
		lim.MaxYAML = limit
		s := runfile.NewStream("big.yaml", strings.NewReader(in), lim)
		var items []runfile.Item
		for rec, ok := s.Next(); ok; rec, ok = s.Next() {
			items = append(items, *rec.Item)
		}
		return items
	}
	over := read(doc(limit))
	require.NotEmpty(t, over)
	assert.EqualError(t, over[len(over)-1].Err, fmt.Sprintf("big.yaml: YAML input over %d bytes: write large inputs as JSON Lines, one run per line", limit))
	within := read(doc(limit - 100))
	require.Len(t, within, 1)
	assert.NoError(t, within[0].Err)
}
