package fragment

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Reading is what an operator can take from a fragment.
type Reading struct {
	Empty    bool     // nothing but whitespace: what a denied actor must get
	Text     string   // the visible text: tags removed, entities decoded, whitespace collapsed
	Pieces   []string // the text of each element, in order: what stands between two tags
	Bar      string   // "" without a bar; else the bar's value in percent, or "?" when unreadable
	Percent  bool     // a % sign (or the word "percent") anywhere, attributes included
	Controls []string // mutating controls (button, form, input, select, textarea, role=button)
	Links    []Link   // every link, in document order
}

// Link is one anchor: its target and its visible text.
type Link struct {
	Href string
	Text string
}

func (l Link) String() string { return l.Text + " -> " + l.Href }

// Read reads a fragment in one pass. A tag stands for a space between two pieces of text;
// comments, scripts, styles and templates show nothing; a "<" that opens no tag is text.
func Read(fragment string) Reading {
	r := Reading{Empty: strings.TrimSpace(fragment) == ""}
	decoded := fragment
	if strings.IndexByte(fragment, '&') >= 0 {
		decoded = html.UnescapeString(fragment)
	}
	lower := strings.ToLower(decoded)
	r.Percent = strings.IndexByte(decoded, '%') >= 0 || strings.Contains(lower, "percent") || strings.Contains(lower, "per cent")
	var piece, linkText strings.Builder
	var link *Link
	endPiece := func() {
		if p := collapse(piece.String()); p != "" {
			r.Pieces = append(r.Pieces, p)
			if link != nil {
				if linkText.Len() > 0 {
					linkText.WriteByte(' ')
				}
				linkText.WriteString(p)
			}
		}
		piece.Reset()
	}
	s := fragment
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			piece.WriteString(s[i:])
			break
		}
		piece.WriteString(s[i : i+lt])
		i += lt
		if strings.HasPrefix(s[i:], "<!--") {
			endPiece()
			if end := strings.Index(s[i+4:], "-->"); end >= 0 {
				i += 4 + end + 3
			} else {
				i = len(s)
			}
			continue
		}
		if i+1 >= len(s) || !opensTag(s[i+1]) {
			piece.WriteByte('<')
			i++
			continue
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			i = len(s) // an unterminated tag shows nothing
			break
		}
		name, attrs, closing := parseTag(s[i+1 : i+gt])
		i += gt + 1
		endPiece()
		switch {
		case !closing && (name == "script" || name == "style" || name == "template"):
			if end := indexFold(s[i:], "</"+name); end >= 0 {
				i += end
			} else {
				i = len(s)
			}
			continue
		case name == "a" && !closing:
			if link != nil {
				r.Links = append(r.Links, Link{Href: link.Href, Text: linkText.String()})
			}
			link = &Link{Href: attrs["href"]}
			linkText.Reset()
		case name == "a" && closing && link != nil:
			r.Links = append(r.Links, Link{Href: link.Href, Text: linkText.String()})
			link = nil
		}
		if closing {
			continue
		}
		switch name {
		case "button", "form", "input", "select", "textarea":
			r.Controls = append(r.Controls, name)
		}
		role := strings.ToLower(strings.TrimSpace(attrs["role"]))
		if role == "button" {
			r.Controls = append(r.Controls, "role=button")
		}
		if r.Bar == "" && (name == "progress" || name == "meter" || role == "progressbar") {
			r.Bar = barValue(name, attrs)
		}
	}
	endPiece()
	if link != nil {
		r.Links = append(r.Links, Link{Href: link.Href, Text: linkText.String()})
	}
	r.Text = strings.Join(r.Pieces, " ")
	return r
}

