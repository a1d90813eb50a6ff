package audit

import (
	"encoding/json"
	"fmt"
	"github.com/conform-dev/conform/internal/safetext"
	"io"
	"strings"
)

// Formats of the report.
var Formats = []string{"text", "json", "markdown"}

func ids(xs []int64) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return strings.Join(s, ", ")
}

// Write renders the report.
func Write(w io.Writer, r *Report, format string) error {
	groups := r.Groups()
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if groups == nil {
			groups = []Group{}
		}
		for i := range groups {
			if groups[i].Examples == nil {
				groups[i].Examples = []int64{}
			}
		}
		return enc.Encode(struct {
			Runs       int64   `json:"runs_read"`
			Violations int64   `json:"violations"`
			Findings   []Group `json:"findings"`
		}{r.Runs, r.Violations(), groups})
	case "markdown":
		fmt.Fprintln(w, "| Family | Rule | Severity | Runs | Examples |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
		for _, g := range groups {
			fmt.Fprintf(w, "| %s | %s | %s | %d | %s |\n", mdCode(g.Family), g.Rule, g.Severity, g.Count, ids(g.Examples))
		}
		_, err := fmt.Fprintf(w, "\n%d runs read, %d violations.\n", r.Runs, r.Violations())
		return err
	case "text", "":
		family := ""
		for _, g := range groups {
			if g.Family != family {
				family = g.Family
				fmt.Fprintf(w, "%s\n", safetext.Line(family)) // a type is the database's text
			}
			rule, _ := ruleByID(g.Rule)
			fmt.Fprintf(w, "  %-30s %-9s %8d  %s\n", g.Rule, g.Severity, g.Count, rule.Text)
			fmt.Fprintf(w, "  %-30s %-9s %8s  e.g. runs %s\n", "", "", "", ids(g.Examples))
		}
		_, err := fmt.Fprintf(w, "%d runs read, %d violations\n", r.Runs, r.Violations())
		return err
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats, ", "))
}

// mdCode is a run type as Markdown code: the database's text, escaped, in a fence of its own
// that it cannot close, and no | to end the table cell.
func mdCode(s string) string {
	s = strings.ReplaceAll(safetext.Line(s), "|", "\\|")
	fence := strings.Repeat("`", longestBackticks(s)+1)
	return fence + " " + s + " " + fence
}

func longestBackticks(s string) int {
	best, cur := 0, 0
	for _, r := range s {
		if r == '`' {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}
