package report

import (
	"fmt"
	"io"
	"path"
	"regexp"
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
	var what []string
	for _, kv := range [][2]string{{"Implementation", run.Implementation}, {"Lane", run.Lane}, {"Store", run.Store}} {
		if kv[1] != "" {
			what = append(what, kv[0]+": "+kv[1])
		}
	}
	if run.Sweep != "" {
		what = append(what, "Differential sweep: "+run.Sweep+" (replay a failure with `--seed`)")
	}
	if len(what) > 0 {
		fmt.Fprintf(w, "%s\n\n", strings.Join(what, " · "))
	}
	if failed > 0 {
		fmt.Fprint(w, "### Failed scenarios\n\n")
		fmt.Fprintln(w, "| Scenario | Requirements | Failed step |")
		fmt.Fprintln(w, "| --- | --- | --- |")
		for _, s := range run.Failures() {
			fmt.Fprintf(w, "| %s (`%s:%d`) | %s | %s |\n", cell(s.Name), s.URI, s.Line, strings.Join(s.Requirements(), ", "), cell(s.FailedStep))
		}
		fmt.Fprintln(w)
		fmt.Fprint(w, "### What came, what was wanted\n\n")
		for _, s := range run.Failures() {
			msg := capLines(s.Error, 40)
			fence := strings.Repeat("`", max(3, longestRun(msg, '`')+1)) // no message can close it early
			fmt.Fprintf(w, "**%s** (`%s:%d`)\n\n%s\n%s\n%s\n\n", cell(s.Name), s.URI, s.Line, fence, msg, fence)
		}
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

// capLines keeps the first n lines of a failure message.
func capLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines in the JUnit and HTML reports)", len(lines)-n)
}

// WriteGitHub writes one GitHub Actions ::error annotation per failed scenario, pointing at
// its feature file and line, so the failure shows on the pull request's diff and summary.
func WriteGitHub(w io.Writer, run Run) error {
	dir := run.FeatureDir
	if dir == "" {
		dir = "features"
	}
	for _, s := range run.Failures() {
		// A failed vector is annotated at its own file, as well as at the scenario.
		for _, m := range vectorFile.FindAllStringSubmatch(s.Error, -1) {
			if _, err := fmt.Fprintf(w, "::error file=%s,line=1,title=%s::%s\n", ghProperty("fixtures/runs/"+m[1]),
				ghProperty("conform: vector "+strings.TrimSuffix(m[1], ".yaml")), ghData(m[2])); err != nil {
				return err
			}
		}
		msg := s.FailedStep
		if first := strings.SplitN(strings.TrimSpace(s.Error), "\n", 2)[0]; first != "" {
			msg += ": " + first
		}
		if _, err := fmt.Fprintf(w, "::error file=%s,line=%d,title=%s::%s\n", ghProperty(path.Join(dir, s.URI)), s.Line,
			ghProperty("conform: "+s.Name), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// vectorFile finds the failed vectors in a vector scenario's message: "phased/x.yaml: reason".
var vectorFile = regexp.MustCompile(`(?m)^([a-z]+/[a-z0-9-]+\.yaml): (.*)$`)

// ghData escapes a workflow command's message; ghProperty also its parameters.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// longestRun is the longest run of c in s.
func longestRun(s string, c byte) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}