func opensTag(c byte) bool {
	return c == '/' || c == '!' || c == '?' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// parseTag reads the inside of a tag: its lower-case name, its attributes (names lower-cased,
// values entity-decoded), and whether it closes an element.
func parseTag(t string) (name string, attrs map[string]string, closing bool) {
	if strings.HasPrefix(t, "/") {
		closing, t = true, t[1:]
	}
	n := 0
	for n < len(t) && !isSpace(t[n]) && t[n] != '/' {
		n++
	}
	name, t = strings.ToLower(t[:n]), t[n:]
	if closing {
		return name, nil, true
	}
	attrs = map[string]string{}
	for {
		t = strings.TrimLeft(t, " \t\n\r\f/")
		if t == "" {
			return name, attrs, false
		}
		k := 0
		for k < len(t) && !isSpace(t[k]) && t[k] != '=' && t[k] != '/' {
			k++
		}
		key := strings.ToLower(t[:k])
		t = strings.TrimLeft(t[k:], " \t\n\r\f")
		val := ""
		if strings.HasPrefix(t, "=") {
			t = strings.TrimLeft(t[1:], " \t\n\r\f")
			if t != "" && (t[0] == '"' || t[0] == '\'') {
				q := t[0]
				end := strings.IndexByte(t[1:], q)
				if end < 0 {
					val, t = t[1:], ""
				} else {
					val, t = t[1:1+end], t[2+end:]
				}
			} else {
				v := 0
				for v < len(t) && !isSpace(t[v]) {
					v++
				}
				val, t = t[:v], t[v:]
			}
		}
		if _, dup := attrs[key]; !dup && key != "" {
			attrs[key] = html.UnescapeString(val)
		}
		if k == 0 && val == "" {
			t = t[min(1, len(t)):] // a stray character: skip it
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// indexFold finds sub in s, ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// collapse decodes entities and collapses whitespace.
func collapse(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// Text is the visible text of a piece of HTML: tags removed (each stands for a space),
// entities decoded, whitespace collapsed.
func Text(s string) string { return Read(s).Text }

// barValue reads a bar element's value as a whole percentage: value/max of <progress> or
// <meter> (max defaults to 1), or aria-valuenow within aria-valuemin..aria-valuemax (0..100 by
// default) of role="progressbar". A bar whose value cannot be read is "?".
func barValue(name string, a map[string]string) string {
	value, maxName, minName, defMax := "value", "max", "min", 1.0
	if _, isARIA := a["aria-valuenow"]; isARIA || name != "progress" && name != "meter" {
		value, maxName, minName, defMax = "aria-valuenow", "aria-valuemax", "aria-valuemin", 100
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(a[value]), 64)
	if err != nil {
		return "?"
	}
	lo, hi := 0.0, defMax
	if s, ok := a[minName]; ok {
		if lo, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return "?"
		}
	}
	if s, ok := a[maxName]; ok {
		if hi, err = strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return "?"
		}
	}
	if hi <= lo || math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return strconv.Itoa(int(math.Round(100 * (v - lo) / (hi - lo))))
}

// Divergence is one way a fragment reads differently from the wanted one.
type Divergence struct {
	Property string // "shell.text", "shell.bar", ...
	Want     string
	Got      string
}

func (d Divergence) String() string {
	return fmt.Sprintf("%s: got %s, want %s", d.Property, d.Got, d.Want)
}

// The properties of a fragment that conformance compares.
const (
	PropEmpty    = "shell.empty"
	PropText     = "shell.text"
	PropBar      = "shell.bar"
	PropPercent  = "shell.percent-sign"
	PropControls = "shell.controls"
	PropLinks    = "shell.links"
)

// Properties lists the fragment properties in report order.
var Properties = []string{PropEmpty, PropText, PropBar, PropPercent, PropControls, PropLinks}

// separators may stand between the wanted text pieces; nothing else may.
const separators = " \t\n·•|,.;:–—-/()[]"

// countedPercent is what a counted fragment may add to its text: its percentage.
var countedPercent = regexp.MustCompile(`\b\d{1,3} ?%`)

// Compare reads got against want. pieces are the text pieces the wanted fragment shows (the
// reference's elements, or a shell vector's list): each must appear in got's visible text,
// in any order, and got may add nothing but separators (and, on a counted fragment, its
// percentage). Links compare as sets; no control may appear that want lacks.
func Compare(want Reading, pieces []string, got Reading) []Divergence {
	var out []Divergence
	add := func(prop, w, g string) { out = append(out, Divergence{prop, w, g}) }
	if want.Empty != got.Empty {
		add(PropEmpty, emptiness(want.Empty), emptiness(got.Empty))
	}
	counted := want.Bar != ""
	if missing, extra := TextDiff(pieces, got.Text, counted); len(missing) > 0 || extra != "" {
		var g []string
		if len(missing) > 0 {
			g = append(g, "missing "+quoteAll(missing))
		}
		if extra != "" {
			g = append(g, "extra "+strconv.Quote(extra))
		}
		add(PropText, strconv.Quote(want.Text), strconv.Quote(got.Text)+" ("+strings.Join(g, "; ")+")")
	}
	if want.Bar != got.Bar {
		add(PropBar, barText(want.Bar), barText(got.Bar))
	}
	if !counted && got.Percent && !want.Percent {
		add(PropPercent, "no % sign on a fragment without a bar", "a % sign")
	}
	if !slices.Equal(want.Controls, got.Controls) {
		add(PropControls, listText(want.Controls), listText(got.Controls))
	}
	if w, g := linkSet(want.Links), linkSet(got.Links); !slices.Equal(w, g) {
		add(PropLinks, listText(w), listText(g))
	}
	return out
}

// Pieces are the text pieces of a fragment's elements, in order: what each element between
// two tags shows. The reference's fragment puts every piece of copy in an element of its own.
func Pieces(fragment string) []string { return Read(fragment).Pieces }

// TextDiff removes each wanted piece (longest first) from got once; missing lists the pieces
// got does not show, extra is what is left beyond separators.
func TextDiff(pieces []string, got string, counted bool) (missing []string, extra string) {
	sorted := slices.Clone(pieces)
	slices.SortStableFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	rest := " " + got + " "
	for _, p := range sorted {
		i := indexWord(rest, p)
		if i < 0 {
			missing = append(missing, p)
			continue
		}
		rest = rest[:i] + " " + rest[i+len(p):]
	}
	if counted {
		rest = countedPercent.ReplaceAllString(rest, " ")
	}
	return missing, strings.Join(strings.Fields(strings.Trim(rest, separators)), " ")
}

// indexWord finds p in s where it is not part of a longer word.
func indexWord(s, p string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return -1
		}
		i += off
		before, after := i == 0 || !wordByte(s[i-1]), i+len(p) >= len(s) || !wordByte(s[i+len(p)])
		if before && after {
			return i
		}
		off = i + 1
	}
}

func wordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func linkSet(ls []Link) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.String())
	}
	slices.Sort(out)
	return out
}

func emptiness(empty bool) string {
	if empty {
		return "an empty fragment"
	}
	return "a fragment with content"
}

func barText(b string) string {
	switch b {
	case "":
		return "no bar"
	case "?":
		return "a bar without a readable value"
	}
	return "a bar at " + b + "%"
}

func listText(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return quoteAll(l)
}

func quoteAll(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
