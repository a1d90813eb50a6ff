// Package gaps holds the known gaps of an implementation as data (conform.gaps.yaml beside
// conform.yaml): checks expected to fail, each with its reason, an optional ticket, expiry
// date and lanes. A run reports a listed check that fails as known; a gap none of whose
// checks fails any more, or whose date has passed, fails the run. The same mechanism carries
// --skip (one-off gaps on the command line) and --pending-since (checks a newer standard
// added, shown but not failing until they pass once).
//
// Its rule: a known gap cannot hide a fixed check, and cannot last past its date.
package gaps

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/conform-dev/conform/finding"
	"gopkg.in/yaml.v3"
)

// DefaultFile is the gaps file conform finds beside conform.yaml (or in the working directory).
const DefaultFile = "conform.gaps.yaml"

// MaxBytes bounds a gaps file: thousands of entries fit in a fraction of it.
const MaxBytes = 1 << 20

// Kinds of expectation: a known gap (failing is expected, passing makes it stale) or a
// pending check (newer than --pending-since: failing is shown, passing is fine). They are
// also the verdicts of a check that fails under them.
const (
	Known   = finding.Known
	Pending = finding.Pending
)

// Gap is one expectation about checks. Check is a glob over what names a check: a vector ID
// (phased/capture-fetching), a scenario ("file.feature: name", or its name alone), a
// requirement ID (FR-011: every check of that requirement) or a sweep property
// ("sweep: resolution.label").
type Gap struct {
	Check   string
	Reason  string
	Ticket  string
	Expires time.Time // zero: no expiry
	Lanes   []string  // empty: every lane
	Kind    string    // Known or Pending
	// Source says where the gap was declared: "conform.gaps.yaml:12", "--skip",
	// "--pending-since v0.10.0".
	Source string
}

// Ref names one check for matching: its ID, the other names it answers to (a scenario's name
// alone), and the requirements it checks.
type Ref struct {
	ID           string
	Names        []string
	Requirements []string
}

// Matches reports whether the gap covers the check.
func (g Gap) Matches(r Ref) bool {
	if g.Check == r.ID || match(g.Check, r.ID) {
		return true
	}
	for _, n := range r.Names {
		if g.Check == n || match(g.Check, n) {
			return true
		}
	}
	return slices.ContainsFunc(r.Requirements, func(req string) bool { return g.Check == req || match(g.Check, req) })
}

func match(pattern, name string) bool {
	ok, _ := path.Match(pattern, name)
	return ok
}

// Expired reports whether the gap's date has passed on day today (the gap holds through its
// expiry date).
func (g Gap) Expired(today time.Time) bool {
	if g.Expires.IsZero() {
		return false
	}
	y, m, d := today.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(g.Expires)
}

// AppliesTo reports whether the gap holds on a lane ("fast", "confidence", or "" for a run
// of every scenario).
func (g Gap) AppliesTo(lane string) bool {
	return len(g.Lanes) == 0 || slices.Contains(g.Lanes, laneName(lane))
}

func laneName(lane string) string {
	if lane == "" {
		return "all"
	}
	return lane
}

// Lanes a gap may name.
var Lanes = []string{"fast", "confidence", "all"}

// Describe is the gap in one line: its check, reason and ticket.
func (g Gap) Describe() string {
	s := fmt.Sprintf("%s (%s", g.Check, g.Reason)
	if g.Ticket != "" {
		s += ", " + g.Ticket
	}
	return s + ")"
}

var ticketPattern = regexp.MustCompile(`^[^\s]{1,200}$`)

// Parse reads a gaps file strictly: errors name the file, the line and the field.
//
//	gaps:
//	  - check: phased/capture-*
//	    reason: the capture job writes no phase yet
//	    ticket: TP-123
//	    expires: 2027-01-31
//	    lanes: [confidence]
func Parse(name string, data []byte) ([]Gap, error) {
	fail := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s: a gaps file is at most %d bytes, this one has %d", name, MaxBytes, len(data))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, nil // an empty file lists no gap
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first, second yaml.Node
	if dec.Decode(&first) == nil && dec.Decode(&second) == nil {
		return nil, fail(second.Line, "a second YAML document: a gaps file holds one (remove the ---)")
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fail(top.Line, "want a mapping with gaps: (a list)")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "gaps" {
			return nil, fail(k.Line, "unknown field %q (want gaps)", k.Value)
		}
		if list != nil {
			return nil, fail(k.Line, "field \"gaps\" given twice")
		}
		list = v
	}
	if list == nil || list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
		return nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fail(list.Line, "gaps: want a list of gaps")
	}
	var out []Gap
	seen := map[string]int{}
	for _, item := range list.Content {
		g, err := parseGap(item, fail)
		if err != nil {
			return nil, err
		}
		key := g.Check + "\x00" + strings.Join(g.Lanes, ",")
		if line, dup := seen[key]; dup {
			return nil, fail(item.Line, "the gap for %q is listed twice (first at line %d)", g.Check, line)
		}
		seen[key] = item.Line
		g.Kind, g.Source = Known, fmt.Sprintf("%s:%d", name, item.Line)
		out = append(out, g)
	}
	return out, nil
}

