package fragment

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/contract"
	"golang.org/x/text/unicode/norm"
)

// Fold is text as conformance compares it: Unicode compatibility folding (NFKC), so that a
// fullwidth percent sign is a percent sign, a fullwidth digit a digit and a vulgar fraction a
// fraction, with whitespace collapsed.
func Fold(s string) string {
	return strings.Join(strings.Fields(norm.NFKC.String(s)), " ")
}

// percentSigns are the percent signs of every script after folding: the ASCII one (fullwidth
// and small ones fold to it), the Arabic percent sign, per mille and per ten thousand.
const percentSigns = "%\u066a\u2030\u2031"

// percentWords are percentages written out.
var percentWords = regexp.MustCompile(`(?i)\b(?:per\s*cent|percent(?:age)?|pct|prozent|pourcent|por\s*ciento)\b`)

// HasPercent reports whether text shows a percentage: a percent sign of any script, or the
// word.
func HasPercent(s string) bool {
	s = Fold(s)
	return strings.ContainsAny(s, percentSigns) || percentWords.MatchString(s)
}

// quantified is progress told as a quantity: "3 of 12", "3 out of 12", "step 3", "phase 2 of
// 5", a fraction such as "3/12" (a vulgar fraction folds to one), in any script's digits, and
// the same with the numbers spelt out in English ("phase three of five", "two of five").
var quantified = regexp.MustCompile(strings.NewReplacer("NUM", contract.Number).Replace(
	`(?i)\b(?:step|phase|stage|part|schritt|stufe)\s*NUM(?:\s*(?:of|out\s+of|von|de|sur|/)\s*NUM)?|NUM\s*(?:of|out\s+of|von|de|sur)\s+NUM|\p{Nd}+\s*[/\x{2044}\x{2215}]\s*\p{Nd}+`))

// barGlyphs are the characters a bar is drawn with in text: each filled one counts toward the
// value, each empty one against it.
var barGlyphs = map[rune]bool{
	'█': true, '▉': true, '▊': true, '▋': true, '▌': true, '▍': true, '▎': true, '▏': true, '▓': true, '▒': true,
	'■': true, '●': true, '◼': true, '▰': true, '⬛': true, '⣿': true, '◉': true, '★': true, '⬤': true,
	'░': false, '□': false, '○': false, '◻': false, '▱': false, '⬜': false, '⣀': false, '◯': false, '☆': false,
}

// asciiBar is a bar drawn with ASCII: "[#####-----]", "[====>    ]", "(***...)".
var asciiBar = regexp.MustCompile(`[\[(|]([#=*>]+)([-. _]*)[\])|]|[\[(|]([#=*>]*)([-. _]+)[\])|]`)

// TextBars are the bars a fragment's visible text and its attributes' text (a tooltip) draw
// with characters, each as its value in percent.
func TextBars(text string, attributes []string) []string {
	out := textBars(text)
	for _, a := range attributes {
		out = append(out, textBars(a)...)
	}
	return out
}

// textBars are the bars one text draws with characters: a run of three or more bar glyphs
// (spaces between them allowed) holding a filled one and an empty one, or block elements alone
// ("▓▓▓░░", "● ● ● ○ ○"), and ASCII bars ("[###---]").
func textBars(s string) []string {
	var out []string
	flush := func(filled, total int, both bool) {
		if total >= 3 && both {
			out = append(out, strconv.Itoa(int(math.Round(100*float64(filled)/float64(total)))))
		}
	}
	filled, total, blocks, pendingSpace := 0, 0, 0, false
	for _, c := range s + "\x00" {
		full, glyph := barGlyphs[c]
		switch {
		case glyph:
			total++
			if full {
				filled++
			}
			if c >= 0x2580 && c <= 0x259f {
				blocks++
			}
			pendingSpace = false
		case c == ' ' && total > 0 && !pendingSpace:
			pendingSpace = true
		default:
			// filled and empty glyphs together, or block elements alone ("███" is a full bar)
			flush(filled, total, filled > 0 && filled < total || blocks == total)
			filled, total, blocks, pendingSpace = 0, 0, 0, false
		}
	}
	for _, m := range asciiBar.FindAllStringSubmatch(s, -1) {
		on, off := len(m[1])+len(m[3]), len(m[2])+len(m[4])
		if on+off >= 3 && on > 0 {
			out = append(out, strconv.Itoa(int(math.Round(100*float64(on)/float64(on+off)))))
		}
	}
	return out
}

// Quantified lists the quantified progress text shows ("Step 3 of 5", "3/12").
func Quantified(s string) []string {
	return quantified.FindAllString(Fold(s), -1)
}
