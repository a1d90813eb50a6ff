package fragment

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Reading is what an operator, and a screen reader, can take from a fragment.
type Reading struct {
	Empty  bool     // nothing but whitespace: what a denied actor must get
	Text   string   // the visible text: tags removed, entities decoded, whitespace collapsed
	Pieces []string // the text of each element, in order: what stands between two tags
	// Bar is the first bar's value in percent, "?" when it cannot be read, "" without a bar;
	// Bars lists every bar (a <progress>, a <meter>, an element a screen reader announces as a
	// progress bar, meter or slider, one that carries an ARIA value, one drawn like a bar).
	Bar  string
	Bars []string
	// Percent: a percent sign of any script, or the word, anywhere in the fragment (visible
	// text, attributes an operator can see, comments and markup) or in what it renders.
	Percent bool
	// Attributes is the text of attributes an operator or a screen reader gets: title, alt,
	// aria-label, aria-valuetext, aria-description, placeholder.
	Attributes []string
	// Quantified is progress told as a quantity ("3 of 12", "Step 2", "3/12") anywhere an
	// operator or a screen reader reads: in the visible text or in those attributes.
	Quantified []string
	Controls   []string // anything to act on besides a link: elements, roles, focusable or bound to a handler
	Polling    []string // anything that asks the server again on its own: a poll, a refresh, a timer
	Links      []Link   // every link, in document order
	// Undecided names what a static reading cannot decide (scripts, styles, drawings): only
	// rendering tells what they show.
	Undecided []string
	Rendered  bool // read from a browser's rendering, not from the markup alone
}

// Link is one anchor: its target and its visible text.
type Link struct {
	Href string
	Text string
}

func (l Link) String() string { return l.Text + " -> " + l.Href }

// visibleAttributes are the attributes whose text an operator or a screen reader gets.
var visibleAttributes = []string{"title", "alt", "aria-label", "aria-valuetext", "aria-description", "placeholder"}

// controlElements act on something; a link is judged apart (Links).
var controlElements = []string{"button", "form", "input", "select", "textarea", "details", "summary", "option"}

// controlRoles are the ARIA roles of widgets an operator acts on.
var controlRoles = []string{"button", "checkbox", "combobox", "link", "menuitem", "menuitemcheckbox", "menuitemradio",
	"option", "radio", "searchbox", "slider", "spinbutton", "switch", "tab", "textbox", "treeitem", "gridcell", "scrollbar"}

// barRoles are the ARIA roles a screen reader announces with a value.
var barRoles = []string{"progressbar", "meter", "slider", "scrollbar", "spinbutton"}

// Read reads a fragment from its markup alone: parsed into the tree a browser builds (the
// HTML5 parser of golang.org/x/net/html, implied end tags and all) and laid out the way a
// browser's default style sheet lays it out: a block-level element or a line break separates
// words, an inline element does not ("Running<span>Running</span>" reads "RunningRunning");
// comments, scripts, styles, templates and hidden elements show nothing. What markup alone
// cannot decide is named in Undecided.
func Read(fragment string) Reading {
	r := Reading{Empty: strings.TrimSpace(fragment) == ""}
	// In the markup, attributes and comments included; a percent sign written as a character
	// reference (&#37;, &percnt;) is one on the screen.
	r.Percent = HasPercent(html.UnescapeString(fragment))
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), body)
	if err != nil {
		// The parser accepts any input; it fails only when reading fails, and a string does not.
		return r
	}
	var text, piece strings.Builder
	endPiece := func() {
		if p := strings.Join(strings.Fields(piece.String()), " "); p != "" {
			r.Pieces = append(r.Pieces, p)
		}
		piece.Reset()
	}
	var linkText *strings.Builder // the text of the link being read, if any
	var walk func(n *html.Node, hidden bool)
	walk = func(n *html.Node, hidden bool) {
		switch n.Type {
		case html.TextNode:
			if !hidden {
				piece.WriteString(n.Data)
				text.WriteString(n.Data)
				if linkText != nil {
					linkText.WriteString(n.Data)
				}
			}
			return
		case html.CommentNode, html.DoctypeNode:
			endPiece()
			return
		case html.ElementNode:
		default:
			return
		}
		endPiece()
		attrs := attrMap(n.Attr)
		r.element(n.Data, attrs, hidden)
		hides := hidden || hidesContent(n.Data, attrs)
		block := blockElements[n.Data] && !hides
		if block {
			text.WriteByte('\n')
			if linkText != nil {
				linkText.WriteByte(' ')
			}
		}
		var mine *strings.Builder
		if _, ok := attrs["href"]; ok && n.Data == "a" && !hides {
			mine = &strings.Builder{}
			outer := linkText
			linkText = mine
			defer func() { linkText = outer }()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, hides)
		}
		endPiece()
		if mine != nil {
			r.Links = append(r.Links, Link{Href: attrs["href"], Text: strings.Join(strings.Fields(mine.String()), " ")})
		}
		if block {
			text.WriteByte('\n')
			if linkText != nil {
				linkText.WriteByte(' ')
			}
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	r.Text = strings.Join(strings.Fields(text.String()), " ")
	for _, a := range r.Attributes {
		r.Quantified = append(r.Quantified, Quantified(a)...)
	}
	r.Quantified = append(r.Quantified, Quantified(r.Text)...)
	r.Bars = append(r.Bars, TextBars(r.Text, r.Attributes)...)
	if len(r.Bars) > 0 {
		r.Bar = r.Bars[0]
	}
	slices.Sort(r.Controls)
	r.Controls = slices.Compact(r.Controls)
	return r
}

