package report

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/record"
)

// WriteMarkdown writes the short summary CI step summaries show: counts, failed scenarios with
// their requirement IDs, known gaps, and the matrix gaps.
func WriteMarkdown(w io.Writer, run SuiteRun, m *matrix.Matrix) error {
	passed, failed, skipped := run.Counts()
	verdict := "conforms"
	if failed > 0 || len(run.GapFailures()) > 0 {
		verdict = "does not conform"
	}
	d := run.Diff()
	if d != nil && run.GateNew {
		// Gated on what the change did: the verdict is about new failures.
		verdict = "no new failures"
		if n := len(d.NewFailures()); n > 0 {
			verdict = fmt.Sprintf("%d new failures", n)
		} else if len(run.GapFailures()) > 0 {
			verdict = "a known gap fails the run"
		}
	}
	fmt.Fprintf(w, "## conform: %s\n\n", verdict)
	counts := fmt.Sprintf("%d passed, %d failed, %d skipped", passed, failed, skipped)
	if p := run.PendingCount(); p > 0 {
		counts += fmt.Sprintf(", %d pending", p)
	}
	fmt.Fprintf(w, "%s\n\n", counts)
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
	if d != nil {
		if err := d.WriteMarkdown(w); err != nil {
			return err
		}
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
	writeGapsMarkdown(w, run)
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

// cell is text conform did not write, on one line of a Markdown table or list; code is the
// same inside a code span.
func cell(s string) string { return safetext.Cell(strings.ReplaceAll(s, "\n", " ")) }

func code(s string) string { return safetext.Code(strings.ReplaceAll(s, "\n", " ")) }

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
func WriteGitHub(w io.Writer, run SuiteRun) error {
	// Gated on new failures, only the findings of checks that fail anew are annotated.
	var isNew map[string]bool
	if d := run.Diff(); d != nil && run.GateNew {
		isNew = map[string]bool{}
		for _, c := range d.NewFailures() {
			isNew[c.ID] = true
		}
	}
	for _, f := range run.Findings() {
		if isNew != nil && !slices.ContainsFunc(f.Checks, func(c string) bool { return isNew[c] || isNew[checkOfProblem(run, c)] }) {
			continue
		}
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
	for _, g := range run.Gaps() {
		line := g.Failure()
		if line == "" {
			continue
		}
		where := ""
		if file, n := g.File(); file != "" {
			where = fmt.Sprintf("file=%s,line=%d,", ghProperty(file), n)
		}
		if _, err := fmt.Fprintf(w, "::error %stitle=%s::%s\n", where, ghProperty("conform: "+g.Status+" gap"), ghData(safetext.Line(line))); err != nil {
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

// writeGapsMarkdown writes the known gaps apart, each with its reason, ticket and what became
// of it (a stale or expired gap fails the run), and the pending checks.
func writeGapsMarkdown(w io.Writer, run SuiteRun) {
	if gs := run.Gaps(); len(gs) > 0 {
		fmt.Fprint(w, "### Known gaps\n\n")
		fmt.Fprintln(w, "| Gap | Status | Reason | Ticket | Failing checks |")
		fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
		for _, g := range gs {
			status := g.Status
			switch g.Status {
			case record.GapStale:
				status = "**stale: every check passes, remove it**"
			case record.GapExpired:
				status = "**expired**"
			}
			fmt.Fprintf(w, "| `%s` (%s) | %s | %s | %s | %d of %d |\n", code(g.Gap.Check), cell(g.Gap.Source), status, cell(g.Gap.Reason), cell(g.Gap.Ticket), len(g.Failing), len(g.Checks))
		}
		fmt.Fprintln(w)
		for _, line := range run.GapFailures() {
			fmt.Fprintf(w, "- %s\n", cell(line))
		}
		if len(run.GapFailures()) > 0 {
			fmt.Fprintln(w)
		}
	}
	var pending []string
	for _, c := range run.Checks() {
		if c.Verdict == finding.Pending {
			pending = append(pending, fmt.Sprintf("- `%s` (%s)", code(c.ID), cell(c.Gap.Reason)))
		}
	}
	if len(pending) > 0 {
		since := ""
		if run.Info != nil && run.Info.PendingSince != "" {
			since = " (added after " + run.Info.PendingSince + ")"
		}
		fmt.Fprintf(w, "### Pending checks%s\n\nThey fail and are shown, not counted against the run, until they pass once.\n\n%s\n\n", since, strings.Join(capList(pending, 50), "\n"))
	}
}

// capList keeps the first n lines, saying how many more there are.
func capList(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(lines[:n:n], fmt.Sprintf("- ... and %d more", len(lines)-n))
}

// checkOfProblem maps a problem's check (a vector ID, "file: name" of a scenario, or "sweep:
// property") to the check ID of the run's records (a scenario's ID may carry its row).
func checkOfProblem(run SuiteRun, check string) string {
	for _, c := range run.Checks() {
		if c.ID == check || strings.HasPrefix(c.ID, check+" [") {
			return c.ID
		}
	}
	return check
}
