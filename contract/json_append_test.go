package contract

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"
)

// TestAppendJSONIsMarshalJSON holds the reflection-free writer to encoding/json's output, for
// any resolution and any string (invalid UTF-8, control characters, HTML, line separators).
func TestAppendJSONIsMarshalJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := Resolution{
			RunID: rapid.Int64().Draw(t, "id"), Family: anyString(t, "family"), Lifecycle: Lifecycle(anyString(t, "lifecycle")),
			Active: rapid.Bool().Draw(t, "active"), Capability: Capability(anyString(t, "capability")), Label: anyString(t, "label"),
			Phase: Phase(anyString(t, "phase")), HasPercent: rapid.Bool().Draw(t, "hasPercent"), Percent: rapid.IntRange(-5, 200).Draw(t, "percent"),
			Bar: rapid.Bool().Draw(t, "bar"), Degraded: rapid.Bool().Draw(t, "degraded"),
		}
		if rapid.Bool().Draw(t, "composite") {
			r.Composite = Summary{Present: true, Children: rapid.Int64().Draw(t, "c"), Failed: rapid.Int64().Draw(t, "f"),
				Partial: rapid.Int64().Draw(t, "p"), Hint: anyString(t, "hint")}
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.AppendJSON(nil); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	})
}

func anyString(t *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.String(),
		rapid.SampledFrom([]string{"", "<b>&</b>", "\u2028\u2029", "\x00\x1f\b\f\n\r\t\"\\", "\xff\xfe", "é€𝄞", "Capturing evidence"}),
		rapid.Map(rapid.SliceOfN(rapid.Byte(), 0, 24), func(b []byte) string { return string(b) }),
	).Draw(t, label)
}
