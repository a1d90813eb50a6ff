package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// resolutionJSON is the wire form of a Resolution, as the design notes fix it.
type resolutionJSON struct {
	RunID      int64        `json:"run_id"`
	Family     string       `json:"family"`
	Lifecycle  Lifecycle    `json:"lifecycle"`
	Active     bool         `json:"active"`
	Capability Capability   `json:"capability"`
	Label      string       `json:"label"`
	Phase      *Phase       `json:"phase"`
	Composite  *summaryJSON `json:"composite"`
	Percent    *int         `json:"percent"`
	Bar        bool         `json:"bar"`
	Degraded   bool         `json:"degraded"`
}

type summaryJSON struct {
	Children int64  `json:"children"`
	Failed   *int64 `json:"failed"`
	Partial  *int64 `json:"partial"`
	Hint     string `json:"hint"`
}

// known is a count as JSON: null when unknown (-1).
func known(n int64) *int64 {
	if n < 0 {
		return nil
	}
	return &n
}

func count(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// MarshalJSON writes the design notes' resolution object: phase, composite and percent are
// null when absent.
func (r Resolution) MarshalJSON() ([]byte, error) {
	w := resolutionJSON{RunID: r.RunID, Family: r.Family, Lifecycle: r.Lifecycle, Active: r.Active,
		Capability: r.Capability, Label: r.Label, Bar: r.Bar, Degraded: r.Degraded}
	if r.Phase != "" {
		w.Phase = &r.Phase
	}
	if r.Composite.Present {
		c := r.Composite
		w.Composite = &summaryJSON{c.Children, known(c.Failed), known(c.Partial), c.Hint}
	}
	if r.HasPercent {
		w.Percent = &r.Percent
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a resolution strictly: an unknown field is an error, so an
// implementation that answers with extra or misspelt fields is caught.
func (r *Resolution) UnmarshalJSON(data []byte) error {
	var w resolutionJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	*r = Resolution{RunID: w.RunID, Family: w.Family, Lifecycle: w.Lifecycle, Active: w.Active,
		Capability: w.Capability, Label: w.Label, Bar: w.Bar, Degraded: w.Degraded}
	if w.Phase != nil {
		r.Phase = *w.Phase
	}
	if c := w.Composite; c != nil {
		r.Composite = Summary{Present: true, Children: c.Children, Failed: count(c.Failed), Partial: count(c.Partial), Hint: c.Hint}
	}
	if w.Percent != nil {
		r.Percent, r.HasPercent = *w.Percent, true
	}
	return nil
}

// DecodeRun reads one run from a JSON object. Decoding is strict (an unknown field or a wrong
// type is an error); numbers inside context and summary_counts keep their literal as
// json.Number so the counted gate can tell 5 from 5.0. Errors name the line and the field.
func DecodeRun(data []byte) (Run, error) {
	var run Run
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&run); err != nil {
		return Run{}, decodeError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Run{}, errAt(lineAt(data, dec.InputOffset()), "unexpected data after the run object")
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("null")) {
		return Run{}, errAt(1, "a run must be a JSON object, got null")
	}
	return run, nil
}

// DecodeError is an invalid run: the 1-based line of the input it concerns and what is wrong.
type DecodeError struct {
	Line int
	Msg  string
}

func (e *DecodeError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func errAt(line int, format string, args ...any) error {
	return &DecodeError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func decodeError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errAt(lineAt(data, syn.Offset), "invalid JSON: %s", syn.Error())
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errAt(lineAt(data, typ.Offset), "a run must be a JSON object, got %s", typ.Value)
		}
		return errAt(lineAt(data, typ.Offset), "field %q: want %s, got %s", typ.Field, kindOf(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.EOF):
		return errAt(1, "empty input, want a run object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errAt(lineAt(data, int64(len(data))), "unexpected end of input")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return errAt(lineOfField(data, strings.Trim(f, `"`)), "unknown field %s", f)
	}
	return errAt(1, "%s", strings.TrimPrefix(msg, "json: "))
}

func kindOf(k string) string {
	switch k {
	case "int64":
		return "an integer"
	case "string":
		return "a string"
	}
	return k
}

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// lineOfField finds the line of the first member named name (encoding/json reports no
// offset for unknown fields).
func lineOfField(data []byte, name string) int {
	if i := bytes.Index(data, []byte(`"`+name+`"`)); i >= 0 {
		return lineAt(data, int64(i))
	}
	return 1
}

// AppendJSON appends the resolution's wire form to b: byte for byte what MarshalJSON writes,
// without reflection, for the paths that resolve millions of runs.
func (r Resolution) AppendJSON(b []byte) []byte {
	b = append(b, `{"run_id":`...)
	b = strconv.AppendInt(b, r.RunID, 10)
	b = append(b, `,"family":`...)
	b = AppendJSONString(b, r.Family, true)
	b = append(b, `,"lifecycle":`...)
	b = AppendJSONString(b, string(r.Lifecycle), true)
	b = append(b, `,"active":`...)
	b = strconv.AppendBool(b, r.Active)
	b = append(b, `,"capability":`...)
	b = AppendJSONString(b, string(r.Capability), true)
	b = append(b, `,"label":`...)
	b = AppendJSONString(b, r.Label, true)
	b = append(b, `,"phase":`...)
	if r.Phase != "" {
		b = AppendJSONString(b, string(r.Phase), true)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"composite":`...)
	if c := r.Composite; c.Present {
		b = append(b, `{"children":`...)
		b = strconv.AppendInt(b, c.Children, 10)
		b = append(b, `,"failed":`...)
		b = appendCount(b, c.Failed)
		b = append(b, `,"partial":`...)
		b = appendCount(b, c.Partial)
		b = append(b, `,"hint":`...)
		b = AppendJSONString(b, c.Hint, true)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"percent":`...)
	if r.HasPercent {
		b = strconv.AppendInt(b, int64(r.Percent), 10)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"bar":`...)
	b = strconv.AppendBool(b, r.Bar)
	b = append(b, `,"degraded":`...)
	b = strconv.AppendBool(b, r.Degraded)
	return append(b, '}')
}

// appendCount writes a count, null when unknown (-1).
func appendCount(b []byte, n int64) []byte {
	if n < 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, n, 10)
}

const hexDigits = "0123456789abcdef"

// jsonSafe and htmlSafe are the ASCII bytes written as they are, without and with HTML
// escaping (as encoding/json's safeSet and htmlSafeSet); every byte from 0x80 is false and
// goes through the UTF-8 checks.
var jsonSafe, htmlSafe = func() (plain, html [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = c != '"' && c != '\\'
		html[c] = plain[c] && c != '<' && c != '>' && c != '&'
	}
	return plain, html
}()

// AppendJSONString appends s as a JSON string exactly as encoding/json writes it: invalid
// UTF-8 as U+FFFD, control characters escaped, U+2028 and U+2029 escaped, and with
// escapeHTML also <, > and &.
func AppendJSONString(b []byte, s string, escapeHTML bool) []byte {
	b = append(b, '"')
	safe := &jsonSafe
	if escapeHTML {
		safe = &htmlSafe
	}
	start := 0
	for i := 0; i < len(s); {
		if safe[s[i]] {
			i++
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
