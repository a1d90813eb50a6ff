package record

import (
	"bytes"
	"strings"
	"testing"

	"github.com/conform-dev/conform/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func check(id, verdict string, reqs ...string) finding.Check {
	c := finding.Check{ID: id, Kind: finding.KindVector, Verdict: verdict, Requirements: reqs}
	if verdict == finding.Known {
		c.Gap = &finding.GapRef{Check: id, Kind: finding.Known, Reason: "r", Source: "g:1"}
	}
	return c
}

// TestNewRollsUpRequirements: a requirement is as bad as its worst check: failed over pending
// over known over passed; a stale gap or a failed check makes the run not conform.
func TestNewRollsUpRequirements(t *testing.T) {
	r := New(RunInfo{Implementation: Identity{Name: "x"}}, []finding.Check{
		check("a/1", finding.Passed, "FR-001", "FR-002"),
		check("a/2", finding.Known, "FR-002", "FR-003"),
		check("a/3", finding.Pending, "FR-003", "FR-004"),
		check("a/4", finding.Failed, "FR-004"),
		check("a/4", finding.Passed, "FR-004"), // met twice (a merged run): counted once
	}, nil)
	assert.Equal(t, map[string]string{"FR-001": "passed", "FR-002": "known", "FR-003": "pending", "FR-004": "failed"}, r.Requirements)
	assert.Equal(t, Counts{Passed: 1, Failed: 1, Known: 1, Pending: 1}, r.Counts)
	assert.Equal(t, DoesNotConform, r.Verdict)
	assert.Equal(t, []string{"a/2", "a/3", "a/4"}, r.Failing())

	ok := New(RunInfo{}, []finding.Check{check("a/1", finding.Passed), check("a/2", finding.Known)}, nil)
	assert.Equal(t, Conforms, ok.Verdict, "known gaps still conform")
	stale := New(RunInfo{}, []finding.Check{check("a/1", finding.Passed), {ID: "a/2", Verdict: finding.Passed, Gap: &finding.GapRef{Check: "a/*", Kind: finding.Known, Source: "g:3"}}}, nil)
	assert.Equal(t, DoesNotConform, stale.Verdict, "a gap none of whose checks fails is stale")
	require.Len(t, stale.GapFailures(), 1)
	assert.Contains(t, stale.GapFailures()[0], "g:3: the gap a/* is stale")
	expired := New(RunInfo{Expired: []finding.GapRef{{Check: "b/*", Source: "g:9"}}}, nil, nil)
	assert.Equal(t, DoesNotConform, expired.Verdict)
}

// TestRecordsReadBack: a record reads back as written; a file that is no record is an error
// naming it.
func TestRecordsReadBack(t *testing.T) {
	r := New(RunInfo{Conform: "v1", Implementation: Identity{Name: "php-kit", Version: "2"}, Seed: 7}, []finding.Check{check("a/1", finding.Failed, "FR-001")},
		[]finding.Finding{{Rule: "resolution.label", Count: 1, Checks: []string{"a/1"}}})
	data, err := r.Marshal()
	require.NoError(t, err)
	back, err := Parse("r.json", data)
	require.NoError(t, err)
	assert.Equal(t, r, back)
	for _, tc := range []struct{ doc, want string }{
		{`{"format":2,"verdict":"conforms","checks":[]}`, "a record of format 2"},
		{`{"format":1,"verdict":"fine","checks":[]}`, `verdict "fine"`},
		{`{"format":1,"verdict":"conforms","checks":[{"id":"x","verdict":"great"}]}`, "check 1: want an id and a verdict"},
		{`{"format":1,"verdict":"conforms","checks":[],"colour":1}`, `unknown field "colour"`},
		{`{"format":1,"format":1}`, `line 1: duplicate key "format"`},
		{`[]`, "not a record"},
		// what a record says of the whole follows from its checks
		{`{"format":1,"verdict":"conforms","counts":{"passed":0,"failed":0,"known":0,"pending":0},"requirements":{},"checks":[{"id":"x","verdict":"failed"}]}`, "counts {Passed:0 Failed:0 Known:0 Pending:0} do not follow from its checks"},
		{`{"format":1,"verdict":"conforms","counts":{"passed":0,"failed":1,"known":0,"pending":0},"requirements":{},"checks":[{"id":"x","verdict":"failed"}]}`, `verdict "conforms" does not follow from its checks ("does not conform")`},
		{`{"format":1,"verdict":"conforms","counts":{"passed":1,"failed":0,"known":0,"pending":0},"requirements":{"FR-001":"passed"},"checks":[{"id":"x","verdict":"passed","requirements":["FR-002"]}]}`, "the requirements' verdicts do not follow"},
		{`{"format":1,"verdict":"conforms","counts":{"passed":2,"failed":0,"known":0,"pending":0},"requirements":{},"checks":[{"id":"x","verdict":"passed"},{"id":"x","verdict":"passed"}]}`, "a check is listed twice"},
	} {
		_, err := Parse("r.json", []byte(tc.doc))
		require.Error(t, err, tc.doc)
		assert.Contains(t, err.Error(), "r.json")
		assert.Contains(t, err.Error(), tc.want)
	}
}

