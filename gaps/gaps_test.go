package gaps

import (
	"strings"
	"testing"
	"time"

	"github.com/conform-dev/conform/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestParseReadsEveryField(t *testing.T) {
	gs, err := Parse("conform.gaps.yaml", []byte(`gaps:
  - check: phased/capture-*
    reason: the capture job writes no phase yet
    ticket: TP-123
    expires: 2027-01-31
    lanes: [confidence]
  - check: "us1_operator_progress.feature: A queued capture"
    reason: queued copy
`))
	require.NoError(t, err)
	require.Len(t, gs, 2)
	assert.Equal(t, Gap{Check: "phased/capture-*", Reason: "the capture job writes no phase yet", Ticket: "TP-123",
		Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), Lanes: []string{"confidence"}, Kind: Known, Source: "conform.gaps.yaml:2"}, gs[0])
	assert.Equal(t, "conform.gaps.yaml:7", gs[1].Source)
}

// TestParseErrorsNameLineAndField: every mistake is one line naming the file, the line and
// the field.
func TestParseErrorsNameLineAndField(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{"gaps:\n  - check: x\n", "g.yaml:2: the gap for \"x\" needs a reason"},
		{"gaps:\n  - reason: r\n", "g.yaml:2: a gap needs check:"},
		{"gaps:\n  - check: x\n    reason: r\n    expires: tomorrow\n", `g.yaml:4: expires: want a date YYYY-MM-DD, got "tomorrow"`},
		{"gaps:\n  - check: x\n    reason: r\n    expires: 2027-02-30\n", `g.yaml:4: expires: want a date`},
		{"gaps:\n  - check: x\n    reason: r\n    lanes: [slow]\n", `g.yaml:4: lanes: "slow" is no lane`},
		{"gaps:\n  - check: x\n    reason: r\n    lanes: fast\n", `g.yaml:4: lanes: want a list`},
		{"gaps:\n  - check: x\n    reason: r\n    colour: red\n", `g.yaml:4: unknown field "colour"`},
		{"gaps:\n  - check: x\n    reason: r\n    reason: s\n", `g.yaml:4: field "reason" given twice`},
		{"gaps:\n  - check: \"[\"\n    reason: r\n", `g.yaml:2: check: "[" is no glob`},
		{"gaps:\n  - check: x\n    reason: r\n    ticket: two words\n", `g.yaml:4: ticket: want one word`},
		{"gaps:\n  - check: x\n    reason: r\n  - check: x\n    reason: s\n", `g.yaml:4: the gap for "x" is listed twice (first at line 2)`},
		{"skips:\n  - x\n", `g.yaml:1: unknown field "skips" (want gaps)`},
		{"gaps: x\n", `g.yaml:1: gaps: want a list`},
		{"- check: x\n", `g.yaml:1: want a mapping with gaps:`},
		{"gaps:\n  - &a {check: x, reason: r}\n", "g.yaml:2: a gap is a mapping"},
		{"gaps: []\n---\ngaps: []\n", "g.yaml:2: a second YAML document"},
		{"gaps: [\n", "g.yaml: "},
		{"gaps:\n  - check: x\n    reason: [r]\n", `g.yaml:3: reason: want text`},
	} {
		_, err := Parse("g.yaml", []byte(tc.doc))
		require.Error(t, err, tc.doc)
		assert.Contains(t, err.Error(), tc.want, tc.doc)
		assert.NotContains(t, err.Error(), "\n", tc.doc)
	}
	gs, err := Parse("g.yaml", nil)
	assert.NoError(t, err, "an empty file lists no gap")
	assert.Empty(t, gs)
	_, err = Parse("g.yaml", []byte(strings.Repeat("#", MaxBytes+1)))
	assert.ErrorContains(t, err, "at most")
}

