package report

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
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
			what = append(what, kv[0]+": "+cell(kv[1]))
		}
	}
	if run.Sweep != "" {
		what = append(what, "Differential sweep: "+run.Sweep+" (replay a failure with `--seed`)")
	}
	if len(what) > 0 {
		fmt.Fprintf(w, "%s\n\n", strings.Join(what, " · "))
	}
	if fs := run.Findings(); len(fs) > 0 {
		writeFindingsMarkdown(w, fs, run.Command)
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
			msg := safetext.Text(capLines(s.Error, 40))
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

// writeFindingsMarkdown leads a summary with the findings: a table, then each one's rule,
// input, got and want, and replay command.
func writeFindingsMarkdown(w io.Writer, fs []finding.Finding, impl string) {
	fmt.Fprint(w, "### Findings (fix the first first)\n\n")
	fmt.Fprintln(w, "| # | Rule | Failed checks | Stage | Got | Want |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- |")
	for i, f := range fs {
		fmt.Fprintf(w, "| %d | [%s](%s) | %d | %s | %s | %s |\n", i+1, cell(f.Rule), f.Section.Link(), len(f.Checks), f.Stage,
			cell(finding.Line(f.Example.Got, 120)), cell(finding.Line(f.Example.Want, 120)))
	}
	fmt.Fprintln(w)
	for i, f := range fs {
		var b strings.Builder
		fmt.Fprintf(&b, "rule:   %s\n", f.Section)
		if f.Example.Input != "" {
			fmt.Fprintf(&b, "input:  %s\n", finding.Line(f.Example.Input, 600))
		}
		fmt.Fprintf(&b, "got:    %s\nwant:   %s\n", finding.Line(f.Example.Got, 400), finding.Line(f.Example.Want, 400))
		if r := finding.Replay(impl, f.Example); r != "" {
			fmt.Fprintf(&b, "replay: %s\n", r)
		}
		msg := safetext.Text(b.String())
		fence := strings.Repeat("`", max(3, longestRun(msg, '`')+1))
		fmt.Fprintf(w, "**%d. %s** (%d failed checks: %s)\n\n%s\n%s%s\n\n", i+1, cell(f.Rule), len(f.Checks), cell(strings.Join(first(f.Checks, 3), "; ")), fence, msg, fence)
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func cell(s string) string {
	return strings.ReplaceAll(safetext.Line(strings.ReplaceAll(s, "\n", " ")), "|", "\\|")
}

// capLines keeps the first n lines of a failure message.
func capLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... (%d more lines in the JUnit and HTML reports)", len(lines)-n)
}

// WriteGitHub writes one GitHub Actions ::error annotation per finding (GitHub shows ten of
// a kind per step: the findings come first), carrying its rule, input, got, want and replay,
// on a file of the application when one is known (its adapter's script or registry),
// otherwise on the job. With FeatureDir set (conform's own repository, where the features
// are files), each failed scenario is annotated at its line too.
func WriteGitHub(w io.Writer, run Run) error {
	for _, f := range run.Findings() {
		var b strings.Builder
		fmt.Fprintf(&b, "%d failed checks; rule: %s\n", len(f.Checks), f.Section)
		if f.Example.Input != "" {
			fmt.Fprintf(&b, "input: %s\n", finding.Line(f.Example.Input, 400))
		}
		fmt.Fprintf(&b, "got:  %s\nwant: %s", finding.Line(f.Example.Got, 300), finding.Line(f.Example.Want, 300))
		if r := finding.Replay(run.Command, f.Example); r != "" {
			fmt.Fprintf(&b, "\nreplay: %s", r)
		}
		where := ""
		if run.AppFile != "" {
			where = "file=" + ghProperty(run.AppFile) + ",line=1,"
		}
		if _, err := fmt.Fprintf(w, "::error %stitle=%s::%s\n", where, ghProperty(safetext.Line("conform: "+f.Rule)), ghData(safetext.Text(b.String()))); err != nil {
			return err
		}
	}
	if run.FeatureDir == "" {
		return nil
	}
	dir := run.FeatureDir
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
			ghProperty(safetext.Line("conform: "+s.Name)), ghData(safetext.Text(msg))); err != nil {
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
