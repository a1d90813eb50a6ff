// Package record keeps a run: what ran against what (conform's version, the standard's
// release, the registry, the implementation's name and version, lane, store, seed) and the
// verdict of every check and every requirement, in one small JSON file per run. Records are
// what a team keeps over time and across implementations: conform diff tells what a change
// did between two of them, conform compare draws a grid of many, conform badge publishes one.
//
// Its rule: a record is made from the run alone (its checks as the run judged them), so the
// same saved run always gives the same record.
package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/internal/jsonvalue"
)

// RunInfo is what a run says of itself in its cucumber JSON: what ran against what, where,
// on which seed, and which part of a split run it is.
type RunInfo struct {
	Conform        string   `json:"conform,omitempty"`  // conform's version
	Standard       string   `json:"standard,omitempty"` // the standard's release
	Registry       string   `json:"registry,omitempty"` // digest of the registry in force
	Implementation Identity `json:"implementation"`
	Lane           string   `json:"lane,omitempty"`
	Store          string   `json:"store,omitempty"`
	// Shard is "I/N" for shard I of a run split in N (conform run --shard), "" for a whole run.
	Shard string `json:"shard,omitempty"`
	// Shards is N for a run merged from its N shards (conform report --from each).
	Shards int `json:"shards,omitempty"`
	// Seed and Cases are the sweep's (0 when it did not run).
	Seed  uint64 `json:"seed,omitempty"`
	Cases int    `json:"cases,omitempty"`
	// PendingSince is the release --pending-since named: checks added after it are pending.
	PendingSince string `json:"pending_since,omitempty"`
	// Expired are the gaps of the run's lane past their date: each fails the run.
	Expired []finding.GapRef `json:"expired_gaps,omitempty"`
}

// Identity is what ran, as its handshake named it.
type Identity struct {
	Name     string `json:"name"`
	Version  string `json:"version,omitempty"`
	Language string `json:"language,omitempty"`
}

// String is the implementation as a reader names it: "php-kit 1.2.0".
func (i Identity) String() string {
	return strings.TrimSpace(i.Name + " " + i.Version)
}

// Format is the version of the record file format.
const Format = 1

// Verdicts of a run.
const (
	Conforms       = "conforms"
	DoesNotConform = "does not conform"
)

// Record is one run, kept.
type Record struct {
	Format int `json:"format"`
	RunInfo
	Verdict string `json:"verdict"` // Conforms or DoesNotConform
	Counts  Counts `json:"counts"`
	// Requirements is the verdict of each requirement ID the run's checks cover: failed when
	// one of its checks failed, else pending, else known, else passed.
	Requirements map[string]string `json:"requirements"`
	Findings     []Finding         `json:"findings,omitempty"`
	Gaps         []GapStatus       `json:"gaps,omitempty"`
	Checks       []finding.Check   `json:"checks"`
}

// Counts are the checks of a record by verdict.
type Counts struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Known   int `json:"known"`
	Pending int `json:"pending"`
}

// Finding is one root cause of a record's failures: its rule, how many checks it failed,
// and which.
type Finding struct {
	Rule   string   `json:"rule"`
	Count  int      `json:"count"`
	Checks []string `json:"checks"`
}

// GapStatus is what became of one gap in a run: known (a check it covers fails), stale (every
// check it covers passes: it hides nothing, and fails the run) or expired (past its date: it
// fails the run).
type GapStatus struct {
	Gap     finding.GapRef `json:"gap"`
	Status  string         `json:"status"`
	Checks  []string       `json:"checks,omitempty"`  // the checks it covers that ran
	Failing []string       `json:"failing,omitempty"` // those of them that fail
}

// Gap statuses.
const (
	GapKnown   = "known"
	GapStale   = "stale"
	GapExpired = "expired"
)

// Gaps are the known gaps of a run's checks (pending entries are not gaps), in the order first
// met, then the expired ones.
func Gaps(checks []finding.Check, expired []finding.GapRef) []GapStatus {
	var out []GapStatus
	at := map[string]int{}
	for _, c := range checks {
		if c.Gap == nil || c.Gap.Kind != finding.Known {
			continue
		}
		key := c.Gap.Source + "\x00" + c.Gap.Check
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, GapStatus{Gap: *c.Gap, Status: GapStale})
		}
		out[i].Checks = append(out[i].Checks, c.ID)
		if c.Verdict == finding.Known {
			out[i].Failing = append(out[i].Failing, c.ID)
			out[i].Status = GapKnown
		}
	}
	for _, g := range expired {
		out = append(out, GapStatus{Gap: g, Status: GapExpired})
	}
	return out
}

// Failure is the line of a gap that fails the run, "" for one that does not.
func (g GapStatus) Failure() string {
	switch g.Status {
	case GapStale:
		return fmt.Sprintf("%s: the gap %s is stale: the %d checks it covers all pass now: remove it", g.Gap.Source, g.Gap.Check, len(g.Checks))
	case GapExpired:
		return fmt.Sprintf("%s: the gap %s has expired: fix its checks or give it a new date", g.Gap.Source, g.Gap.Check)
	}
	return ""
}

// File is where the gap was declared, as file and line ("", 0 for --skip).
func (g GapStatus) File() (string, int) {
	file, line, ok := strings.Cut(g.Gap.Source, ":")
	n, err := strconv.Atoi(line)
	if !ok || err != nil {
		return "", 0
	}
	return file, n
}

