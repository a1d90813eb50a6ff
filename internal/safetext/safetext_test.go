package safetext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHostileTextIsData(t *testing.T) {
	for in, want := range map[string]string{
		"plain label":                       "plain label",
		"Prüfung läuft – 比較中 ✓":             "Prüfung läuft – 比較中 ✓",
		"\x1b]52;c;ZWNobyBoaQ==\x07":        `\x1b]52;c;ZWNobyBoaQ==\x07`,
		"title\x1b]0;owned\x07":             `title\x1b]0;owned\x07`,
		"::add-mask::secret":                "› ::add-mask::secret",
		"ok\n  ::stop-commands::x\nfine":    "ok\n›   ::stop-commands::x\nfine",
		"::error file=a::forged":            "› ::error file=a::forged",
		"##[error]forged":                   "› ##[error]forged",
		"a\u202eevil":                       `a\u202eevil`,
		"bell\x07 and csi \u009b31m":        `bell\x07 and csi \x9b31m`,
		"key::value in the middle stays":    "key::value in the middle stays",
		"tab\tand newline\nstay":            "tab\tand newline\nstay",
		string([]byte{'b', 'a', 'd', 0xff}): `bad\ufffd`,
	} {
		assert.Equal(t, want, Text(in), "%q", in)
	}
	assert.Equal(t, `one\ntwo\r`, Line("one\ntwo\r"))
	assert.NotContains(t, Line("x\n::error::y"), "\n")
}

func TestCap(t *testing.T) {
	assert.Equal(t, "short", Cap("short", 10))
	got := Cap(strings.Repeat("é", 10), 5)
	assert.True(t, strings.HasPrefix(got, "éé"), got)
	assert.Contains(t, got, "more bytes)")
}

// TestMarkdownCellsAreText: what an implementation wrote, in a Markdown cell, loads nothing,
// links nowhere and ends no cell, span or line; in a code span it ends no span.
func TestMarkdownCellsAreText(t *testing.T) {
	for in, want := range map[string]string{
		"Comparing with the baseline":         "Comparing with the baseline",
		`<img src="https://x.example/t.png">`: `&lt;img src="https://x.example/t.png"&gt;`,
		"[click](https://x.example)":          `\[click\](https://x.example)`,
		"a | b":                               `a \| b`,
		"R&D":                                 "R&amp;D",
		"`code` end":                          "'code' end",
		"two\nlines ::error::x":               `two\nlines ::error::x`,
	} {
		assert.Equal(t, want, Cell(in), "%q", in)
	}
	for in, want := range map[string]string{
		"<b>bold</b>":  "<b>bold</b>", // a code span reads no markup
		"a`b | c":      `a'b \| c`,
		"x\n::error::": `x\n::error::`,
	} {
		assert.Equal(t, want, Code(in), "%q", in)
	}
}
