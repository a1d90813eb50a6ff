package shard

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"pgregory.net/rapid"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"1/1", Shard{1, 1}, true},
		{"2/3", Shard{2, 3}, true},
		{"1000/1000", Shard{1000, 1000}, true},
		{"0/3", Shard{}, false},
		{"4/3", Shard{}, false},
		{"-1/3", Shard{}, false},
		{"1/0", Shard{}, false},
		{"1/1001", Shard{}, false},
		{"2", Shard{}, false},
		{"a/b", Shard{}, false},
		{"1/3/4", Shard{}, false},
		{"", Shard{}, false},
		{" 1/3", Shard{}, false},
		{"9223372036854775808/9223372036854775809", Shard{}, false},
	} {
		got, err := Parse(tc.in)
		if tc.ok {
			assert.NoError(t, err, tc.in)
			assert.Equal(t, tc.want, got, tc.in)
		} else {
			assert.Error(t, err, tc.in)
		}
	}
}

// TestShardsPartition: for any N, every key and every index falls to exactly one shard of N,
// and the whole run (the zero Shard, or 1/1) has them all.
func TestShardsPartition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		key := rapid.String().Draw(t, "key")
		i := rapid.IntRange(0, 1<<30).Draw(t, "index")
		keys, indexes := 0, 0
		for s := 1; s <= n; s++ {
			part := Shard{s, n}
			if part.Has(key) {
				keys++
			}
			if part.HasIndex(i) {
				indexes++
			}
		}
		if keys != 1 || indexes != 1 {
			t.Fatalf("key %q in %d shards of %d, index %d in %d", key, keys, n, i, indexes)
		}
		if !(Shard{}).Has(key) || !(Shard{1, 1}).HasIndex(i) {
			t.Fatalf("the whole run lacks %q or %d", key, i)
		}
	})
}

// TestSharesAreEven: the scenarios of a real standard (about sixty keys) spread over three
// shards without leaving one empty.
func TestSharesAreEven(t *testing.T) {
	counts := make([]int, 3)
	for k := range 60 {
		for s := 1; s <= 3; s++ {
			if (Shard{s, 3}).Has(fmt.Sprintf("us1_operator_progress.feature: scenario %d", k)) {
				counts[s-1]++
			}
		}
	}
	for s, c := range counts {
		assert.Greater(t, c, 10, "shard %d of 3 holds %d of 60", s+1, c)
	}
}