// New makes the record of a run from what it said of itself, its checks and its findings.
// A check met twice (a scenario of a merged run) counts once.
func New(info RunInfo, checks []finding.Check, findings []finding.Finding) Record {
	r := Record{Format: Format, RunInfo: info, Requirements: map[string]string{}}
	seen := map[string]bool{}
	for _, c := range checks {
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		r.Checks = append(r.Checks, c)
	}
	sort.Slice(r.Checks, func(i, j int) bool { return r.Checks[i].ID < r.Checks[j].ID })
	for _, c := range r.Checks {
		switch c.Verdict {
		case finding.Passed:
			r.Counts.Passed++
		case finding.Known:
			r.Counts.Known++
		case finding.Pending:
			r.Counts.Pending++
		default:
			r.Counts.Failed++
		}
		for _, req := range c.Requirements {
			r.Requirements[req] = worse(r.Requirements[req], c.Verdict)
		}
	}
	for _, f := range findings {
		r.Findings = append(r.Findings, Finding{Rule: f.Rule, Count: f.Count, Checks: f.Checks})
	}
	r.Gaps = Gaps(r.Checks, info.Expired)
	r.Verdict = Conforms
	if r.Counts.Failed > 0 || len(r.GapFailures()) > 0 {
		r.Verdict = DoesNotConform
	}
	return r
}

// severity orders verdicts for a requirement's roll-up: the worst of its checks.
var severity = map[string]int{"": 0, finding.Passed: 1, finding.Known: 2, finding.Pending: 3, finding.Failed: 4}

func worse(a, b string) string {
	if _, ok := severity[b]; !ok {
		b = finding.Failed // an unknown verdict is no pass
	}
	if severity[b] > severity[a] {
		return b
	}
	return a
}

// GapFailures are the gaps that fail the run, one line each.
func (r Record) GapFailures() []string {
	var out []string
	for _, g := range r.Gaps {
		if line := g.Failure(); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Check is the check of an ID, nil when the record has none.
func (r Record) Check(id string) *finding.Check {
	i := sort.Search(len(r.Checks), func(i int) bool { return r.Checks[i].ID >= id })
	if i < len(r.Checks) && r.Checks[i].ID == id {
		return &r.Checks[i]
	}
	return nil
}

// Failing lists the IDs of the checks that fail (failed, known or pending).
func (r Record) Failing() []string {
	var out []string
	for _, c := range r.Checks {
		if c.Verdict != finding.Passed {
			out = append(out, c.ID)
		}
	}
	return out
}

// Marshal is the record as its file holds it: indented JSON.
func (r Record) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// MaxBytes bounds a record file: a run's record is tens of kilobytes.
const MaxBytes = 16 << 20

// Parse reads a record file strictly: an object of format 1, no key twice, no unknown field.
func Parse(name string, data []byte) (Record, error) {
	var dup *jsonvalue.DuplicateKeyError
	if _, err := jsonvalue.ParseUnique(data); errors.As(err, &dup) {
		return Record{}, fmt.Errorf("%s: line %d: duplicate key %q", name, 1+bytes.Count(data[:dup.Offset], []byte("\n")), dup.Key)
	} else if err != nil {
		return Record{}, fmt.Errorf("%s: not a record: %v", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return Record{}, fmt.Errorf("%s: not a record: %v", name, err)
	}
	switch {
	case r.Format != Format:
		return Record{}, fmt.Errorf("%s: a record of format %d; this conform reads format %d", name, r.Format, Format)
	case r.Verdict != Conforms && r.Verdict != DoesNotConform:
		return Record{}, fmt.Errorf("%s: verdict %q is neither %q nor %q", name, r.Verdict, Conforms, DoesNotConform)
	}
	for i, c := range r.Checks {
		if c.ID == "" || severity[c.Verdict] == 0 {
			return Record{}, fmt.Errorf("%s: check %d: want an id and a verdict (passed, failed, known, pending)", name, i+1)
		}
	}
	if !slices.IsSortedFunc(r.Checks, func(a, b finding.Check) int { return strings.Compare(a.ID, b.ID) }) {
		sort.Slice(r.Checks, func(i, j int) bool { return r.Checks[i].ID < r.Checks[j].ID })
	}
	if r.Requirements == nil {
		r.Requirements = map[string]string{}
	}
	// What a record says of the whole follows from its checks: one edited by hand (or by a
	// pull request) cannot claim a verdict its checks deny.
	want := New(r.RunInfo, r.Checks, nil)
	switch {
	case len(want.Checks) != len(r.Checks):
		return Record{}, fmt.Errorf("%s: a check is listed twice", name)
	case want.Counts != r.Counts:
		return Record{}, fmt.Errorf("%s: counts %+v do not follow from its checks (%+v)", name, r.Counts, want.Counts)
	case want.Verdict != r.Verdict:
		return Record{}, fmt.Errorf("%s: verdict %q does not follow from its checks (%q)", name, r.Verdict, want.Verdict)
	case !maps.Equal(want.Requirements, r.Requirements):
		return Record{}, fmt.Errorf("%s: the requirements' verdicts do not follow from its checks", name)
	}
	return r, nil
}
