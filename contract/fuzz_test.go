package contract

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzResolveJSON feeds raw bytes to the path external input takes. It must never panic, and
// whatever it accepts must keep the contract's invariants.
func FuzzResolveJSON(f *testing.F) {
	for _, seed := range []string{
		`{"id":1,"type":"baseline_capture","status":"running","outcome":"pending","context":{"progress":{"phase":{"key":"fetching"}}}}`,
		`{"id":2,"type":"tenant.review.compose","status":"queued","context":{"progress":{"composite":{"children":12,"failed":2,"partial":1}}}}`,
		`{"id":3,"type":"tenant.review_pack.generate","status":"running","summary_counts":{"total":12,"processed":3}}`,
		`{"id":4,"type":"baseline_compare","status":"completed","outcome":"failed","context":[]}`,
		`{"type":"x","summary_counts":{"total":1e400,"processed":-0}}`,
		`[]`, `null`, `{`, `{"context":{"progress":"x"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ResolveJSON(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error does not name a line: %v", err)
			}
			return
		}
		if (res.HasPercent || res.Bar) != (res.Capability == Counted) {
			t.Fatalf("percent or bar outside counted: %+v", res)
		}
		if res.HasPercent && (res.Percent < 0 || res.Percent > 100) {
			t.Fatalf("percent out of range: %+v", res)
		}
		if _, err := json.Marshal(res); err != nil {
			t.Fatalf("resolution does not marshal: %v", err)
		}
	})
}
