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
	case len(r.Scenarios) == 0:
		return "UNCOVERED"
	}
	if len(r.Scenarios) == 1 {
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", len(r.Scenarios))
}

func writeText(w io.Writer, m Matrix) error {
	for _, r := range m.Rows {
		fmt.Fprintf(w, "%-8s %-15s %s\n", r.ID, status(r), r.Text)
		if !r.Executable {
			fmt.Fprintf(w, "         reason: %s\n", r.Reason)
		}
		for _, s := range r.Scenarios {
			fmt.Fprintf(w, "         - %s\n", s)
		}
	}
	return writeGaps(w, m, "")
}

func writeGaps(w io.Writer, m Matrix, bullet string) error {
	if len(m.Uncovered) > 0 {
		fmt.Fprintf(w, "\n%suncovered requirements: %s\n", bullet, strings.Join(m.Uncovered, ", "))
	}
	for _, t := range m.UnknownTags {
		fmt.Fprintf(w, "%sunknown tag %s\n", bullet, t)
	}
	for _, s := range m.Untagged {
		fmt.Fprintf(w, "%sscenario covers no requirement: %s\n", bullet, s)
	}
	covered := 0
	for _, r := range m.Rows {
		if len(r.Scenarios) > 0 {
			covered++
		}
	}
	_, err := fmt.Fprintf(w, "\n%d requirements: %d covered, %d not executable here, %d uncovered\n",
		len(m.Rows), covered, countNotExecutable(m), len(m.Uncovered))
	return err
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
		if !r.Executable {
			cover = "_" + r.Reason + "_"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.ID, status(r), r.Text, strings.ReplaceAll(cover, "|", "\\|"))
	}
	return writeGaps(w, m, "- ")
}
