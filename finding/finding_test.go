package finding

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupFoldsProblemsByRootCause(t *testing.T) {
	ps := []Problem{
		{Rule: "resolution.label", Stage: Sweep, Check: "sweep: resolution.label", Input: `{"run":{"id":1,"type":"x"}}`},
		{Rule: "resolution.label", Stage: Vector, Check: "phased/a", Input: `{"id":1,"type":"baseline_capture","status":"running"}`, Got: `"fetching"`},
		{Rule: "resolution.label", Stage: Scenario, Check: "us1: x", Input: `{"id":1}`, Got: `"fetching"`},
		{Rule: "resolution.label", Stage: Vector, Check: "phased/a", Input: `{"id":2,"long":"input that is longer than the others"}`},
		{Rule: "shell.text", Stage: Scenario, Check: "us1: x"},
		{Rule: "protocol: response has seq 8, want 1", Stage: Protocol, Check: "v/1"},
		{Rule: "protocol: response has seq 9, want 2", Stage: Protocol, Check: "v/2"},
	}
	fs := Group(ps)
	require.Len(t, fs, 3, "one finding per root cause: %v", fs)
	assert.Equal(t, Protocol, fs[0].Stage, "the protocol comes first: nothing else can be judged through a broken answer")
	assert.Equal(t, 2, fs[0].Count, "the same protocol problem at another seq is the same cause")
	assert.Equal(t, "resolution.label", fs[1].Rule)
	assert.Equal(t, Vector, fs[1].Stage, "a cause met at several stages is shown at the earliest")
	assert.Equal(t, 4, fs[1].Count)
	assert.Equal(t, []string{"phased/a", "sweep: resolution.label", "us1: x"}, fs[1].Checks, "each check once, in the order found")
	assert.Equal(t, `{"id":1}`, fs[1].Example.Input, "the smallest example")
	assert.Equal(t, "The shell hint", fs[2].Section.Heading)
	assert.Empty(t, Group(nil))
}

func TestProblemsTravelWithTheirError(t *testing.T) {
	base := errors.New("label: got x, want y")
	err := fmt.Errorf("step: %w", WithProblems(base, Problem{Rule: "resolution.label"}))
	assert.Equal(t, "resolution.label", Problems(err)[0].Rule)
	assert.ErrorIs(t, err, base)
	assert.Nil(t, Problems(base))
	assert.Equal(t, base, WithProblems(base), "no problem: the error itself")
	assert.NoError(t, WithProblems(nil, Problem{Rule: "x"}))
}

func TestSectionsAndAnchors(t *testing.T) {
	for rule, want := range map[string]string{
		"trace.phase-order":  "docs/standards.md#what-writers-persist",
		"resolution.percent": "docs/standards.md#the-counted-gate",
		"resolution.label":   "docs/standards.md#precedence",
		"shell.empty":        "docs/standards.md#visibility",
		"shell.bar":          "docs/standards.md#the-shell-hint",
		"protocol: x":        "docs/adapter-protocol.md#messages",
		"step: something":    "docs/standards.md#one-contract-five-capabilities",
	} {
		assert.Equal(t, want, SectionOf(rule).Link(), rule)
	}
}

func TestStageRoundTrip(t *testing.T) {
	for s := Protocol; s <= Sweep; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Stage
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	var s Stage
	assert.Error(t, s.UnmarshalText([]byte("later")))
}

func TestWriteTextLeadsWithTheFirstToFix(t *testing.T) {
	var b bytes.Buffer
	fs := Group([]Problem{{Rule: "shell.text", Stage: Scenario, Check: "a", Got: `"x"`, Want: `"y"`, Replay: "--only a"},
		{Rule: "protocol: boom", Stage: Protocol, Check: "b"}})
	require.NoError(t, WriteText(&b, fs, "php artisan conform:adapter"))
	out := b.String()
	assert.Contains(t, out, "2 findings")
	assert.Less(t, bytes.Index(b.Bytes(), []byte("1. protocol: boom")), bytes.Index(b.Bytes(), []byte("2. shell.text")))
	assert.Contains(t, out, "replay: conform run --impl 'php artisan conform:adapter' --only a")
	assert.Contains(t, out, `got:    "x"`)
	assert.Equal(t, "plain", Quote("plain"))
	assert.Equal(t, `'it'\''s'`, Quote("it's"))
}

// TestGroupIsTheSameInAnyOrder: problems arrive in the order their checks end, which
// concurrency varies; the findings, their checks and their examples do not.
func TestGroupIsTheSameInAnyOrder(t *testing.T) {
	ps := []Problem{
		{Rule: "standard", Stage: Scenario, Check: "us4: dashboard", Got: "no dashboard"},
		{Rule: "standard", Stage: Scenario, Check: "us4: polling", Got: "no polling!"},
		{Rule: "standard", Stage: Scenario, Check: "us4: engine", Got: "no engine"},
		{Rule: "resolution.label", Stage: Sweep, Check: "sweep: resolution.label", Input: "{}", Got: "a"},
		{Rule: "invariant.copy", Stage: Sweep, Check: "sweep: invariant.copy", Input: "{}", Got: "b"},
		{Rule: "shell.text", Stage: Vector, Check: "shell/a", Input: "{}", Got: "x"},
		{Rule: "shell.text", Stage: Vector, Check: "shell/b", Input: "{}", Got: "y"},
	}
	want := Group(ps)
	require.Len(t, want, 4)
	assert.Equal(t, "us4: engine", want[1].Example.Check, "of equal size, the first check by ID")
	assert.Equal(t, "resolution.label", want[2].Rule, "a field before the invariant that follows from it")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		shuffled := slices.Clone(ps)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		assert.Equal(t, want, Group(shuffled))
	}
}
