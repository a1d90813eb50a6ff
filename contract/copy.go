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

var (
	fraction   = regexp.MustCompile(`\d\s*/\s*\d`)
	dottedName = regexp.MustCompile(`\p{L}\.\p{L}`)
	words      = regexp.MustCompile(`\p{L}+`)
	className  = regexp.MustCompile(`\p{Ll}\p{Lu}|\\`)
)

// CheckCopy enforces the copy rules on one piece of operator copy: no percent sign, no digit
// fraction (allowCounted permits fractions for counted copy), no raw key (underscore or dotted
// name), no class name (a capital inside a word, or a backslash), no technical word, sentence
// case, at most MaxCopyLength characters. Empty copy passes.
func CheckCopy(s string, allowCounted bool) error {
	if s == "" {
		return nil
	}
	switch {
	case strings.Contains(s, "%"):
		return fmt.Errorf("copy %q contains a percent sign", s)
	case !allowCounted && fraction.MatchString(s):
		return fmt.Errorf("copy %q contains a digit fraction", s)
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
