package jsonvalue

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// reference is what encoding/json makes of data with UseNumber.
func reference(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, assert.AnError
	}
	var rest json.RawMessage
	if err := dec.Decode(&rest); err == nil {
		return nil, assert.AnError
	}
	if !json.Valid(data) {
		return nil, assert.AnError
	}
	return v, nil
}

func agree(t interface {
	Fatalf(string, ...any)
}, data []byte) {
	want, werr := reference(data)
	got, gerr := Parse(data)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%q: encoding/json error %v, jsonvalue error %v", data, werr, gerr)
	}
	if werr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("%q: encoding/json %#v, jsonvalue %#v", data, want, got)
	}
}

func TestParseAgreesWithEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`{}`, `[]`, `null`, ` true `, `false`, `0`, `-0`, `12.0`, `1e2`, `-1.5E-3`, `99999999999999999999`,
		`"plain"`, `"esc\"aped\\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00"`, `"Prüfung ✓"`, "\"bad \xff utf8\"",
		`{"a":{"b":[1,2,{"c":null}]},"a2":"x"}`, `{"dup":1,"dup":2}`,
		``, ` `, `{`, `[1,]`, `{"a":}`, `{"a" 1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `tru`, `nul`, `"open`,
		"\"ctl\x01\"", `[1] [2]`, `{"a":1}x`, `"\u00"`, `"\x"`, `[` + strings.Repeat(`[`, 20) + strings.Repeat(`]`, 21),
	} {
		agree(t, []byte(in))
	}
}

func genJSON() *rapid.Generator[string] {
	scalar := rapid.OneOf(
		rapid.SampledFrom([]string{`null`, `true`, `false`, `0`, `-0`, `12`, `12.0`, `-3.25e10`, `1E+2`, `99999999999999999999`}),
		rapid.Map(rapid.String(), func(s string) string { b, _ := json.Marshal(s); return string(b) }),
		rapid.Map(rapid.Int64(), func(i int64) string { b, _ := json.Marshal(i); return string(b) }),
	)
	var value func(depth int) *rapid.Generator[string]
	value = func(depth int) *rapid.Generator[string] {
		if depth > 3 {
			return scalar
		}
		return rapid.OneOf(scalar,
			rapid.Map(rapid.SliceOfN(value(depth+1), 0, 4), func(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }),
			rapid.Custom(func(t *rapid.T) string {
				keys := rapid.SliceOfN(rapid.String(), 0, 4).Draw(t, "keys")
				var parts []string
				for i, k := range keys {
					kb, _ := json.Marshal(k)
					parts = append(parts, string(kb)+":"+value(depth+1).Draw(t, "v"+string(rune('a'+i))))
				}
				return "{" + strings.Join(parts, ",") + "}"
			}))
	}
	return value(0)
}

// TestParseAgreesOnGeneratedJSON is the differential property: valid documents, and the same
// documents with one byte cut, changed or inserted, parse to what encoding/json makes of them.
func TestParseAgreesOnGeneratedJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := []byte(genJSON().Draw(t, "doc"))
		agree(t, doc)
		if len(doc) > 0 {
			i := rapid.IntRange(0, len(doc)-1).Draw(t, "at")
			b := byte(rapid.IntRange(0, 255).Draw(t, "byte"))
			changed := append([]byte{}, doc...)
			changed[i] = b
			agree(t, changed)
			agree(t, doc[:i])
			inserted := append(append(append([]byte{}, doc[:i]...), b), doc[i:]...)
			agree(t, inserted)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"progress":{"phase":{"key":"fetching"}}}`, `[]`, `"\u00e9"`, `-1.5e3`, `{"a":[1,{"b":null}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { agree(t, data) })
}

func BenchmarkParse(b *testing.B) {
	doc := []byte(`{"progress": {"phase": {"key": "processing", "label": "Comparing with the baseline", "entered_at": "2026-05-05T10:00:00Z"}}, "baseline_capture": {"full_content": true}}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseUniqueRefusesDuplicateKeys(t *testing.T) {
	for doc, off := range map[string]int{
		`{"a":1,"a":2}`:                 7,
		`{"a":{"b":1,"c":2,"b":3}}`:     18,
		`[{"x":1},{"x":1,"y":2,"x":3}]`: 22,
	} {
		_, err := ParseUnique([]byte(doc))
		var dup *DuplicateKeyError
		if assert.ErrorAs(t, err, &dup, doc) {
			assert.Equal(t, off, dup.Offset, doc)
		}
		_, err = Parse([]byte(doc))
		assert.NoError(t, err, "Parse keeps encoding/json's reading: %s", doc)
	}
	v, err := ParseUnique([]byte(`{"a":{"a":1},"b":[{"a":2},{"a":3}]}`))
	require.NoError(t, err, "the same key in different objects is fine")
	assert.NotNil(t, v)
}
