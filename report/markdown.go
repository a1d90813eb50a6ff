package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/conform-dev/conform/matrix"
)

// WriteMarkdown writes the short summary CI step summaries show: counts, failed scenarios with
// their requirement IDs, known gaps, and the matrix gaps.
func WriteMarkdown(w io.Writer, run Run, m *matrix.Matrix) error {
	passed, failed, skipped := run.Counts()
	verdict := "conforms"
	if failed > 0 {
		verdict = "does not conform"
	}
	fmt.Fprintf(w, "## conform: %s\n\n", verdict)
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n\n", passed, failed, skipped)
	if run.Sweep != "" {
		fmt.Fprintf(w, "Differential sweep: %s (replay a failure with `--seed`).\n\n", run.Sweep)
	}
	if failed > 0 {
		fmt.Fprint(w, "### Failed scenarios\n\n")
		fmt.Fprintln(w, "| Scenario | Requirements | Failed step |")
		fmt.Fprintln(w, "| --- | --- | --- |")
		for _, s := range run.Failures() {
			fmt.Fprintf(w, "| %s (`%s:%d`) | %s | %s |\n", cell(s.Name), s.URI, s.Line, strings.Join(s.Requirements(), ", "), cell(s.FailedStep))
		}
		fmt.Fprintln(w)
	}
	var gaps []string
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.SkipReason != "" {
				gaps = append(gaps, fmt.Sprintf("- %s: %s", s.Name, s.SkipReason))
			}
		}
	}
	if len(gaps) > 0 {
		fmt.Fprintf(w, "### Known gaps\n\n%s\n\n", strings.Join(gaps, "\n"))
	}
	if m != nil {
		if m.OK() {
			fmt.Fprintln(w, "Traceability: every requirement is covered.")
		} else {
			fmt.Fprint(w, "### Traceability gaps\n\n")
			for _, id := range m.Uncovered {
				fmt.Fprintf(w, "- %s is covered by no scenario\n", id)
			}
			for _, t := range m.UnknownTags {
				fmt.Fprintf(w, "- unknown tag %s\n", t)
			}
			for _, s := range m.Untagged {
				fmt.Fprintf(w, "- %s covers no requirement\n", s)
			}
		}
	}
	return nil
}

func cell(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ") }
