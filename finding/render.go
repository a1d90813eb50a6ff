package finding

import (
	"fmt"
	"io"
	"strings"

	"github.com/conform-dev/conform/internal/safetext"
)

// Replay is the whole command that replays a problem: conform run with the implementation's
// command (shell-quoted) and the problem's flags.
func Replay(impl string, p Problem) string {
	if p.Replay == "" {
		return ""
	}
	cmd := "conform run"
	if impl != "" {
		cmd += " --impl " + Quote(impl)
	}
	return cmd + " " + p.Replay
}

// Quote quotes a word for a POSIX shell, unless it needs none.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// WriteText writes findings as the console shows them: the first is the one to fix.
func WriteText(w io.Writer, fs []Finding, impl string) error {
	if len(fs) == 0 {
		return nil
	}
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	fmt.Fprintf(w, "\n%d %s, by root cause (fix the first first: the others may follow from it):\n", len(fs), noun)
	for i, f := range fs {
		fmt.Fprintf(w, "\n%d. %s: %s\n", i+1, safetext.Line(f.Rule), safetext.Line(checks(f)))
		fmt.Fprintf(w, "   rule:   %s\n", f.Section)
		writeExample(w, "   ", f.Example, impl)
	}
	return nil
}

// checks says how many checks a finding failed, and the first ones.
func checks(f Finding) string {
	n := len(f.Checks)
	first := f.Checks
	if len(first) > 3 {
		first = first[:3]
	}
	s := fmt.Sprintf("%d failed %s at the %s stage", n, plural(n, "check", "checks"), f.Stage)
	if n > 0 {
		s += " (" + strings.Join(first, "; ")
		if n > len(first) {
			s += fmt.Sprintf("; and %d more", n-len(first))
		}
		s += ")"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func writeExample(w io.Writer, indent string, p Problem, impl string) {
	if p.Input != "" {
		fmt.Fprintf(w, "%sinput:  %s\n", indent, safetext.Line(Line(p.Input, 400)))
	}
	if p.Got != "" || p.Want != "" {
		fmt.Fprintf(w, "%sgot:    %s\n%swant:   %s\n", indent, safetext.Line(Line(p.Got, 300)), indent, safetext.Line(Line(p.Want, 300)))
	}
	if r := Replay(impl, p); r != "" {
		fmt.Fprintf(w, "%sreplay: %s\n", indent, safetext.Line(r))
	}
	if p.Stage == Protocol && p.Detail != "" {
		// What was sent, what came back and what the program said on stderr.
		lines := strings.Split(strings.TrimSpace(p.Detail), "\n")
		if len(lines) > 16 {
			lines = append(lines[:16], fmt.Sprintf("... (%d more lines)", len(lines)-16))
		}
		fmt.Fprintf(w, "%sdetail: %s\n", indent, safetext.Text(strings.Join(lines, "\n"+indent+"        ")))
	}
}
