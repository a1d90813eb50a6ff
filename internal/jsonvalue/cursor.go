package jsonvalue

import (
	"bytes"
	"errors"
)

// Cursor reads a JSON document piece by piece, for readers that need a few members of a large
// object and not the rest: Members walks an object, and for each member the caller takes the
// value (Value, String, Int) or skips it (Skip), which validates it without building it. Every
// object walked or skipped refuses a key given twice, as ParseUnique does.
type Cursor struct {
	p parser
}

// errType is a value of another type than the one asked for (String or Int).
var errType = errors.New("a value of another type")

// NewCursor reads data.
func NewCursor(data []byte) *Cursor { return &Cursor{p: parser{b: data, unique: true}} }

// Peek is the first byte of the next value, 0 at the end.
func (c *Cursor) Peek() byte {
	c.p.ws()
	if c.p.i >= len(c.p.b) {
		return 0
	}
	return c.p.b[c.p.i]
}

// Offset is the byte offset of the cursor in its data: data[a:b] between two offsets taken
// around a value is that value's text.
func (c *Cursor) Offset() int { return c.p.i }

// End checks that nothing but white space follows.
func (c *Cursor) End() error {
	c.p.ws()
	if c.p.i != len(c.p.b) {
		return c.p.errorf("unexpected data after the value")
	}
	return nil
}

// Value builds the next value, as ParseUnique does.
func (c *Cursor) Value() (any, error) {
	c.p.ws()
	return c.p.value(1)
}

// Members walks the object at the cursor: member is called with each key (valid only during
// the call) and must take or skip its value.
func (c *Cursor) Members(member func(key []byte) error) error {
	return c.members(1, member)
}

func (c *Cursor) members(depth int, member func(key []byte) error) error {
	p := &c.p
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return errType
	}
	if depth > maxDepth {
		return p.errorf("exceeded max depth")
	}
	p.i++
	var keys keySet
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return nil
	}
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			if p.i >= len(p.b) {
				return errEOF
			}
			return p.errorf("invalid character %q looking for an object key", p.b[p.i])
		}
		at := p.i
		key, err := c.key()
		if err != nil {
			return err
		}
		if keys.add(key) {
			return &DuplicateKeyError{Key: string(key), Offset: at}
		}
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return p.errorf("expected ':' after an object key")
		}
		p.i++
		if err := member(key); err != nil {
			return err
		}
		if done, err := p.next('}', "an object value"); done || err != nil {
			return err
		}
	}
}

// key reads an object key: a slice of the input when it has no escapes.
func (c *Cursor) key() ([]byte, error) {
	p := &c.p
	start := p.i
	p.i++
	for p.i < len(p.b) {
		p.i = plainRun(p.b, p.i)
		if p.i >= len(p.b) {
			break
		}
		switch ch := p.b[p.i]; {
		case ch == '"':
			p.i++
			return p.b[start+1 : p.i-1], nil
		case ch == '\\':
			p.i = start
			s, err := p.str()
			return []byte(s), err
		case ch < 0x20:
			return nil, p.errorf("invalid character %q in string literal", ch)
		default:
			p.i++
		}
	}
	return nil, errEOF
}

// String takes a string (or null, which reads as "" with null true).
func (c *Cursor) String() (s string, null bool, err error) {
	p := &c.p
	p.ws()
	switch {
	case p.i >= len(p.b):
		return "", false, errEOF
	case p.b[p.i] == '"':
		s, err = p.str()
		return s, false, err
	case p.b[p.i] == 'n':
		return "", true, p.literal("null")
	}
	return "", false, errType
}

// Int takes an integer literal within 64 bits (or null, with null true).
func (c *Cursor) Int() (n int64, null bool, err error) {
	p := &c.p
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == 'n' {
		return 0, true, p.literal("null")
	}
	if p.i >= len(p.b) || (p.b[p.i] != '-' && (p.b[p.i] < '0' || p.b[p.i] > '9')) {
		return 0, false, errType
	}
	raw, err := p.numberBytes()
	if err != nil {
		return 0, false, err
	}
	n, ok := parseInt64(raw)
	if !ok {
		return 0, false, errType
	}
	return n, false, nil
}

// parseInt64 reads an integer literal (no fraction, no exponent) within 64 bits, without
// allocating.
func parseInt64(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true
	case !neg && n <= 1<<63-1:
		return int64(n), true
	}
	return 0, false
}

// Skip validates the next value without building it.
func (c *Cursor) Skip() error {
	return c.skip(1)
}

func (c *Cursor) skip(depth int) error {
	p := &c.p
	p.ws()
	if p.i >= len(p.b) {
		return errEOF
	}
	switch ch := p.b[p.i]; {
	case ch == '{':
		return c.members(depth+1, func([]byte) error { return c.skip(depth + 1) })
	case ch == '[':
		if depth > maxDepth {
			return p.errorf("exceeded max depth")
		}
		p.i++
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return nil
		}
		for {
			if err := c.skip(depth + 1); err != nil {
				return err
			}
			if done, err := p.next(']', "an array element"); done || err != nil {
				return err
			}
		}
	case ch == '"':
		_, err := c.key() // validates; the slice is not kept
		return err
	case ch == 't':
		return p.literal("true")
	case ch == 'f':
		return p.literal("false")
	case ch == 'n':
		return p.literal("null")
	}
	_, err := p.numberBytes()
	return err
}

// keySet finds a key given twice: a list for the small objects runs have, a map past 16 keys
// so a hostile object cannot make it quadratic.
type keySet struct {
	list [16][]byte
	n    int
	big  map[string]struct{}
}

func (k *keySet) add(key []byte) (dup bool) {
	if k.big != nil {
		if _, dup = k.big[string(key)]; !dup {
			k.big[string(key)] = struct{}{}
		}
		return dup
	}
	for i := 0; i < k.n; i++ {
		if bytes.Equal(k.list[i], key) {
			return true
		}
	}
	if k.n < len(k.list) {
		k.list[k.n] = key
		k.n++
		return false
	}
	k.big = make(map[string]struct{}, 2*len(k.list))
	for _, s := range k.list {
		k.big[string(s)] = struct{}{}
	}
	k.big[string(key)] = struct{}{}
	return false
}