// blockElements separate the words around them: block-level elements and line breaks, as a
// browser's default style sheet lays them out.
var blockElements = map[string]bool{"address": true, "article": true, "aside": true, "blockquote": true, "br": true,
	"caption": true, "center": true, "dd": true, "details": true, "dialog": true, "dir": true, "div": true, "dl": true,
	"dt": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hgroup": true, "hr": true, "legend": true, "li": true,
	"listing": true, "main": true, "menu": true, "nav": true, "ol": true, "optgroup": true, "option": true, "p": true,
	"plaintext": true, "pre": true, "search": true, "section": true, "summary": true, "table": true, "tbody": true,
	"td": true, "tfoot": true, "th": true, "thead": true, "tr": true, "ul": true, "xmp": true}

// hidesContent: elements whose content is never shown as text.
func hidesContent(name string, attrs map[string]string) bool {
	switch name {
	case "script", "style", "template", "noscript", "head", "title":
		return true
	}
	if _, ok := attrs["hidden"]; ok {
		return true
	}
	st := strings.ToLower(strings.Join(strings.Fields(attrs["style"]), ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func attrMap(as []html.Attribute) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		k := strings.ToLower(a.Key)
		if a.Namespace != "" {
			k = a.Namespace + ":" + k
		}
		if _, dup := m[k]; !dup {
			m[k] = a.Val
		}
	}
	return m
}

// element records what one start tag says: bars, controls, polling, visible attributes, and
// what only rendering can decide. Inside a hidden element nothing is seen or reached, but a
// poll still asks.
func (r *Reading) element(name string, attrs map[string]string, hidden bool) {
	for k, v := range attrs {
		if p := pollingAttribute(name, k, v, attrs); p != "" {
			r.Polling = append(r.Polling, p)
		}
	}
	switch name {
	case "script":
		r.Undecided = append(r.Undecided, "a script") // a script runs, hidden or not
	case "style", "link":
		r.Undecided = append(r.Undecided, "a style sheet") // it styles the whole fragment
	}
	if hidden || hidesContent(name, attrs) && name != "template" && name != "script" && name != "style" {
		return // nothing inside a hidden element is drawn, seen or reached
	}
	switch name {
	case "svg", "math", "canvas", "img", "picture", "object", "embed", "iframe", "frame", "video", "audio", "marquee", "input", "textarea", "select", "dialog", "details":
		// Drawn, embedded, or shown in ways of their own (a value, an open state).
		r.Undecided = append(r.Undecided, "a "+name)
	}
	if st, ok := attrs["style"]; ok && !harmlessStyle(st) {
		r.Undecided = append(r.Undecided, "an inline style")
	}
	if hidden || hidesContent(name, attrs) && name != "template" && name != "script" && name != "style" {
		return
	}
	role := strings.ToLower(strings.TrimSpace(attrs["role"]))
	for _, a := range visibleAttributes {
		if v := strings.TrimSpace(attrs[a]); v != "" {
			r.Attributes = append(r.Attributes, v)
		}
	}
	_, ariaValue := attrs["aria-valuenow"]
	_, ariaText := attrs["aria-valuetext"]
	switch {
	case name == "progress" || name == "meter" || slices.Contains(barRoles, role) || ariaValue || ariaText:
		r.Bars = append(r.Bars, barValue(name, attrs))
	case name == "input" && strings.EqualFold(attrs["type"], "range"):
		r.Bars = append(r.Bars, barValue("range", attrs))
	}
	if slices.Contains(controlElements, name) {
		r.Controls = append(r.Controls, name)
	}
	if slices.Contains(controlRoles, role) {
		r.Controls = append(r.Controls, "role="+role)
	}
	if name == "area" {
		if _, ok := attrs["href"]; ok {
			r.Controls = append(r.Controls, "area[href]")
		}
	}
	for k, v := range attrs {
		switch {
		case k == "tabindex":
			r.Controls = append(r.Controls, name+"[tabindex]")
		case k == "contenteditable" && !strings.EqualFold(v, "false"):
			r.Controls = append(r.Controls, name+"[contenteditable]")
		case handlerAttribute(k):
			r.Controls = append(r.Controls, name+"["+k+"]")
		case k == "href" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:"):
			r.Controls = append(r.Controls, name+"[href=javascript:]")
		}
	}
}

// harmlessProperties are CSS properties that change how text looks but cannot hide it, add to
// it, move it or draw a shape: a style of only these leaves the markup's reading whole.
var harmlessProperties = map[string]bool{"color": true, "font": true, "font-family": true, "font-size": true,
	"font-style": true, "font-weight": true, "font-variant": true, "text-align": true, "text-decoration": true,
	"text-decoration-line": true, "text-decoration-color": true, "line-height": true, "letter-spacing": true,
	"word-spacing": true, "padding": true, "padding-top": true, "padding-right": true, "padding-bottom": true,
	"padding-left": true, "margin": true, "margin-top": true, "margin-right": true, "margin-bottom": true,
	"margin-left": true, "border-radius": true, "vertical-align": true, "cursor": true}

// harmlessStyle reports whether an inline style declares only harmless properties, with
// values that load nothing.
func harmlessStyle(style string) bool {
	for _, decl := range strings.Split(style, ";") {
		if strings.TrimSpace(decl) == "" {
			continue
		}
		prop, val, ok := strings.Cut(decl, ":")
		prop = strings.ToLower(strings.TrimSpace(prop))
		if !ok || !harmlessProperties[prop] || strings.ContainsAny(val, "(\\") {
			return false
		}
	}
	return true
}

// handlerAttribute: an attribute that binds a click, key, pointer or submit handler, in the
// syntax of plain HTML (onclick) or of a framework (Livewire wire:click, Alpine and Vue @click
// and x-on: / v-on:, Angular (click), AngularJS ng-click, Stimulus data-action, htmx hx-post).
func handlerAttribute(k string) bool {
	events := []string{"click", "dblclick", "mousedown", "mouseup", "pointerdown", "pointerup", "touchstart", "touchend",
		"keydown", "keyup", "keypress", "submit", "change", "input", "contextmenu", "auxclick"}
	name := k
	for _, prefix := range []string{"on", "wire:", "x-on:", "v-on:", "@", "ng-", "data-ng-", "(", "on:", "hx-on:", "hx-on::"} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			name = strings.TrimSuffix(rest, ")")
			if i := strings.IndexAny(name, ".:"); i >= 0 {
				name = name[:i]
			}
			if slices.Contains(events, name) || (prefix == "wire:" && (name == "model" || name == "navigate")) {
				return true
			}
		}
	}
	switch {
	case k == "data-action", k == "jsaction", k == "wire:model", strings.HasPrefix(k, "wire:model"):
		return true
	case k == "hx-get" || k == "hx-post" || k == "hx-put" || k == "hx-patch" || k == "hx-delete":
		return true
	case k == "data-bs-toggle" || k == "data-toggle" || k == "x-on" || k == "v-on":
		return true
	}
	return false
}

