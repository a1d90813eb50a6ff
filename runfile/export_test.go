package runfile

import (
	"encoding/json"
	"strconv"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/jsonvalue"
)

// The full decoding path the tests hold the lean one (ResolveLine) to: every member of the
// run built by the one-pass parser, and the strict decoder for what it cannot take.

// DecodeLine decodes one JSON line of a Stream: through the one-pass parser when the run is
// well formed, and through the strict decoder, for its exact error message, when it is not.
func DecodeLine(name string, line int, raw []byte) Item {
	if v, err := jsonvalue.ParseUnique(raw); err == nil {
		if m, ok := v.(map[string]any); ok {
			if run, ok := runFromMap(m); ok {
				return Item{Line: line, Run: run}
			}
		}
	}
	return strictLine(name, line, raw)
}

// runFromMap builds a run from a decoded object when every member is what contract.DecodeRun
// accepts; ok is false otherwise, and the strict decoder then says what is wrong.
func runFromMap(m map[string]any) (run contract.Run, ok bool) {
	for k, v := range m {
		kind, known := runField(k)
		if !known {
			return run, false
		}
		if v == nil && kind != "" {
			continue // encoding/json leaves a field at its zero value for null
		}
		switch kind {
		case "int":
			n, isNum := v.(json.Number)
			if !isNum {
				return run, false
			}
			i, err := strconv.ParseInt(string(n), 10, 64)
			if err != nil {
				return run, false
			}
			setInt(&run, k, i)
		case "str":
			str, isStr := v.(string)
			if !isStr {
				return run, false
			}
			setString(&run, k, str)
		default:
			setJSON(&run, k, v)
		}
	}
	return run, true
}
