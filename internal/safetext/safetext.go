// Package safetext makes text an implementation, a registry or a database wrote safe to
// print: in a terminal, a CI log, a Markdown summary. Control characters (terminal escapes:
// clipboard, title, clearing the screen) and Unicode's invisible direction overrides are
// shown as escapes, and no line can start a CI workflow command (GitHub's ::add-mask::,
// ::stop-commands::, a forged ::error). conform prints such text as data, never as
// instructions to whatever reads its output.
//
// Its rule: every surface that prints text conform did not write passes it through Text or
// Line, and in Markdown through Cell or Code.
package safetext

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text is s safe to print, newlines and tabs kept.
func Text(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if t := strings.TrimLeft(line, " \t"); strings.HasPrefix(t, "::") || strings.HasPrefix(t, "##[") {
			b.WriteString("› ") // the line is not at the start any more: no workflow command
		}
		writeEscaped(&b, line)
	}
	return b.String()
}

// Line is s safe to print on one line: newlines shown as \n.
func Line(s string) string {
	return Text(strings.ReplaceAll(strings.ReplaceAll(s, "\r", `\r`), "\n", `\n`))
}

// Cell is s as plain text in a Markdown table cell (or a line of Markdown): one line, its
// pipes escaped, and no markup that loads or links: "<", ">" and "&" as entities and
// brackets escaped, so an image, a link or a tag an implementation wrote shows as text.
func Cell(s string) string {
	return cellMarkup.Replace(Line(s))
}

var cellMarkup = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "[", `\[`, "]", `\]`, "`", "'")

// Code is s inside a Markdown code span (between backticks) in a table: one line, its pipes
// escaped, and no backtick to end the span early. Inside a code span no markup is read.
func Code(s string) string {
	return codeMarkup.Replace(Line(s))
}

var codeMarkup = strings.NewReplacer("|", `\|`, "`", "'")

// Cap keeps at most n bytes of s (whole runes), saying how much was cut.
func Cap(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			if c >= 0x80 {
				continue // checked rune by rune below
			}
			return false
		}
	}
	for _, r := range s {
		if unsafeRune(r) {
			return false
		}
	}
	return !strings.Contains(s, "::") && !strings.Contains(s, "##[")
}

func unsafeRune(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f || r == utf8.RuneError ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f
}

func writeEscaped(b *strings.Builder, s string) {
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case unsafeRune(r) && r < 0x100:
			fmt.Fprintf(b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
}
