package runfile

import (
	"bytes"
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

// Read reads every run of an input held whole: a single JSON object (possibly spread over
// lines), JSON Lines, or YAML documents. name labels errors ("stdin", a file path). It is the
// Stream drained, each line decoded strictly: one reader of every format.
func Read(name string, data []byte) []Item { return ReadWithin(name, data, DefaultLimits) }

// ReadWithin is Read with other limits on what a YAML run may expand to.
func ReadWithin(name string, data []byte, lim Limits) []Item {
	s := NewStream(name, bytes.NewReader(data), lim)
	var items []Item
	for {
		r, ok := s.Next()
		if !ok {
			break
		}
		if r.Item != nil {
			items = append(items, *r.Item)
			continue
		}
		items = append(items, strictLine(name, r.Line, r.Raw))
	}
	return items
}

// decodeRun decodes one JSON run strictly, refusing a key an object holds twice anywhere in
// it (encoding/json would keep the last one).
func decodeRun(data []byte) (contract.Run, error) {
	if _, err := jsonvalue.ParseUnique(data); err != nil {
		var dup *jsonvalue.DuplicateKeyError
		if errors.As(err, &dup) {
			return contract.Run{}, &contract.DecodeError{Line: 1 + bytes.Count(data[:dup.Offset], []byte("\n")), Msg: fmt.Sprintf("duplicate key %q", dup.Key)}
		}
		// Any other problem is reported by the strict decoder, with its own words.
	}
	return contract.DecodeRun(data)
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
	var de *contract.DecodeError
	if errors.As(err, &de) {
		return de.Line
	}
	return 1
}

func msgOf(err error) string {
	var de *contract.DecodeError
	if errors.As(err, &de) {
		return de.Msg
	}
	return err.Error()
}
