package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
	Failed   int64  `json:"failed"`
	Partial  int64  `json:"partial"`
	Hint     string `json:"hint"`
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
		w.Composite = &summaryJSON{c.Children, c.Failed, c.Partial, c.Hint}
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
		r.Composite = Summary{Present: true, Children: c.Children, Failed: c.Failed, Partial: c.Partial, Hint: c.Hint}
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

// ResolveJSON decodes a run and resolves it.
func ResolveJSON(data []byte) (Resolution, error) {
	run, err := DecodeRun(data)
	if err != nil {
		return Resolution{}, err
	}
	return Resolve(run), nil
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