func TestMatches(t *testing.T) {
	vector := Ref{ID: "phased/capture-fetching", Requirements: []string{"FR-005", "SC-001"}}
	scenario := Ref{ID: "us1.feature: A queued capture", Names: []string{"A queued capture"}, Requirements: []string{"US1-AS1"}}
	sweep := Ref{ID: "sweep: resolution.label", Requirements: []string{"FR-011"}}
	for _, tc := range []struct {
		check string
		ref   Ref
		want  bool
	}{
		{"phased/capture-fetching", vector, true},
		{"phased/*", vector, true},
		{"phased/compare-*", vector, false},
		{"*", Ref{ID: "phased/capture-fetching"}, false}, // a glob's * stops at the / of a vector ID
		{"FR-005", vector, true},
		{"FR-00*", vector, true},
		{"FR-011", vector, false},
		{"A queued capture", scenario, true},
		{"us1.feature: A queued capture", scenario, true},
		{"us1.feature: *", scenario, true},
		{"US1-AS1", scenario, true},
		{"A queued", scenario, false},
		{"sweep: resolution.label", sweep, true},
		{"sweep: resolution.*", sweep, true},
		{"FR-011", sweep, true},
	} {
		assert.Equal(t, tc.want, Gap{Check: tc.check}.Matches(tc.ref), "%q matches %v", tc.check, tc.ref)
	}
}

