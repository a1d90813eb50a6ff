package runfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"gopkg.in/yaml.v3"
)

// Item is one run read from an input, or the error of the line it came from.
type Item struct {
	Line int // 1-based line the run starts on
	Run  contract.Run
	Err  error // names the input and the line
}

// Read reads every run of an input: a single JSON object (possibly spread over lines), JSON
// Lines, or YAML documents. name labels errors ("stdin", a file path).
func Read(name string, data []byte) []Item { return ReadWithin(name, data, DefaultLimits) }

// ReadWithin is Read with other limits on what a YAML run may expand to.
func ReadWithin(name string, data []byte, lim Limits) []Item {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return []Item{{Line: 1, Err: fmt.Errorf("%s: no run found (empty input)", name)}}
	}
	if trimmed[0] == '{' || trimmed[0] == '[' {
		if jsonLines(data) {
			return readLines(name, data)
		}
		run, err := decodeRun(data)
		if err != nil {
			return []Item{{Line: lineOf(err), Err: fmt.Errorf("%s:%d: %s", name, lineOf(err), msgOf(err))}}
		}
		return []Item{{Line: 1, Run: run}}
	}
	return readYAML(name, data, lim)
}

// jsonLines reports whether data is JSON Lines: more than one non-blank line, the first of
// them a complete JSON value. A single object spread over lines is one document, so its
// errors are reported once, at their line.
func jsonLines(data []byte) bool {
	var first []byte
	n := 0
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		if n == 0 {
			first = l
		}
		n++
	}
	return n > 1 && json.Valid(first)
}

func readLines(name string, data []byte) []Item {
	var items []Item
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		run, err := decodeRun(l)
		if err != nil {
			items = append(items, Item{Line: i + 1, Err: fmt.Errorf("%s:%d: %s", name, i+1+lineOf(err)-1, msgOf(err))})
			continue
		}
		items = append(items, Item{Line: i + 1, Run: run})
	}
	return items
}

// decodeRun decodes one JSON run strictly, refusing a key an object holds twice anywhere in
// it (encoding/json would keep the last one).
func decodeRun(data []byte) (contract.Run, error) {
	if _, err := jsonvalue.ParseUnique(data); err != nil {
		var dup *jsonvalue.DuplicateKeyError
		if errors.As(err, &dup) {
			return contract.Run{}, &LineError{Line: 1 + bytes.Count(data[:dup.Offset], []byte("\n")), Msg: fmt.Sprintf("duplicate key %q", dup.Key)}
		}
		// Any other problem is reported by the strict decoder, with its own words.
	}
	return contract.DecodeRun(data)
}

func readYAML(name string, data []byte, lim Limits) []Item {
	var items []Item
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(items, Item{Line: 1, Err: YAMLErrorIn(name, data, err)})
		}
		run, err := RunFromYAMLWithin(&doc, lim)
		if err != nil {
			items = append(items, Item{Line: lineOf(err), Err: fmt.Errorf("%s:%d: %s", name, lineOf(err), msgOf(err))})
			continue
		}
		items = append(items, Item{Line: resolve(&doc).Line, Run: run})
	}
	if len(items) == 0 {
		return []Item{{Line: 1, Err: fmt.Errorf("%s: no run found", name)}}
	}
	return items
}

// YAMLErrorIn is YAMLError for input held whole: a syntax error gets the line where it first
// appears, found by parsing ever longer prefixes of the input. yaml.v3 names the line of the
// mapping it was parsing, or none at all on the first line ("did not find expected key"),
// where a reader wants the line to mend.
func YAMLErrorIn(name string, data []byte, err error) error {
	msg := syntaxMessage(err)
	lines := bytes.SplitAfter(data, []byte("\n"))
	same := func(k int) bool {
		dec := yaml.NewDecoder(bytes.NewReader(bytes.Join(lines[:k], nil)))
		for {
			var n yaml.Node
			e := dec.Decode(&n)
			if e == nil {
				continue
			}
			return !errors.Is(e, io.EOF) && syntaxMessage(e) == msg
		}
	}
	lo, hi := 1, len(lines) // the smallest prefix that fails as the whole does
	if len(lines) == 0 || !same(hi) {
		return YAMLError(name, err)
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return fmt.Errorf("%s:%d: %s", name, lo, msg)
}

// syntaxMessage is a yaml.v3 error without its "yaml: line N:" prefix.
func syntaxMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return msg
}

// YAMLError formats a yaml.v3 syntax error ("yaml: line 3: ...") as "NAME:3: ...".
func YAMLError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		return fmt.Errorf("%s:%d: %s", name, line, msg)
	}
	return fmt.Errorf("%s: %s", name, msg)
}

func lineOf(err error) int {
	var le *LineError
	var de *contract.DecodeError
	switch {
	case errors.As(err, &le):
		return le.Line
	case errors.As(err, &de):
		return de.Line
	}
	return 1
}

func msgOf(err error) string {
	var le *LineError
	var de *contract.DecodeError
	switch {
	case errors.As(err, &le):
		return le.Msg
	case errors.As(err, &de):
		return de.Msg
	}
	return err.Error()
}
