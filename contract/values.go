package contract

import (
	"encoding/json"
	"math"
)

// Helpers that read decoded JSON values without allocating. The application is PHP: it reads
// context and summary_counts through array casts, where {} and [] decode to the same empty
// array and a list is an array whose keys are 0, 1, 2...: PHP cannot tell ["a"] from
// {"0": "a"}. So at every level an empty object and an empty array mean the same (missing, as
// null does), and a non-empty list is an object whose members are named by numbers: it has no
// member the contract reads.

// numbered stands for a non-empty list read as an object: none of its members has a name the
// contract reads.
var numbered = map[string]any{}

// object returns v as an object. present is false for nil, an empty object and an empty
// array; a non-empty list is an object with numbered members only; ok is false for any other
// value (a string, even one holding JSON text, a number, a boolean).
func object(v any) (m map[string]any, present, ok bool) {
	switch t := v.(type) {
	case nil:
		return nil, false, true
	case map[string]any:
		if len(t) == 0 {
			return nil, false, true
		}
		return t, true, true
	case []any:
		if len(t) == 0 {
			return nil, false, true
		}
		return numbered, true, true
	}
	return nil, true, false
}

// absent reports whether a member holds nothing: missing, null, or an empty object or array.
func absent(v any) bool {
	_, present, ok := object(v)
	return ok && !present
}

// maxExactFloat is the largest magnitude up to which every whole float64 is an exact integer.
const maxExactFloat = 1 << 53

// integer reads v as an integer. A json.Number counts when its literal is an integer literal
// (no fraction, no exponent) that fits int64: where the literal is known, the literal
// decides. A float64, from a decoder that kept no literal, counts when it is whole and
// exactly representable. Strings, booleans and everything else never count.
func integer(v any) (int64, bool) {
	switch t := v.(type) {
	case json.Number:
		return parseInt(string(t))
	case int:
		return int64(t), true
	case int64:
		return t, true
	case int32:
		return int64(t), true
	case float64:
		if t == math.Trunc(t) && math.Abs(t) <= maxExactFloat {
			return int64(t), true
		}
	}
	return 0, false
}

// parseInt parses a JSON integer literal without allocating (strconv allocates its errors).
func parseInt(s string) (int64, bool) {
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg, s = true, s[1:]
	}
	if len(s) == 0 || len(s) > 19 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	return int64(n), true
}
