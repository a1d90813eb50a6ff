package scratch

import (
	"encoding/json"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := New(9, 0.3), New(9, 0.3)
	for i := 0; i < 500; i++ {
		assert.Equal(t, a.Next(), b.Next())
	}
	assert.Equal(t, a.Tally, b.Tally)
}

func TestBadShareIsHonoured(t *testing.T) {
	for _, share := range []float64{0, 0.1, 1} {
		g := New(1, share)
		bad := 0
		const n = 20000
		for i := 0; i < n; i++ {
			row := g.Next()
			for _, k := range defects {
				if row[1] == k.typ && string(row[5].(json.RawMessage)) == k.context && string(row[4].(json.RawMessage)) == k.counts {
					bad++
					break
				}
			}
		}
		assert.InDelta(t, share, float64(bad)/n, 0.02, "share %v", share)
	}
}

// TestEveryKindIsValidJSONAndARealFamily keeps the kinds honest: their JSON parses and their
// lifecycle is one the contract knows.
func TestEveryKindIsValidJSONAndARealFamily(t *testing.T) {
	for _, k := range append(append([]kind{}, clean...), defects...) {
		require.True(t, json.Valid([]byte(k.counts)), k.name)
		require.True(t, json.Valid([]byte(k.context)), k.name)
		assert.NotEqual(t, contract.LifecycleUnknown, contract.NormalizeLifecycle(k.status, k.outcome), k.name)
	}
}
