package jsonvalue

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

const maxDepth = 10000

// Parse parses one JSON value (surrounding white space allowed).
func Parse(data []byte) (any, error) { return parse(data, false) }

func parse(data []byte, unique bool) (any, error) {
	p := parser{b: data, unique: unique}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.b) {
		return nil, p.errorf("unexpected data after the value")
	}
	return v, nil
}

// interned holds the keys and values of operation runs that every row repeats: returning the
// one copy saves an allocation per key and per common value, most of a run's decoding cost.
// Each is kept boxed as well, so a value taken as `any` costs no allocation either.
var interned = func() map[string]any {
	m := map[string]any{}
	for _, s := range []string{
		"id", "tenant_id", "user_id", "type", "status", "outcome", "summary_counts", "context", "failure_summary",
		"started_at", "completed_at", "created_at", "updated_at",
		"progress", "phase", "key", "label", "entered_at", "composite", "children", "failed", "partial", "source",
		"processed", "total", "succeeded", "skipped",
		"queued", "running", "completed", "pending", "partially_succeeded", "blocked", "cancelled",
		"preparing", "fetching", "processing", "persisting", "finalizing", "evidence_snapshot",
		"baseline_capture", "baseline_compare", "tenant.review.compose", "tenant.review_pack.generate",
		"evidence.snapshot.generate", "provider.health_check", "support.diagnostics",
	} {
		m[s] = s
	}
	return m
}()

// ParseUnique is Parse that refuses an object holding the same key twice, where encoding/json
// keeps the last one silently: in a run, `"status":"running",...,"status":"completed"` is
// ambiguous input, not a completed run.
func ParseUnique(data []byte) (any, error) { return parse(data, true) }

// DuplicateKeyError is a key an object holds twice, at the byte offset of its second use.
type DuplicateKeyError struct {
	Key    string
	Offset int
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("offset %d: duplicate key %q", e.Offset, e.Key)
}

type parser struct {
	b      []byte
	i      int
	unique bool
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *parser) ws() {
	b, i := p.b, p.i
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	p.i = i
}

// plainRun is the index of the first byte at or after i that ends a run of plain string
// bytes (see plainByte). The index is kept in a register, not written back on every byte.
func plainRun(b []byte, i int) int {
	for i < len(b) && plainByte[b[i]] {
		i++
	}
	return i
}

var errEOF = errors.New("unexpected end of JSON input")

// next reads what follows a member or an element: a comma (more to come) or the closing
// bracket (done).
func (p *parser) next(closing byte, after string) (done bool, err error) {
	p.ws()
	if p.i >= len(p.b) {
		return false, errEOF
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		return false, nil
	case closing:
		p.i++
		return true, nil
	}
	return false, p.errorf("invalid character %q after %s", p.b[p.i], after)
}

func (p *parser) value(depth int) (any, error) {
	if p.i >= len(p.b) {
		return nil, errEOF
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		raw, plain, err := p.scan()
		if err != nil {
			return nil, err
		}
		if v, ok := interned[string(raw)]; ok && plain {
			return v, nil // already boxed
		}
		return p.finish(raw, plain)
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, p.errorf("invalid character %q looking for a value", p.b[p.i])
}

func (p *parser) literal(word string) error {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return p.errorf("invalid literal")
	}
	p.i += len(word)
	return nil
}

func (p *parser) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("exceeded max depth")
	}
	p.i++ // {
	m := map[string]any{}
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.ws()
		if p.i >= len(p.b) {
			return nil, errEOF
		}
		if p.b[p.i] != '"' {
			return nil, p.errorf("invalid character %q looking for an object key", p.b[p.i])
		}
		at := p.i
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup && p.unique {
			return nil, &DuplicateKeyError{Key: k, Offset: at}
		}
		p.ws()
		if p.i >= len(p.b) {
			return nil, errEOF
		}
		if p.b[p.i] != ':' {
			return nil, p.errorf("invalid character %q after an object key", p.b[p.i])
		}
		p.i++
		p.ws()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		m[k] = v
		if done, err := p.next('}', "an object value"); done || err != nil {
			if err != nil {
				return nil, err
			}
			return m, nil
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("exceeded max depth")
	}
	p.i++ // [
	a := []any{}
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		p.ws()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if done, err := p.next(']', "an array element"); done || err != nil {
			if err != nil {
				return nil, err
			}
			return a, nil
		}
	}
}

// str reads a string. Plain ASCII and valid UTF-8 without escapes take the fast path; anything
// else is handed to encoding/json so escapes and invalid bytes come out exactly as it makes them.
// plainByte marks the bytes a string literal holds as they are: not a quote, a backslash or
// a control character. Scanning with it is the hot loop of every string and key.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (p *parser) str() (string, error) {
	raw, plain, err := p.scan()
	if err != nil {
		return "", err
	}
	if v, ok := interned[string(raw)]; ok && plain { // a lookup by []byte does not allocate
		return v.(string), nil
	}
	return p.finish(raw, plain)
}

// scan reads a string literal and returns its bytes between the quotes; plain is false when
// it holds an escape.
func (p *parser) scan() (raw []byte, plain bool, err error) {
	start := p.i
	p.i++ // opening quote
	plain = true
	for p.i < len(p.b) {
		p.i = plainRun(p.b, p.i)
		if p.i >= len(p.b) {
			break
		}
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return p.b[start+1 : p.i-1], plain, nil
		case c == '\\':
			plain = false
			p.i += 2
		case c < 0x20:
			return nil, false, p.errorf("invalid character %q in string literal", c)
		default:
			p.i++
		}
	}
	return nil, false, errEOF
}

// finish makes the string of a scanned literal: a copy of its bytes when they are plain UTF-8,
// and encoding/json's reading (escapes, replaced invalid bytes) otherwise.
func (p *parser) finish(raw []byte, plain bool) (string, error) {
	if plain && utf8.Valid(raw) {
		return string(raw), nil
	}
	var s string
	// raw is a slice of p.b between its quotes: the literal with its quotes is one byte wider on
	// each side.
	lit := p.b[p.i-len(raw)-2 : p.i]
	if err := json.Unmarshal(lit, &s); err != nil {
		return "", p.errorf("invalid string: %v", err)
	}
	return s, nil
}

// number checks the JSON number grammar and keeps the literal.
func (p *parser) number() (any, error) {
	raw, err := p.numberBytes()
	if err != nil {
		return nil, err
	}
	if n, ok := smallNumbers[string(raw)]; ok {
		return n, nil
	}
	return json.Number(raw), nil
}

// smallNumbers are the literals 0 to 999, boxed once: counts are mostly small.
var smallNumbers = func() map[string]any {
	m := make(map[string]any, 1000)
	for i := 0; i < 1000; i++ {
		s := strconv.Itoa(i)
		m[s] = json.Number(s)
	}
	return m
}()

// numberBytes checks the JSON number grammar and returns the literal.
func (p *parser) numberBytes() ([]byte, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.digits()
	default:
		return nil, p.errorf("invalid number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return nil, p.errorf("invalid number")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return nil, p.errorf("invalid number")
		}
	}
	return p.b[start:p.i], nil
}

func (p *parser) digits() bool {
	b, start := p.b, p.i
	i := start
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	p.i = i
	return i > start
}
