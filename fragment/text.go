package fragment

import (
	"regexp"
	"strings"

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
// 5", a fraction such as "3/12" (a vulgar fraction folds to one), in any script's digits.
var quantified = regexp.MustCompile(`(?i)\b(?:step|phase|stage|part|schritt|stufe)\s*\p{Nd}+(?:\s*(?:of|out\s+of|von|de|sur|/)\s*\p{Nd}+)?|\p{Nd}+\s*(?:of|out\s+of|von|de|sur)\s+\p{Nd}+|\p{Nd}+\s*[/\x{2044}\x{2215}]\s*\p{Nd}+`)

// Quantified lists the quantified progress text shows ("Step 3 of 5", "3/12").
func Quantified(s string) []string {
	return quantified.FindAllString(Fold(s), -1)
}
