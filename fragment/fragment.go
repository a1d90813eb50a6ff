package fragment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
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
var controlElements = []string{"button", "form", "input", "select", "textarea", "details", "summary", "dialog", "option", "label"}

// controlRoles are the ARIA roles of widgets an operator acts on.
var controlRoles = []string{"button", "checkbox", "combobox", "link", "menuitem", "menuitemcheckbox", "menuitemradio",
	"option", "radio", "searchbox", "slider", "spinbutton", "switch", "tab", "textbox", "treeitem", "gridcell", "scrollbar"}

// barRoles are the ARIA roles a screen reader announces with a value.
var barRoles = []string{"progressbar", "meter", "slider", "scrollbar", "spinbutton"}

// Read reads a fragment from its markup alone, with an HTML5 tokenizer. A tag stands for a
// space between two pieces of text; comments, scripts, styles, templates and hidden elements
// show nothing. What markup alone cannot decide is named in Undecided.
func Read(fragment string) Reading {
	r := Reading{Empty: strings.TrimSpace(fragment) == ""}
	r.Percent = HasPercent(fragment) // in the markup: attributes and comments included
	var piece, linkText strings.Builder
	var link *Link
	endPiece := func() {
		if p := strings.Join(strings.Fields(piece.String()), " "); p != "" {
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
	closeLink := func() {
		if link != nil {
			r.Links = append(r.Links, Link{Href: link.Href, Text: linkText.String()})
			link = nil
		}
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	type open struct {
		name   string
		hidden bool
	}
	var stack []open
	hidden := func() bool { return len(stack) > 0 && stack[len(stack)-1].hidden }
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			if !hidden() {
				piece.WriteString(tok.Data)
			}
		case html.CommentToken, html.DoctypeToken:
			endPiece()
		case html.StartTagToken, html.SelfClosingTagToken:
			endPiece()
			name := tok.Data
			attrs := attrMap(tok.Attr)
			r.element(name, attrs, hidden())
			if name == "a" {
				closeLink()
				if _, ok := attrs["href"]; ok {
					link = &Link{Href: attrs["href"]}
					linkText.Reset()
				}
			}
			if tt == html.StartTagToken && !voidElements[name] {
				stack = append(stack, open{name, hidden() || hidesContent(name, attrs)})
			}
		case html.EndTagToken:
			endPiece()
			if tok.Data == "a" {
				closeLink()
			}
			// Close up to the matching element, as a browser does for well-nested markup;
			// a stray end tag closes nothing.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == tok.Data {
					stack = stack[:i]
					break
				}
			}
		}
	}
	endPiece()
	closeLink()
	r.Text = strings.Join(r.Pieces, " ")
	for _, a := range r.Attributes {
		r.Quantified = append(r.Quantified, Quantified(a)...)
	}
	r.Quantified = append(r.Quantified, Quantified(r.Text)...)
	if len(r.Bars) > 0 {
		r.Bar = r.Bars[0]
	}
	return r
}

// voidElements have no content and no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

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
// what only rendering can decide.
func (r *Reading) element(name string, attrs map[string]string, hidden bool) {
	role := strings.ToLower(strings.TrimSpace(attrs["role"]))
	if !hidden {
		for _, a := range visibleAttributes {
			if v := strings.TrimSpace(attrs[a]); v != "" {
				r.Attributes = append(r.Attributes, v)
			}
		}
	}
	_, ariaValue := attrs["aria-valuenow"]
	_, ariaText := attrs["aria-valuetext"]
	switch {
	case name == "progress" || name == "meter" || slices.Contains(barRoles, role) || ariaValue || ariaText:
		r.Bars = append(r.Bars, barValue(name, attrs))
	case name == "input" && strings.EqualFold(attrs["type"], "range"):
		r.Bars = append(r.Bars, barValue("meter", attrs))
	}
	if slices.Contains(controlElements, name) {
		r.Controls = append(r.Controls, name)
	}
	if slices.Contains(controlRoles, role) && !slices.Contains(barRoles, role) || role == "slider" || role == "spinbutton" || role == "scrollbar" {
		r.Controls = append(r.Controls, "role="+role)
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
		if p := pollingAttribute(name, k, v, attrs); p != "" {
			r.Polling = append(r.Polling, p)
		}
	}
	switch name {
	case "script":
		r.Undecided = append(r.Undecided, "a script")
	case "style":
		r.Undecided = append(r.Undecided, "a style sheet")
	case "svg", "canvas", "img", "object", "embed", "iframe", "video":
		r.Undecided = append(r.Undecided, "a drawing ("+name+")")
	}
	if st := attrs["style"]; st != "" {
		r.Undecided = append(r.Undecided, "an inline style")
	}
	slices.Sort(r.Controls)
	r.Controls = slices.Compact(r.Controls)
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

// barValue reads a bar element's value as a whole percentage: value/max of <progress> or
// <meter> (max defaults to 1), or aria-valuenow within aria-valuemin..aria-valuemax (0..100 by
// default). A bar whose value cannot be read is "?".
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
	return percentOf(v, lo, hi)
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
