package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/record"
)

// Status of a scenario.
const (
	Passed  = "passed"
	Failed  = "failed"
	Skipped = "skipped" // not run, or failing as a known gap says (SkipReason)
	Pending = "pending" // failing, and newer than the release --pending-since names
)

// Scenario is one executed scenario (one row of an outline).
type Scenario struct {
	Feature    string
	URI        string
	Name       string
	Line       int
	Tags       []string
	Status     string
	SkipReason string // the known gap or pending entry it fell under: its reason (and ticket)
	FailedStep string
	Error      string
	Run        string // JSON of the run the failed step was about
	Resolution string // JSON of what the implementation resolved
	ShellHTML  string // the shell hint the operator would see
	// Problems are what the failure broke (finding.Problem), each rule once per check.
	Problems []finding.Problem
	// Checks are the verdicts of the checks it ran: its vectors, its sweep property, or
	// itself.
	Checks   []finding.Check
	Duration time.Duration
}

// Expected and Actual are the wanted and observed values of a failed check: its first
// problem's, or as read from the assertion ("label: got "X", want "Y"").
func (s Scenario) Expected() string {
	if len(s.Problems) > 0 {
		return s.Problems[0].Want
	}
	return s.gotWant(2)
}

// Actual is the observed value of a failed assertion.
func (s Scenario) Actual() string {
	if len(s.Problems) > 0 {
		return s.Problems[0].Got
	}
	return s.gotWant(1)
}

var gotWant = regexp.MustCompile(`got ("(?:[^"\\]|\\.)*"|[^\s,]+).*?want ("(?:[^"\\]|\\.)*"|[^\s,()]+)`)

func (s Scenario) gotWant(i int) string {
	m := gotWant.FindStringSubmatch(s.Error)
	if m == nil {
		return ""
	}
	return strings.Trim(m[i], `"`)
}

// Feature groups scenarios by file.
type Feature struct {
	URI       string
	Name      string
	Scenarios []Scenario
}

// SuiteRun is one run of the suite (the features against an implementation) as its cucumber
// JSON saved it.
type SuiteRun struct {
	Features []Feature
	// Sweep says how the differential sweep ran ("5000 cases, seed 42"), "" when it did not:
	// every report states the seed, so a failure can be replayed.
	Sweep string
	// Implementation, Lane and Store say what ran, for the summaries.
	Implementation, Lane, Store string
	// FeatureDir is where the feature files are, relative to the repository, for annotations
	// that point at a line ("features" by default).
	FeatureDir string
	// Command is the implementation's command (--impl), for the replay commands; AppFile is a
	// file of the application's repository findings are annotated at ("" for none).
	Command, AppFile string
	// Info is what the run said of itself (nil for a run saved before conform recorded it).
	Info *record.RunInfo
	// Against is the saved run this one is told against (--against); GateNew makes only the
	// new failures against it count (--gate new).
	Against *record.Record
	GateNew bool
}

// Diff is what changed against Against, nil without it.
func (r SuiteRun) Diff() *record.Diff {
	if r.Against == nil {
		return nil
	}
	d := record.Compare(*r.Against, r.Record())
	return &d
}

// Findings are the run's failures grouped by root cause, the one to fix first first.
func (r SuiteRun) Findings() []finding.Finding {
	var ps []finding.Problem
	for _, s := range r.Failures() {
		if len(s.Problems) > 0 {
			ps = append(ps, s.Problems...)
			continue
		}
		ps = append(ps, finding.Problem{Rule: "scenario: " + s.Name, Stage: finding.Scenario, Check: s.URI + ": " + s.Name,
			Got: finding.Line(s.Error, 300), Input: s.Run})
	}
	return finding.Group(ps)
}

// Counts of a run.
func (r SuiteRun) Counts() (passed, failed, skipped int) {
	for _, f := range r.Features {
		for _, s := range f.Scenarios {
			switch s.Status {
			case Passed:
				passed++
			case Failed:
				failed++
			case Pending:
				// counted by Pending, not here
			default:
				skipped++
			}
		}
	}
	return
}