// TestCompareClassifiesEveryCheck: each way a check can change is its class, a known gap or a
// pending check still fails but is no new failure, and requirements roll up.
func TestCompareClassifiesEveryCheck(t *testing.T) {
	base := New(RunInfo{Implementation: Identity{Name: "app", Version: "1"}}, []finding.Check{
		check("keep/pass", finding.Passed, "FR-001"),
		check("breaks", finding.Passed, "FR-002"),
		check("fixed", finding.Failed, "FR-003"),
		check("still", finding.Failed, "FR-004"),
		check("gone", finding.Passed),
		check("now-known", finding.Failed, "FR-005"),
	}, nil)
	head := New(RunInfo{Implementation: Identity{Name: "app", Version: "2"}}, []finding.Check{
		check("keep/pass", finding.Passed, "FR-001"),
		check("breaks", finding.Failed, "FR-002"),
		check("fixed", finding.Passed, "FR-003"),
		check("still", finding.Failed, "FR-004"),
		check("new-pass", finding.Passed),
		check("new-fail", finding.Failed, "FR-006"),
		check("now-known", finding.Known, "FR-005"),
		check("new-pending", finding.Pending, "FR-007"),
	}, nil)
	d := Compare(base, head)
	classes := map[string]string{}
	for _, c := range d.Checks {
		classes[c.ID] = c.Class
	}
	assert.Equal(t, map[string]string{"breaks": NewFailure, "fixed": Fixed, "still": StillFailing, "gone": Removed, "new-pass": Added,
		"new-fail": NewFailure, "now-known": StillFailing, "new-pending": NewPending}, classes)
	assert.Equal(t, 1, d.Counts[Unchanged])
	var news []string
	for _, c := range d.NewFailures() {
		news = append(news, c.ID)
	}
	assert.Equal(t, []string{"breaks", "new-fail"}, news, "a pending check is no new failure to gate on")
	reqs := map[string]string{}
	for _, r := range d.Requirements {
		reqs[r.ID] = r.Before + " -> " + r.After
	}
	assert.Equal(t, map[string]string{"FR-002": "passed -> failed", "FR-003": "failed -> passed", "FR-005": "failed -> known",
		"FR-006": "absent -> failed", "FR-007": "absent -> pending"}, reqs)
	var text, md bytes.Buffer
	require.NoError(t, d.WriteText(&text))
	assert.Contains(t, text.String(), "FR-002: passing -> failing")
	assert.Contains(t, text.String(), "2 new failure, 1 new pending, 1 fixed")
	require.NoError(t, d.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "| FR-002 | passing | failing |")
	assert.Contains(t, md.String(), "- `breaks` (passing -> failing)")
}

// TestGridAndBadge: the grid marks each record's failing requirements; the badge says the
// verdict in its colour.
func TestGridAndBadge(t *testing.T) {
	ok := New(RunInfo{Implementation: Identity{Name: "reference"}}, []finding.Check{check("a", finding.Passed, "FR-002"), check("b", finding.Passed, "FR-011")}, nil)
	bad := New(RunInfo{Implementation: Identity{Name: "broken"}}, []finding.Check{check("a", finding.Passed, "FR-002"), check("b", finding.Failed, "FR-011")}, nil)
	gap := New(RunInfo{Implementation: Identity{Name: "adopting"}}, []finding.Check{check("a", finding.Known, "FR-002")}, nil)
	g := NewGrid([]Record{ok, bad, gap})
	assert.Equal(t, []string{"FR-002", "FR-011"}, g.Requirements)
	var md, html bytes.Buffer
	require.NoError(t, g.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "| FR-011 | ✓ | ✗ | – |")
	assert.Contains(t, md.String(), "| FR-002 | ✓ | ✓ | known gap |")
	require.NoError(t, g.WriteHTML(&html))
	assert.Contains(t, html.String(), `<tr data-requirement="FR-011"><td class="req">FR-011</td><td class="ok" data-verdict="passed">✓</td><td class="bad" data-verdict="failed">✗</td>`)
	assert.Equal(t, Badge{SchemaVersion: 1, Label: "spec 272", Message: "conforms", Color: "brightgreen"}, BadgeOf(ok, "spec 272"))
	assert.Equal(t, "1 failing", BadgeOf(bad, "x").Message)
	assert.Equal(t, "red", BadgeOf(bad, "x").Color)
	assert.Equal(t, "yellow", BadgeOf(gap, "x").Color)
	assert.True(t, requirementLess("FR-2", "FR-10"), "numbers, not text")
	assert.True(t, requirementLess("US4-AS2", "EC-1"), "the standard's order of families")
	assert.False(t, strings.Contains(md.String(), "\x1b"))
}
