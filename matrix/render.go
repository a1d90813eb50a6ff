package matrix

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats of the matrix.
var Formats = []string{"text", "markdown", "json"}

// Write renders the matrix in one of Formats.
func Write(w io.Writer, m Matrix, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	case "markdown":
		return writeMarkdown(w, m)
	case "text", "":
		return writeText(w, m)
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats, ", "))
}

func status(r Row) string {
	switch {
	case !r.Executable:
		return "not executable"
	case !r.Covered && len(r.Clauses) > 0:
		return "PARTLY COVERED"
	case !r.Covered:
		return "UNCOVERED"
	case len(r.Clauses) > 0:
		return fmt.Sprintf("%d clauses", len(r.Clauses))
	}
	if len(r.Scenarios) == 1 {
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", len(r.Scenarios))
}

func clauseStatus(c ClauseRow) string {
	switch {
	case !c.Executable:
		return "not executable"
	case len(c.Scenarios) == 0:
		return "UNCOVERED"
	case len(c.Scenarios) == 1:
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", len(c.Scenarios))
}

func writeText(w io.Writer, m Matrix) error {
	for _, r := range m.Rows {
		fmt.Fprintf(w, "%-8s %-15s %s\n", r.ID, status(r), r.Text)
		if len(r.Clauses) == 0 && !r.Executable {
			fmt.Fprintf(w, "         reason: %s\n", r.Reason)
		}
		if len(r.Clauses) == 0 {
			for _, s := range r.Scenarios {
				fmt.Fprintf(w, "         - %s\n", s)
			}
		}
		for _, c := range r.Clauses {
			fmt.Fprintf(w, "  %-10s %-15s %s\n", c.ID, clauseStatus(c), c.Text)
			if !c.Executable {
				fmt.Fprintf(w, "             reason: %s\n", c.Reason)
			}
			for _, s := range c.Scenarios {
				fmt.Fprintf(w, "             - %s\n", s)
			}
		}
	}
	return writeGaps(w, m, "")
}

func writeGaps(w io.Writer, m Matrix, bullet string) error {
	if len(m.Uncovered) > 0 {
		fmt.Fprintf(w, "\n%suncovered requirements and clauses: %s\n", bullet, strings.Join(m.Uncovered, ", "))
	}
	for _, t := range m.UnknownTags {
		fmt.Fprintf(w, "%sunknown tag %s\n", bullet, t)
	}
	for _, s := range m.Untagged {
		fmt.Fprintf(w, "%sscenario covers no requirement: %s\n", bullet, s)
	}
	covered, partly, clauses := 0, 0, 0
	for _, r := range m.Rows {
		clauses += len(r.Clauses)
		switch {
		case r.Covered && r.Executable:
			covered++
		case !r.Covered && len(r.Clauses) > 0:
			partly++
		}
	}
	uncovered := len(m.Rows) - covered - partly - countNotExecutable(m)
	_, err := fmt.Fprintf(w, "\n%d requirements (%d of them in %d clauses): %d covered, %d partly covered, %d not executable here, %d uncovered\n",
		len(m.Rows), countWithClauses(m), clauses, covered, partly, countNotExecutable(m), uncovered)
	return err
}

func countWithClauses(m Matrix) int {
	n := 0
	for _, r := range m.Rows {
		if len(r.Clauses) > 0 {
			n++
		}
	}
	return n
}

func countNotExecutable(m Matrix) int {
	n := 0
	for _, r := range m.Rows {
		if !r.Executable {
			n++
		}
	}
	return n
}

func writeMarkdown(w io.Writer, m Matrix) error {
	fmt.Fprintln(w, "| Requirement | Status | Text | Covered by |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, r := range m.Rows {
		cover := strings.Join(r.Scenarios, "<br>")
		if len(r.Clauses) == 0 && !r.Executable {
			cover = "_" + r.Reason + "_"
		}
		if len(r.Clauses) > 0 {
			cover = ""
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.ID, status(r), r.Text, strings.ReplaceAll(cover, "|", "\\|"))
		for _, c := range r.Clauses {
			cc := strings.Join(c.Scenarios, "<br>")
			if !c.Executable {
				cc = "_" + c.Reason + "_"
			}
			fmt.Fprintf(w, "| &nbsp;&nbsp;%s | %s | %s | %s |\n", c.ID, clauseStatus(c), c.Text, strings.ReplaceAll(cc, "|", "\\|"))
		}
	}
	return writeGaps(w, m, "- ")
}