// pollingAttribute names an attribute that makes the page ask the server again on its own
// (NFR-003: no new polling loop): Livewire wire:poll, htmx hx-trigger "every ...", a meta
// refresh, an Alpine x-init or x-data that sets a timer.
func pollingAttribute(el, k, v string, attrs map[string]string) string {
	lv := strings.ToLower(v)
	switch {
	case strings.HasPrefix(k, "wire:poll"):
		return k
	case k == "hx-trigger" && strings.Contains(lv, "every"):
		return `hx-trigger="` + v + `"`
	case el == "meta" && k == "http-equiv" && strings.EqualFold(strings.TrimSpace(v), "refresh"):
		return `<meta http-equiv="refresh">`
	case (k == "x-init" || k == "x-data" || strings.HasPrefix(k, "on")) && (strings.Contains(lv, "setinterval") || strings.Contains(lv, "settimeout")):
		return k + " sets a timer"
	case k == "data-poll" || k == "data-refresh" || k == "data-interval":
		return k
	}
	return ""
}

// barValue reads a bar element's value as a whole percentage, as a browser computes it and a
// screen reader announces it. An element with aria-valuenow: that value within
// aria-valuemin..aria-valuemax (0..100 by default), "?" when it is no number. A <progress>:
// value over max (max 1 unless a positive number; a value that is no number is 0, and it is
// clamped to 0..max), "?" without a value (an indeterminate bar). A <meter>: value within
// min..max (0..1 by default; a value that is no number is 0, clamped to min..max).
func barValue(name string, a map[string]string) string {
	float := func(k string, def float64) (float64, bool) {
		s, ok := a[k]
		if !ok {
			return def, false
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return def, false
		}
		return v, true
	}
	if _, isARIA := a["aria-valuenow"]; isARIA || name != "progress" && name != "meter" && name != "range" {
		v, ok := float("aria-valuenow", 0)
		if !ok {
			return "?"
		}
		lo, _ := float("aria-valuemin", 0)
		hi, _ := float("aria-valuemax", 100)
		return percentOf(v, lo, hi)
	}
	if name == "progress" {
		if _, ok := a["value"]; !ok {
			return "?"
		}
		hi, ok := float("max", 1)
		if !ok || hi <= 0 {
			hi = 1
		}
		v, _ := float("value", 0)
		return percentOf(min(max(v, 0), hi), 0, hi)
	}
	if name == "range" {
		// A slider: min..max is 0..100 by default, and a missing or unreadable value is the
		// middle of the range (HTML's default value of a range input).
		lo, _ := float("min", 0)
		hi, _ := float("max", 100)
		hi = max(hi, lo)
		v, ok := float("value", 0)
		if !ok {
			v = lo + (hi-lo)/2
		}
		return percentOf(min(max(v, lo), hi), lo, hi)
	}
	lo, _ := float("min", 0)
	hi, _ := float("max", 1)
	hi = max(hi, lo)
	v, _ := float("value", 0)
	return percentOf(min(max(v, lo), hi), lo, hi)
}

