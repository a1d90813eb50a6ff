package fragment

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	PropEmpty      = "shell.empty"
	PropText       = "shell.text"
	PropBar        = "shell.bar"
	PropPercent    = "shell.percent-sign"
	PropQuantified = "shell.quantified"
	PropControls   = "shell.controls"
	PropPolling    = "shell.polling"
	PropLinks      = "shell.links"
)

// Properties lists the fragment properties in report order.
var Properties = []string{PropEmpty, PropText, PropBar, PropPercent, PropQuantified, PropControls, PropLinks, PropPolling}

// separators may stand between the wanted text pieces; nothing else may.
const separators = " \t\n·•|,.;:–—-/()[]"

// countedPercent is what a counted fragment may add to its text: its percentage.
var countedPercent = regexp.MustCompile(`\b\d{1,3} ?%`)

// Compare reads got against want. pieces are the text pieces the wanted fragment shows (the
// reference's elements, or a shell vector's list): each must appear in got's visible text,
// in any order, and got may add nothing but separators (and, on a counted fragment, its
// percentage). Text is compared folded (Fold). Bars compare as lists of values; links as sets;
// no control, poll, percentage or quantified progress may appear that want lacks.
func Compare(want Reading, pieces []string, got Reading) []Divergence {
	var out []Divergence
	add := func(prop, w, g string) { out = append(out, Divergence{prop, w, g}) }
	if want.Empty != got.Empty {
		add(PropEmpty, emptiness(want.Empty), emptiness(got.Empty))
	}
	counted := len(want.Bars) > 0
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
	if !slices.Equal(want.Bars, got.Bars) {
		add(PropBar, barsText(want.Bars), barsText(got.Bars))
	}
	if !counted && got.Percent && !want.Percent {
		add(PropPercent, "no percentage on a fragment without a bar", "a percentage")
	}
	if !counted && len(got.Quantified) > 0 && len(want.Quantified) == 0 {
		add(PropQuantified, "no quantified progress on a fragment without a bar", quoteAll(got.Quantified))
	}
	if !slices.Equal(want.Controls, got.Controls) {
		add(PropControls, listText(want.Controls), listText(got.Controls))
	}
	if len(got.Polling) > 0 && len(want.Polling) == 0 {
		add(PropPolling, "no polling", listText(got.Polling))
	}
	if w, g := linkSet(want.Links), linkSet(got.Links); !slices.Equal(w, g) {
		add(PropLinks, listText(w)+AbsoluteHint(Hrefs(want.Links), Hrefs(got.Links)), listText(g))
	}
	return out
}

// Hrefs are the targets of links, in their order.
func Hrefs(ls []Link) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.Href)
	}
	return out
}

// AbsoluteHint says why got's links are not want's when they are the same paths written as
// absolute URLs (the mistake a framework's URL helper makes by default); "" otherwise.
func AbsoluteHint(want, got []string) string {
	if len(want) != len(got) {
		return ""
	}
	rel := make([]string, len(got))
	absolute := false
	for i, h := range got {
		rel[i] = h
		for _, scheme := range []string{"http://", "https://"} {
			if rest, ok := strings.CutPrefix(h, scheme); ok {
				if slash := strings.IndexByte(rest, '/'); slash > 0 {
					rel[i], absolute = rest[slash:], true
				}
			}
		}
	}
	w := slices.Clone(want)
	slices.Sort(w)
	slices.Sort(rel)
	if !absolute || !slices.Equal(w, rel) {
		return ""
	}
	return " (root-relative paths: an absolute URL is another link; Laravel's route() writes one unless its third argument is false)"
}

// TextDiff removes each wanted piece (longest first) from got once; missing lists the pieces
// got does not show, extra is what is left beyond separators. Both sides are folded first.
func TextDiff(pieces []string, got string, counted bool) (missing []string, extra string) {
	sorted := make([]string, len(pieces))
	for i, p := range pieces {
		sorted[i] = Fold(p)
	}
	slices.SortStableFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	rest := " " + Fold(got) + " "
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

// Shows reports whether visible text shows piece as whole words, folded (Fold).
func Shows(text, piece string) bool {
	return indexWord(" "+Fold(text)+" ", Fold(piece)) >= 0
}

// indexWord finds p in s where it is not part of a longer word.
func indexWord(s, p string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return -1
		}
		i += off
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+len(p):])
		if !wordRune(prev) && !wordRune(next) {
			return i
		}
		off = i + 1
	}
}

// wordRune: a letter, a digit or an underscore of any script; utf8.RuneError (the start or
// end of s) is none.
func wordRune(r rune) bool {
	return r != utf8.RuneError && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
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

func barsText(bs []string) string {
	if len(bs) == 0 {
		return "no bar"
	}
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = barText(b)
	}
	return strings.Join(parts, " and ")
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
