package contract

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxCopyLength is the longest operator copy the shell density allows (NFR-004).
const MaxCopyLength = 60

// TechnicalWords never appear in operator copy: they are internals, not operator language.
var TechnicalWords = []string{"job", "jobs", "queue", "token", "exception", "null", "payload"}

// PercentSigns are the percent signs of every script: the ASCII one, its fullwidth and small
// forms, the Arabic percent sign, per mille and per ten thousand.
const PercentSigns = "%\uff05\ufe6a\u066a\u2030\u2031"

// NumberWords are the English numbers, one to twenty, a quantity may be spelt in: "phase
// three of five" tells progress as "phase 3 of 5" does.
const NumberWords = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty`

// Number is a regular expression for a number in a quantity: digits of any script, or a
// number word standing as a word of its own.
const Number = `(?:\p{Nd}+|\b(?:` + NumberWords + `)\b)`

var (
	fraction = regexp.MustCompile(`\p{Nd}\s*[/\x{2044}\x{2215}]\s*\p{Nd}|[\x{00BC}-\x{00BE}\x{2150}-\x{215E}]`)
	// quantity is progress told as a quantity: "3 of 12", "3 out of 12", "step 3", "phase 2",
	// and the same with English numbers up to twenty spelt out ("phase three of five").
	quantity = regexp.MustCompile(strings.NewReplacer("NUM", Number).Replace(
		`(?i)NUM\s*(?:of|out\s+of)\s+NUM|\b(?:step|phase|stage|part)\s*NUM`))
	percentWord = regexp.MustCompile(`(?i)\b(?:per\s*cent|percent(?:age)?)\b`)
	dottedName  = regexp.MustCompile(`\p{L}\.\p{L}`)
	words       = regexp.MustCompile(`\p{L}+`)
	className   = regexp.MustCompile(`\p{Ll}\p{Lu}|\\`)
)

// CheckCopy enforces the copy rules on one piece of operator copy: no percentage (a percent
// sign of any script, or the word), no digit fraction and no quantified progress such as
// "3 of 12" or "step 2" (allowCounted permits both for counted copy), no raw key (underscore
// or dotted name), no class name (a capital inside a word, or a backslash), no technical word,
// sentence case, at most MaxCopyLength characters. Empty copy passes.
func CheckCopy(s string, allowCounted bool) error {
	if s == "" {
		return nil
	}
	switch {
	case strings.ContainsAny(s, PercentSigns) || percentWord.MatchString(s):
		return fmt.Errorf("copy %q contains a percent sign or the word percent", s)
	case !allowCounted && fraction.MatchString(s):
		return fmt.Errorf("copy %q contains a digit fraction", s)
	case !allowCounted && quantity.MatchString(s):
		return fmt.Errorf("copy %q tells progress as a quantity (%q)", s, quantity.FindString(s))
	case strings.Contains(s, "_"), dottedName.MatchString(s):
		return fmt.Errorf("copy %q contains a raw key", s)
	case className.MatchString(s):
		return fmt.Errorf("copy %q contains a class name", s)
	case utf8.RuneCountInString(s) > MaxCopyLength:
		return fmt.Errorf("copy %q is longer than %d characters", s, MaxCopyLength)
	}
	for i, w := range words.FindAllString(s, -1) {
		lw := strings.ToLower(w)
		for _, t := range TechnicalWords {
			if lw == t {
				return fmt.Errorf("copy %q contains the technical word %q", s, w)
			}
		}
		first, _ := utf8.DecodeRuneInString(w)
		if i == 0 && unicode.IsLower(first) && strings.IndexFunc(s, unicode.IsLetter) == 0 {
			return fmt.Errorf("copy %q does not start with a capital letter", s)
		}
		if i > 0 && unicode.IsUpper(first) {
			return fmt.Errorf("copy %q is not sentence case (%q)", s, w)
		}
	}
	return nil
}
