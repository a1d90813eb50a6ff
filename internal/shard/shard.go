// Package shard splits a run across CI runners: shard I of N takes the scenarios, vectors,
// sweep cases and writer scenarios whose key (or index) falls to it, the same on every
// machine, so N runners together check exactly what one run checks.
//
// Its rule: the split is a pure function of the key and of I and N.
package shard

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is shard I of N (1 <= I <= N); the zero Shard is the whole run.
type Shard struct{ I, N int }

// Parse reads "I/N".
func Parse(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || b < 1 || b > 1000 || a < 1 || a > b {
		return Shard{}, fmt.Errorf("want I/N with 1 <= I <= N <= 1000, such as 2/3; got %q", s)
	}
	return Shard{I: a, N: b}, nil
}

// Whole reports whether the shard is the whole run.
func (s Shard) Whole() bool { return s.N <= 1 }

// Has reports whether a check, by its stable key, falls to this shard.
func (s Shard) Has(key string) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32()%uint32(s.N)) == s.I-1
}

// HasIndex reports whether the case of an index falls to this shard.
func (s Shard) HasIndex(i int) bool { return s.Whole() || i%s.N == s.I-1 }

// Arg is the shard as --shard takes it ("2/3").
func (s Shard) Arg() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

func (s Shard) String() string {
	if s.Whole() {
		return "the whole run"
	}
	return fmt.Sprintf("shard %d of %d", s.I, s.N)
}