// percentOf is v within lo..hi as a whole percentage, "?" when that means nothing.
func percentOf(v, lo, hi float64) string {
	if hi <= lo || math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return strconv.Itoa(int(math.Round(100 * (v - lo) / (hi - lo))))
}

// Text is the visible text of a piece of HTML: tags removed (each stands for a space),
// entities decoded, whitespace collapsed.
func Text(s string) string { return Read(s).Text }

// Pieces are the text pieces of a fragment's elements, in order: what each element between
// two tags shows. The reference's fragment puts every piece of copy in an element of its own.
func Pieces(fragment string) []string { return Read(fragment).Pieces }

// Decided reports whether the markup alone tells everything an operator sees: no script, no
// style, no drawing.
func (r Reading) Decided() bool { return len(r.Undecided) == 0 }

func (r Reading) String() string {
	return fmt.Sprintf("text %q, bars %v, percent %v, quantified %v, controls %v, polling %v, links %v", r.Text, r.Bars, r.Percent, r.Quantified, r.Controls, r.Polling, r.Links)
}

// Reader reads fragments. Static reads their markup; package render renders them in Chromium.
type Reader interface {
	ReadAll(ctx context.Context, fragments []string) ([]Reading, error)
}

// Static reads fragments from their markup alone (Read).
type Static struct{}

// ReadAll reads each fragment with Read.
func (Static) ReadAll(_ context.Context, fragments []string) ([]Reading, error) {
	out := make([]Reading, len(fragments))
	for i, f := range fragments {
		out[i] = Read(f)
	}
	return out, nil
}

// ReadOne reads one fragment with r (nil: Static).
func ReadOne(ctx context.Context, r Reader, fragment string) (Reading, error) {
	if r == nil {
		return Read(fragment), nil
	}
	rs, err := r.ReadAll(ctx, []string{fragment})
	if err != nil {
		return Reading{}, err
	}
	return rs[0], nil
}