// Checks are the verdicts of every check of the run, each once.
func (r SuiteRun) Checks() []finding.Check {
	var out []finding.Check
	seen := map[string]bool{}
	for _, f := range r.Features {
		for _, s := range f.Scenarios {
			for _, c := range s.Checks {
				if !seen[c.ID] {
					seen[c.ID] = true
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// Gaps are the known gaps of the run and what became of each (record.Gaps).
func (r SuiteRun) Gaps() []record.GapStatus {
	var expired []finding.GapRef
	if r.Info != nil {
		expired = r.Info.Expired
	}
	return record.Gaps(r.Checks(), expired)
}

// GapFailures are the gaps that fail the run, one line each.
func (r SuiteRun) GapFailures() []string {
	var out []string
	for _, g := range r.Gaps() {
		if line := g.Failure(); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Record is the run kept as a record.
func (r SuiteRun) Record() record.Record {
	info := record.RunInfo{}
	if r.Info != nil {
		info = *r.Info
	}
	return record.New(info, r.Checks(), r.Findings())
}

// PendingCount counts the scenarios that fail but are newer than --pending-since.
func (r SuiteRun) PendingCount() int {
	n := 0
	for _, f := range r.Features {
		for _, s := range f.Scenarios {
			if s.Status == Pending {
				n++
			}
		}
	}
	return n
}

// Failures lists the failed scenarios, in file and line order.
func (r SuiteRun) Failures() []Scenario {
	var out []Scenario
	for _, f := range r.Features {
		for _, s := range f.Scenarios {
			if s.Status == Failed {
				out = append(out, s)
			}
		}
	}
	return out
}

type cukeFeature struct {
	URI      string        `json:"uri"`
	Name     string        `json:"name"`
	Elements []cukeElement `json:"elements"`
}

type cukeElement struct {
	Name string    `json:"name"`
	Line int       `json:"line"`
	Type string    `json:"type"`
	Tags []cukeTag `json:"tags"`
	Step []struct {
		Keyword string `json:"keyword"`
		Name    string `json:"name"`
		Result  struct {
			Status   string `json:"status"`
			Error    string `json:"error_message"`
			Duration int64  `json:"duration"`
		} `json:"result"`
		Embeddings []struct {
			Name     string `json:"name"`
			MimeType string `json:"mime_type"`
			Data     string `json:"data"`
		} `json:"embeddings"`
	} `json:"steps"`
}

type cukeTag struct {
	Name string `json:"name"`
}

// ParseCucumber reads godog's cucumber JSON, with what conform attached: the verdicts of each
// scenario's checks (a failed scenario a known gap covers is reported as skipped, with the
// gap's reason; one newer than --pending-since as pending) and what the run said of itself.
func ParseCucumber(data []byte) (SuiteRun, error) {
	var dup *jsonvalue.DuplicateKeyError
	if _, err := jsonvalue.ParseUnique(data); errors.As(err, &dup) {
		return SuiteRun{}, fmt.Errorf("not a cucumber JSON report: line %d: duplicate key %q", 1+bytes.Count(data[:dup.Offset], []byte("\n")), dup.Key)
	}
	var feats []cukeFeature
	if err := json.Unmarshal(data, &feats); err != nil {
		return SuiteRun{}, fmt.Errorf("not a cucumber JSON report: %w", err)
	}
	var run SuiteRun
	for _, cf := range feats {
		f := Feature{URI: cf.URI, Name: cf.Name}
		for _, e := range cf.Elements {
			if e.Type == "background" {
				continue
			}
			s := Scenario{Feature: cf.Name, URI: cf.URI, Name: e.Name, Line: e.Line, Status: Passed}
			for _, t := range e.Tags {
				s.Tags = append(s.Tags, strings.TrimPrefix(t.Name, "@"))
			}
			sort.Strings(s.Tags)
			allSkipped := len(e.Step) > 0
			for _, st := range e.Step {
				s.Duration += time.Duration(st.Result.Duration)
				switch st.Result.Status {
				case "passed":
					allSkipped = false
				case "skipped":
				default: // failed, undefined, pending, ambiguous
					allSkipped = false
					if s.Status != Failed {
						s.Status = Failed
						s.FailedStep = strings.TrimSpace(st.Keyword) + " " + st.Name
						s.Error = st.Result.Error
						if s.Error == "" {
							s.Error = "step is " + st.Result.Status
						}
					}
				}
				for _, emb := range st.Embeddings {
					body, err := base64.StdEncoding.DecodeString(emb.Data)
					if err != nil {
						body = []byte(emb.Data)
					}
					switch emb.Name {
					case finding.AttachRun:
						s.Run = string(body)
					case finding.AttachResolution:
						s.Resolution = string(body)
					case finding.AttachShell:
						s.ShellHTML = string(body)
					case finding.AttachProblems:
						var ps []finding.Problem
						if json.Unmarshal(body, &ps) == nil {
							s.Problems = append(s.Problems, ps...)
						}
					case finding.AttachChecks:
						var cs []finding.Check
						if json.Unmarshal(body, &cs) == nil {
							s.Checks = append(s.Checks, cs...)
						}
					case finding.AttachRunInfo:
						var info record.RunInfo
						if run.Info == nil && json.Unmarshal(body, &info) == nil {
							run.Info = &info
						}
					}
				}
			}
			if allSkipped {
				s.Status = Skipped
			}
			if c := s.Own(); c != nil && s.Status == Failed && c.Gap != nil {
				switch c.Verdict {
				case finding.Known:
					s.Status, s.SkipReason = Skipped, gapText(c.Gap)
				case finding.Pending:
					s.Status, s.SkipReason = Pending, gapText(c.Gap)
				}
			}
			f.Scenarios = append(f.Scenarios, s)
		}
		run.Features = append(run.Features, f)
	}
	return run, nil
}

// Own is the scenario's verdict as a check of its own (nil for a vector or sweep scenario,
// whose checks are its vectors or its property, and for a run saved without verdicts).
func (s Scenario) Own() *finding.Check {
	for i := range s.Checks {
		if s.Checks[i].Kind == finding.KindScenario {
			return &s.Checks[i]
		}
	}
	return nil
}

// gapText is a gap's reason and ticket.
func gapText(g *finding.GapRef) string {
	if g.Ticket != "" {
		return g.Reason + ", " + g.Ticket
	}
	return g.Reason
}

// lanes are tags that name a lane, not a requirement.
var lanes = func() map[string]bool {
	c, err := matrix.ParseCatalogue("features/requirements.yaml", features.Requirements)
	if err != nil {
		panic("report: the embedded requirements file: " + err.Error()) // a build defect, caught by every test
	}
	m := map[string]bool{}
	for _, t := range c.Tags {
		m[t] = true
	}
	return m
}()

// Requirements are a scenario's requirement IDs (its tags that are not lane tags).
func (s Scenario) Requirements() []string {
	var ids []string
	for _, t := range s.Tags {
		if !lanes[t] {
			ids = append(ids, t)
		}
	}
	return ids
}

// Lane is the scenario's lane tag.
func (s Scenario) Lane() string {
	for _, t := range s.Tags {
		if t == "fast-feedback" || t == "confidence" {
			return t
		}
	}
	return ""
}