func TestExpiredAndLanes(t *testing.T) {
	g := Gap{Expires: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
	assert.False(t, g.Expired(time.Date(2027, 1, 31, 23, 59, 0, 0, time.UTC)), "it holds through its date")
	assert.True(t, g.Expired(time.Date(2027, 2, 1, 0, 0, 1, 0, time.UTC)))
	assert.False(t, Gap{}.Expired(time.Now()), "no date, no expiry")
	assert.True(t, Gap{}.AppliesTo("fast"))
	assert.True(t, Gap{Lanes: []string{"confidence"}}.AppliesTo("confidence"))
	assert.False(t, Gap{Lanes: []string{"confidence"}}.AppliesTo("fast"))
	assert.True(t, Gap{Lanes: []string{"all"}}.AppliesTo(""))
}

// TestSetJudgesAndTallies: a failing check under a gap is known, under a pending entry
// pending; a gap whose checks all pass is stale, one that matched nothing is unmatched, one
// past its date is expired; a known gap wins over a pending entry.
func TestSetJudgesAndTallies(t *testing.T) {
	today := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	s := NewSet([]Gap{
		{Check: "phased/*", Reason: "r", Kind: Known, Source: "g:1"},
		{Check: "counted/*", Reason: "r", Kind: Known, Source: "g:2"},
		{Check: "scope/*", Reason: "r", Kind: Known, Source: "g:3"},
		{Check: "terminal/*", Reason: "r", Kind: Known, Source: "g:4", Expires: today.AddDate(0, 0, -1)},
		{Check: "degraded/*", Reason: "r", Kind: Known, Source: "g:5", Lanes: []string{"confidence"}},
		{Check: "composite/new", Reason: "added in v0.11.0", Kind: Pending, Source: "--pending-since v0.10.0"},
		{Check: "phased/x", Reason: "added", Kind: Pending},
	}, "fast", today)
	v, g := s.Judge(Ref{ID: "phased/x"}, false)
	assert.Equal(t, Known, v)
	assert.Equal(t, "g:1", g.Source, "the known gap wins over the pending entry")
	v, _ = s.Judge(Ref{ID: "phased/y"}, true)
	assert.Equal(t, finding.Passed, v)
	v, _ = s.Judge(Ref{ID: "counted/a"}, true)
	assert.Equal(t, finding.Passed, v)
	v, _ = s.Judge(Ref{ID: "composite/new"}, false)
	assert.Equal(t, Pending, v)
	v, _ = s.Judge(Ref{ID: "composite/new"}, true)
	assert.Equal(t, finding.Passed, v)
	v, g = s.Judge(Ref{ID: "terminal/a"}, false)
	assert.Equal(t, finding.Failed, v, "an expired gap covers nothing")
	assert.Nil(t, g)
	v, _ = s.Judge(Ref{ID: "degraded/a"}, false)
	assert.Equal(t, finding.Failed, v, "a gap of another lane covers nothing")
	v, _ = s.Judge(Ref{ID: "lifecycle/a"}, false)
	assert.Equal(t, finding.Failed, v)

	var stale, unmatched, expired []string
	for _, g := range s.Stale() {
		stale = append(stale, g.Check)
	}
	for _, g := range s.Unmatched() {
		unmatched = append(unmatched, g.Check)
	}
	for _, g := range s.Expired() {
		expired = append(expired, g.Check)
	}
	assert.Equal(t, []string{"counted/*"}, stale)
	assert.Equal(t, []string{"scope/*"}, unmatched)
	assert.Equal(t, []string{"terminal/*"}, expired)
	ps := s.Problems()
	require.Len(t, ps, 2)
	assert.Contains(t, ps[0], "g:4: the gap terminal/* (r) expired on 2026-11-28")
	assert.Contains(t, ps[1], "g:2: the gap counted/* (r) "+StaleText)
	var none *Set
	v, _ = none.Judge(Ref{ID: "x"}, false)
	assert.Equal(t, finding.Failed, v, "no set, no gaps")
}

// TestWriteReadsBack: what Write writes, Parse reads as it was.
func TestWriteReadsBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5).Draw(t, "n")
		var gs []Gap
		seen := map[string]bool{}
		for i := range n {
			check := rapid.StringMatching(`[a-z]{1,8}/[a-z*-]{1,12}|[a-z_]{1,10}\.feature: [A-Za-z "':#-]{1,30}|FR-0[0-9]{2}`).Draw(t, "check")
			check = strings.TrimSpace(check)
			if seen[check] || check == "" {
				continue
			}
			seen[check] = true
			// a reason says something: spaces alone (of any script) are no reason, and Parse
			// refuses them, as conform gaps write does
			reason := rapid.StringMatching(`[^\x00-\x20][^\x00-\x1f]{0,39}`).Filter(func(s string) bool { return strings.TrimSpace(s) != "" })
			g := Gap{Check: check, Reason: reason.Draw(t, "reason"), Kind: Known}
			if rapid.Bool().Draw(t, "ticket") {
				g.Ticket = rapid.StringMatching(`[A-Z]{2}-[0-9]{1,5}`).Draw(t, "t")
			}
			if rapid.Bool().Draw(t, "expires") {
				g.Expires = time.Date(2027, time.Month(1+i), 1+i, 0, 0, 0, 0, time.UTC)
			}
			if rapid.Bool().Draw(t, "lanes") {
				g.Lanes = []string{"confidence"}
			}
			gs = append(gs, g)
		}
		back, err := Parse("g.yaml", Write(gs))
		if err != nil {
			t.Fatalf("%v\n%s", err, Write(gs))
		}
		if len(back) != len(gs) {
			t.Fatalf("%d gaps written, %d read", len(gs), len(back))
		}
		for i := range gs {
			back[i].Source = ""
			if strings.TrimSpace(gs[i].Reason) != back[i].Reason || gs[i].Check != back[i].Check || gs[i].Ticket != back[i].Ticket ||
				!gs[i].Expires.Equal(back[i].Expires) || len(gs[i].Lanes) != len(back[i].Lanes) {
				t.Fatalf("wrote %+v, read %+v\n%s", gs[i], back[i], Write(gs))
			}
		}
	})
}

// TestLiteralMatchesItselfOnly: a check written by gaps write names that one check, whatever
// glob characters its name holds.
func TestLiteralMatchesItselfOnly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := rapid.StringMatching(`[a-z*?\[\]\\ /:.-]{1,20}`).Draw(t, "id")
		other := rapid.StringMatching(`[a-z*?\[\]\\ /:.-]{1,20}`).Draw(t, "other")
		g := Gap{Check: Literal(id)}
		if !g.Matches(Ref{ID: id}) {
			t.Fatalf("%q does not match %q", g.Check, id)
		}
		if other != id && g.Matches(Ref{ID: other}) {
			t.Fatalf("%q matches %q too", g.Check, other)
		}
	})
}