func parseGap(n *yaml.Node, fail func(int, string, ...any) error) (Gap, error) {
	var g Gap
	if n.Kind != yaml.MappingNode || n.Anchor != "" {
		return g, fail(n.Line, "a gap is a mapping with check and reason (and ticket, expires, lanes)")
	}
	set := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if set[k.Value] {
			return g, fail(k.Line, "field %q given twice", k.Value)
		}
		set[k.Value] = true
		if v.Kind == yaml.AliasNode || v.Anchor != "" {
			return g, fail(v.Line, "anchors and aliases are not allowed in a gaps file")
		}
		str := func() (string, error) {
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				return "", fail(v.Line, "%s: want text", k.Value)
			}
			return strings.TrimSpace(v.Value), nil
		}
		var err error
		switch k.Value {
		case "check":
			g.Check, err = str()
			if err == nil {
				if _, perr := path.Match(g.Check, ""); perr != nil || g.Check == "" {
					err = fail(v.Line, "check: %q is no glob (a vector ID, a scenario, a requirement ID or sweep: PROPERTY)", g.Check)
				}
			}
		case "reason":
			g.Reason, err = str()
		case "ticket":
			g.Ticket, err = str()
			if err == nil && !ticketPattern.MatchString(g.Ticket) {
				err = fail(v.Line, "ticket: want one word (TP-123, a URL), got %q", g.Ticket)
			}
		case "expires":
			var s string
			if s, err = str(); err == nil {
				if g.Expires, err = time.Parse(time.DateOnly, s); err != nil {
					err = fail(v.Line, "expires: want a date YYYY-MM-DD, got %q", s)
				}
			}
		case "lanes":
			if v.Kind != yaml.SequenceNode {
				err = fail(v.Line, "lanes: want a list of %s", strings.Join(Lanes, ", "))
				break
			}
			for _, l := range v.Content {
				if !slices.Contains(Lanes, l.Value) {
					return g, fail(l.Line, "lanes: %q is no lane (want %s)", l.Value, strings.Join(Lanes, ", "))
				}
				g.Lanes = append(g.Lanes, l.Value)
			}
		default:
			err = fail(k.Line, "unknown field %q (want check, reason, ticket, expires, lanes)", k.Value)
		}
		if err != nil {
			return g, err
		}
	}
	switch {
	case g.Check == "":
		return g, fail(n.Line, "a gap needs check: (a vector ID, a scenario, a requirement ID or sweep: PROPERTY)")
	case g.Reason == "":
		return g, fail(n.Line, "the gap for %q needs a reason: a known gap says why", g.Check)
	}
	return g, nil
}

// Write writes gaps as a gaps file, each with its reason, ticket, expiry and lanes.
func Write(gs []Gap) []byte {
	var b strings.Builder
	b.WriteString("# Known gaps of this implementation (conform.gaps.yaml): checks expected to fail, each with\n")
	b.WriteString("# its reason. A listed check that fails is reported as known; a gap none of whose checks\n")
	b.WriteString("# fails any more, or whose expires: date has passed, fails the run. `conform gaps write`\n")
	b.WriteString("# writes this file from a run's record.\n")
	b.WriteString("gaps:\n")
	if len(gs) == 0 {
		b.Reset()
		b.WriteString("# Known gaps of this implementation (conform.gaps.yaml): none.\ngaps: []\n")
	}
	for _, g := range gs {
		fmt.Fprintf(&b, "  - check: %s\n    reason: %s\n", yamlString(g.Check), yamlString(g.Reason))
		if g.Ticket != "" {
			fmt.Fprintf(&b, "    ticket: %s\n", yamlString(g.Ticket))
		}
		if !g.Expires.IsZero() {
			fmt.Fprintf(&b, "    expires: %s\n", g.Expires.Format(time.DateOnly))
		}
		if len(g.Lanes) > 0 {
			fmt.Fprintf(&b, "    lanes: [%s]\n", strings.Join(g.Lanes, ", "))
		}
	}
	return []byte(b.String())
}

// Literal is the glob that matches name alone: its glob characters escaped.
func Literal(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// yamlString quotes a value as a YAML double-quoted string (JSON's escapes are YAML's).
func yamlString(s string) string { return strconv.Quote(s) }

// ErrNoFile is returned by Find when there is no gaps file.
var ErrNoFile = errors.New("no gaps file")
