package runfile

import (
	"bufio"
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

// MaxLine bounds one line of JSON Lines, and MaxDocument one JSON document spread over lines:
// what a reader holds at once, whatever the size of the input.
const (
	MaxLine     = 16 << 20
	MaxDocument = 64 << 20
)

// Entry is what a Stream yields: a raw JSON line for the caller to decode (ResolveLine, on
// as many goroutines as it likes), or an Item already decoded (YAML documents, a single JSON
// document, a line that could not be read).
type Entry struct {
	Line int
	Raw  []byte // a JSON line, owned by the entry
	Item *Item
}

// Stream reads runs from r one at a time: JSON Lines line by line, YAML documents one by one,
// a single JSON document whole (up to MaxDocument). It never holds more than one line or one
// document (YAML, for runs written by hand, is held as it is read, within its cap), so memory
// stays flat whatever the size of a JSON input.
type Stream struct {
	name string
	r    *bufio.Reader
	lim  Limits
	line int
	mode int // 0 unknown, 1 JSON Lines, 2 YAML, 3 done
	yaml *yaml.Decoder
	// yamlRead is the YAML read so far (capped, as the input is): a syntax error is placed at
	// the line where it first appears (YAMLErrorIn).
	yamlRead *bytes.Buffer
	err      error
}

const (
	modeUnknown = iota
	modeLines
	modeYAML
	modeDone
)

// NewStream reads runs from r; name labels errors ("stdin", a file path).
func NewStream(name string, r io.Reader, lim Limits) *Stream {
	return &Stream{name: name, r: bufio.NewReaderSize(r, 1<<20), lim: lim}
}

// Name is what the stream's errors call the input.
func (s *Stream) Name() string { return s.name }

// Err is the first read error of the input (not of a run), if any.
func (s *Stream) Err() error { return s.err }

// Next returns the next entry, or false at the end of the input.
func (s *Stream) Next() (Entry, bool) {
	switch s.mode {
	case modeUnknown:
		return s.start()
	case modeLines:
		return s.nextLine()
	case modeYAML:
		return s.nextYAML()
	}
	return Entry{}, false
}

func (s *Stream) fail(line int, format string, args ...any) Entry {
	return Entry{Line: line, Item: &Item{Line: line, Err: fmt.Errorf("%s:%d: %s", s.name, line, fmt.Sprintf(format, args...))}}
}

// start looks at the first line to tell the formats apart, as Read does: JSON Lines when the
// first non-blank line is a JSON value of its own, one JSON document when it starts one that
// goes on, YAML otherwise.
func (s *Stream) start() (Entry, bool) {
	var prefix bytes.Buffer
	for {
		line, tooLong, err := s.readLine()
		if tooLong {
			s.mode = modeLines
			return s.fail(s.line, "a line longer than %d bytes", MaxLine), true
		}
		trimmed := bytes.TrimLeft(line, " \t\r\n\ufeff")
		if len(bytes.TrimSpace(trimmed)) == 0 {
			prefix.Write(line)
			if err != nil {
				s.mode = modeDone
				if len(bytes.TrimSpace(prefix.Bytes())) == 0 {
					return Entry{Line: 1, Item: &Item{Line: 1, Err: fmt.Errorf("%s: no run found (empty input)", s.name)}}, true
				}
				return Entry{}, false
			}
			continue
		}
		if trimmed[0] != '{' && trimmed[0] != '[' {
			// YAML is for runs written by hand: a document is held whole while it is read, so
			// the input is capped (JSON Lines streams any size).
			s.mode = modeYAML
			s.yamlRead = &bytes.Buffer{}
			s.yaml = yaml.NewDecoder(io.TeeReader(&capped{r: io.MultiReader(bytes.NewReader(prefix.Bytes()), bytes.NewReader(line), s.r), left: s.maxYAML()}, s.yamlRead))
			s.line = 0
			return s.nextYAML()
		}
		if json.Valid(bytes.TrimSpace(line)) {
			s.mode = modeLines
			return Entry{Line: s.line, Raw: bytes.Clone(bytes.TrimSpace(line))}, true
		}
		// One document spread over lines: read it whole, within MaxDocument.
		s.mode = modeDone
		doc := append(prefix.Bytes(), line...)
		rest, rerr := io.ReadAll(io.LimitReader(s.r, MaxDocument+1-int64(len(doc))))
		if rerr != nil {
			s.err = rerr
		}
		doc = append(doc, rest...)
		if len(doc) > MaxDocument {
			return s.fail(1, "a JSON document longer than %d bytes (use JSON Lines, one run per line)", MaxDocument), true
		}
		run, err := decodeRun(doc)
		if err != nil {
			return s.fail(lineOf(err), "%s", msgOf(err)), true
		}
		return Entry{Line: 1, Item: &Item{Line: 1, Run: run}}, true
	}
}

// readLine reads one line (with its newline), counting lines; a line over MaxLine is
// skipped to its end and reported.
func (s *Stream) readLine() (line []byte, tooLong bool, err error) {
	s.line++
	for {
		chunk, e := s.r.ReadSlice('\n')
		if len(line)+len(chunk) > MaxLine {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if e == nil {
			return line, tooLong, nil
		}
		if !errors.Is(e, bufio.ErrBufferFull) {
			if !errors.Is(e, io.EOF) {
				s.err = e
			}
			return line, tooLong, io.EOF
		}
	}
}

func (s *Stream) nextLine() (Entry, bool) {
	for {
		line, tooLong, err := s.readLine()
		if tooLong {
			return s.fail(s.line, "a line longer than %d bytes", MaxLine), true
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return Entry{Line: s.line, Raw: bytes.Clone(t)}, true
		}
		if err != nil {
			s.mode = modeDone
			return Entry{}, false
		}
	}
}

// capped reads at most left bytes, then fails with errTooMuchYAML.
type capped struct {
	r    io.Reader
	left int64
}

// errTooMuchYAML is what capped returns past its bytes; the stream says how many that was.
var errTooMuchYAML = errors.New("YAML input over its limit")

// maxYAML is how many bytes of YAML the stream reads.
func (s *Stream) maxYAML() int64 {
	if s.lim.MaxYAML > 0 {
		return s.lim.MaxYAML
	}
	return MaxDocument
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooMuchYAML
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

func (s *Stream) nextYAML() (Entry, bool) {
	var doc yaml.Node
	err := s.yaml.Decode(&doc)
	if errors.Is(err, io.EOF) {
		s.mode = modeDone
		if s.line == 0 {
			return Entry{Line: 1, Item: &Item{Line: 1, Err: fmt.Errorf("%s: no run found", s.name)}}, true
		}
		return Entry{}, false
	}
	s.line++ // counts documents; items carry their own lines
	if err != nil {
		s.mode = modeDone
		if errors.Is(err, errTooMuchYAML) || strings.Contains(err.Error(), errTooMuchYAML.Error()) {
			return Entry{Line: 1, Item: &Item{Line: 1, Err: fmt.Errorf("%s: YAML input over %d bytes: write large inputs as JSON Lines, one run per line", s.name, s.maxYAML())}}, true
		}
		return Entry{Line: 1, Item: &Item{Line: 1, Err: YAMLErrorIn(s.name, s.yamlRead.Bytes(), err)}}, true
	}
	run, err := RunFromYAMLWithin(&doc, s.lim)
	if err != nil {
		return Entry{Line: lineOf(err), Item: &Item{Line: lineOf(err), Err: fmt.Errorf("%s:%d: %s", s.name, lineOf(err), msgOf(err))}}, true
	}
	return Entry{Line: resolve(&doc).Line, Item: &Item{Line: resolve(&doc).Line, Run: run}}, true
}

// ResolveLine decodes one JSON line for resolving it, on a Decoder of its own: the lean
// decoder builds only what a resolution and the shell read (see Decoder.Line). A line it
// cannot take goes straight to the strict decoder for its exact message.
func ResolveLine(name string, line int, raw []byte) Item {
	var d Decoder
	return d.Line(name, line, raw)
}

// A Decoder decodes JSON lines for resolving them, one goroutine's worth: it keeps the few
// small objects a resolution reads and hands them out again for the next line, so a
// well-formed run decodes without allocating. The run of an Item it returns is valid until its
// next call to Line.
type Decoder struct {
	maps []map[string]any // at most one per node of contextReads and countReads, each of at most three members
	used int
}

// Line decodes one JSON line for resolving it: the lean reading when it can take the line,
// the strict decoder (and its exact message) when it cannot.
func (d *Decoder) Line(name string, line int, raw []byte) Item {
	d.used = 0
	if run, ok := d.lean(raw); ok {
		return Item{Line: line, Run: run}
	}
	return strictLine(name, line, raw)
}

// strictLine decodes a line with the strict decoder: its run, or its exact error message.
func strictLine(name string, line int, raw []byte) Item {
	run, err := decodeRun(raw)
	if err != nil {
		return Item{Line: line, Err: fmt.Errorf("%s:%d: %s", name, line+lineOf(err)-1, msgOf(err))}
	}
	return Item{Line: line, Run: run}
}

// errSlow sends a line to the full decoder: for its exact error message, or for a form the
// lean one does not handle.
var errSlow = errors.New("the full decoder decides")

// lean reads what resolution and the shell read of a JSON run, and no more: the run's scalar
// fields and the members of context and summary_counts that reads names. Everything else is
// validated (syntax, no key twice) but not built. The resolution it gives is the full
// decoder's (a property test holds it so); ok is false when the line needs the full decoder.
func (d *Decoder) lean(raw []byte) (run contract.Run, ok bool) {
	c := jsonvalue.NewCursor(raw)
	err := c.Members(func(key []byte) error {
		kind, known := runField(string(key))
		switch {
		case !known:
			return errSlow
		case kind == "int":
			n, null, err := c.Int()
			if err != nil {
				return errSlow
			}
			if !null {
				setInt(&run, string(key), n)
			}
			return nil
		case kind == "str":
			switch string(key) {
			case "type", "status", "outcome":
			default: // the timestamps: checked, not kept (resolution does not read them)
				if b := c.Peek(); b != '"' && b != 'n' {
					return errSlow
				}
				return c.Skip()
			}
			s, null, err := c.String()
			if err != nil {
				return errSlow
			}
			if !null {
				setString(&run, string(key), s)
			}
			return nil
		}
		switch string(key) {
		case "context":
			v, err := d.keep(c, raw, contextReads)
			run.Context = v
			return err
		case "summary_counts":
			v, err := d.keep(c, raw, countReads)
			run.SummaryCounts = v
			return err
		}
		return c.Skip() // failure_summary: for the detail page, not for progress
	})
	if err != nil || c.End() != nil {
		return contract.Run{}, false
	}
	return run, true
}

// reads names the members of an object that a resolution and the shell read, and below each
// what they read of it (nil: the whole value).
type reads []struct {
	name  string
	below reads
}

// What the contract reads of context and summary_counts (contract/resolve.go: progressMember,
// resolvePhased, ReadCounts, CountedGate).
var (
	contextReads = reads{{"progress", reads{
		{"phase", reads{{"key", nil}}},
		{"composite", reads{{"children", nil}, {"failed", nil}, {"partial", nil}}},
	}}}
	countReads = reads{{"processed", nil}, {"total", nil}}
)

// keep builds an object with only the members r names (the others validated and dropped),
// each reduced in turn; any other value is built whole. The contract reads an object by its
// named members and by whether it is empty, so both are kept: an object that had members but
// keeps none of them is built whole, since an empty one would read as missing.
func (d *Decoder) keep(c *jsonvalue.Cursor, raw []byte, r reads) (any, error) {
	if c.Peek() != '{' {
		return c.Value()
	}
	start, seen := c.Offset(), 0
	m := d.object()
	err := c.Members(func(key []byte) error {
		seen++
		for _, n := range r {
			if string(key) == n.name {
				var v any
				var err error
				if n.below == nil {
					v, err = c.Value()
				} else {
					v, err = d.keep(c, raw, n.below)
				}
				m[n.name] = v
				return err
			}
		}
		return c.Skip()
	})
	if err != nil || len(m) > 0 || seen == 0 {
		return m, err
	}
	return jsonvalue.ParseUnique(raw[start:c.Offset()])
}

// object is an empty map for keep: one of the decoder's own, cleared, while it has some.
func (d *Decoder) object() map[string]any {
	if d.used == len(d.maps) {
		d.maps = append(d.maps, make(map[string]any, 3))
	}
	m := d.maps[d.used]
	d.used++
	clear(m)
	return m
}
