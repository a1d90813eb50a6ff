package runfile_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/conform-dev/conform/runfile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ResolveAll keeps input order across workers and batches, reports each invalid run at its
// place, and resolves the rest.
func TestResolveAllKeepsInputOrder(t *testing.T) {
	var in strings.Builder
	const n = 2000
	for i := 1; i <= n; i++ {
		if i%97 == 0 {
			fmt.Fprintf(&in, "{\"id\":%d,\"tenant_id\":1,\"type\":7}\n", i) // type must be a string
			continue
		}
		fmt.Fprintf(&in, "{\"id\":%d,\"tenant_id\":1,\"type\":\"baseline_capture\",\"status\":\"running\"}\n", i)
	}
	for _, workers := range []int{1, 3, 8} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			var out bytes.Buffer
			var invalid []string
			stream := runfile.NewStream("runs.jsonl", strings.NewReader(in.String()), runfile.DefaultLimits)
			bad, err := runfile.ResolveAll(t.Context(), stream, runfile.ResolveOptions{Workers: workers}, &out,
				func(msg string) { invalid = append(invalid, msg) })
			require.NoError(t, err)
			assert.Equal(t, n/97, bad)
			require.Len(t, invalid, n/97)
			assert.True(t, strings.HasPrefix(invalid[0], "runs.jsonl:97: "), invalid[0])
			prev := int64(0)
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			assert.Len(t, lines, n-n/97)
			for _, l := range lines {
				var r struct {
					RunID int64 `json:"run_id"`
				}
				require.NoError(t, json.Unmarshal([]byte(l), &r))
				assert.Greater(t, r.RunID, prev, "out of order")
				assert.NotZero(t, r.RunID%97, "an invalid run was resolved")
				prev = r.RunID
			}
		})
	}
}

func TestResolveAllStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	stream := runfile.NewStream("stdin", strings.NewReader(`{"id":1,"tenant_id":1,"type":"x","status":"running"}`+"\n"), runfile.DefaultLimits)
	_, err := runfile.ResolveAll(ctx, stream, runfile.ResolveOptions{Workers: 2}, &bytes.Buffer{}, func(string) {})
	assert.True(t, errors.Is(err, context.Canceled), "err = %v", err)
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// failingWriter fails every write: a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestResolveAllStopsWhenOutFails: once out fails, ResolveAll reads no further than what was
// in flight (a reader of `conform resolve | head` does not wait for the whole input).
func TestResolveAllStopsWhenOutFails(t *testing.T) {
	line := `{"id":1,"tenant_id":1,"type":"baseline_capture","status":"running"}` + "\n"
	input := strings.Repeat(line, 200_000) // about 14 MB
	in := &countingReader{r: strings.NewReader(input)}
	stream := runfile.NewStream("runs.jsonl", in, runfile.DefaultLimits)
	_, err := runfile.ResolveAll(t.Context(), stream, runfile.ResolveOptions{Workers: 2}, failingWriter{}, func(string) {})
	require.ErrorContains(t, err, "broken pipe")
	assert.Less(t, in.n, len(input)/2, "read %d of %d bytes after the output failed", in.n, len(input))
}
