package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/record"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name       string        `xml:"name,attr"`
	Classname  string        `xml:"classname,attr"`
	Time       string        `xml:"time,attr"`
	Properties *junitProps   `xml:"properties,omitempty"`
	Failure    *junitFailure `xml:"failure,omitempty"`
	Skipped    *junitSkipped `xml:"skipped,omitempty"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// WriteJUnit writes JUnit XML: one testsuite per feature, one testcase per scenario (outline
// rows numbered), failures with the failing step and message, known gaps as <skipped> with
// their reason, and every requirement tag as a property (name "requirement") plus the lane.
func WriteJUnit(w io.Writer, run SuiteRun) error {
	out := junitSuites{Name: "conform"}
	var total float64
	for _, f := range run.Features {
		suite := junitSuite{Name: f.Name}
		var st float64
		seen := map[string]int{}
		for _, s := range f.Scenarios {
			seen[s.Name]++
		}
		n := map[string]int{}
		for _, s := range f.Scenarios {
			name := s.Name
			if seen[s.Name] > 1 {
				n[s.Name]++
				name = fmt.Sprintf("%s #%d", s.Name, n[s.Name])
			}
			sec := s.Duration.Seconds()
			st += sec
			c := junitCase{Name: name, Classname: f.URI, Time: fmt.Sprintf("%.6f", sec)}
			var props []junitProp
			for _, id := range s.Requirements() {
				props = append(props, junitProp{Name: "requirement", Value: id})
			}
			if lane := s.Lane(); lane != "" {
				props = append(props, junitProp{Name: "lane", Value: lane})
			}
			for _, rule := range problemRules(s.Problems) {
				props = append(props, junitProp{Name: "finding", Value: safetext.Line(rule)})
			}
			if run.Sweep != "" && slices.Contains(s.Tags, "sweep") {
				props = append(props, junitProp{Name: "sweep", Value: run.Sweep})
			}
			if len(props) > 0 {
				c.Properties = &junitProps{Props: props}
			}
			suite.Tests++
			switch s.Status {
			case Failed:
				suite.Failures++
				c.Failure = &junitFailure{Type: "failed", Message: s.FailedStep, Body: s.Error}
			case Skipped:
				suite.Skipped++
				c.Skipped = &junitSkipped{Message: s.SkipReason}
			case Pending:
				// Failing, and newer than --pending-since: shown, not counted against the run.
				suite.Skipped++
				c.Skipped = &junitSkipped{Message: "pending: " + s.SkipReason}
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Time = fmt.Sprintf("%.6f", st)
		total += st
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Skipped += suite.Skipped
		out.Suites = append(out.Suites, suite)
	}
	// A stale or expired gap fails the run: it is a failed test case of its own.
	if fails := run.GapFailures(); len(fails) > 0 {
		suite := junitSuite{Name: "known gaps", Time: "0"}
		for _, g := range run.Gaps() {
			if g.Status != record.GapStale && g.Status != record.GapExpired {
				continue
			}
			suite.Tests++
			suite.Failures++
			suite.Cases = append(suite.Cases, junitCase{Name: safetext.Line(g.Gap.Check), Classname: safetext.Line(g.Gap.Source), Time: "0",
				Failure: &junitFailure{Type: g.Status, Message: safetext.Line(g.Failure())}})
		}
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}
	out.Time = fmt.Sprintf("%.6f", total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// problemRules are the rules a scenario's failure broke, each once.
func problemRules(ps []finding.Problem) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(out, p.Rule) {
			out = append(out, p.Rule)
		}
	}
	return out
}
