package suite

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/conform-dev/conform/sweep"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFeatures runs the whole executable standard against the reference contract on the
// in-memory store, each scenario as a subtest, Strict on.
func TestFeatures(t *testing.T) {
	res := Execute(t.Context(), Options{TestingT: t, Concurrency: 2})
	require.Equal(t, 0, res.Code, "failed: %v", res.FailedScenarios)
	assert.Greater(t, res.Passed, 100)
}

// TestFeaturesRejectBrokenContracts: the features can fail. Each mutant breaks one rule of
// the contract and must make at least one scenario fail (the wrong writers: below).
func TestFeaturesRejectBrokenContracts(t *testing.T) {
	for _, name := range mutants.Readers() {
		t.Run(name, func(t *testing.T) {
			res := Execute(t.Context(), Options{Impl: mutants.All()[name], Concurrency: 1, StopOnFailure: true, SweepCases: 1000, SweepSeed: 1, SweepFailFast: true})
			assert.Equal(t, 1, res.Code)
			assert.NotEmpty(t, res.FailedScenarios, "no scenario caught %s", name)
			t.Logf("%s caught by %d scenarios, e.g. %s", name, res.Failed, res.FailedScenarios[0])
		})
	}
}

// TestOnlyTheSweepCatches: some wrong implementations pass every fixed scenario and vector;
// the sweep rejects them and prints the shrunk case with a vector to pin it.
func TestOnlyTheSweepCatches(t *testing.T) {
	for _, name := range mutants.SweepOnly {
		t.Run(name, func(t *testing.T) {
			fixed := Execute(t.Context(), Options{Impl: mutants.All()[name], Concurrency: 2})
			require.Equal(t, 0, fixed.Code, "%s is caught by fixed scenarios %v: it no longer belongs in SweepOnly", name, fixed.FailedScenarios)
			var out strings.Builder
			swept := Execute(t.Context(), Options{Impl: mutants.All()[name], Concurrency: 2, SweepCases: 2000, SweepSeed: 1, Output: &out, Format: "pretty", NoColors: true})
			assert.Equal(t, 1, swept.Code)
			require.NotNil(t, swept.Sweep)
			require.NotEmpty(t, swept.Sweep.Failures)
			for _, s := range swept.FailedScenarios {
				assert.Contains(t, s, "differential_sweep.feature", "only sweep scenarios fail")
			}
			assert.Contains(t, out.String(), "shrunk in")
			assert.Regexp(t, `run:   \{|tenant shell of tenant \d+, over runs: \[`, out.String())
		})
	}
}

// TestWriterScenariosRejectWrongWriters: each wrong writer persists one thing the standard
// forbids; the writer scenarios alone reject it, naming the rule and the write.
func TestWriterScenariosRejectWrongWriters(t *testing.T) {
	names := mutants.Writers()
	require.GreaterOrEqual(t, len(names), 15)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var out strings.Builder
			res := Execute(t.Context(), Options{Impl: mutants.All()[name], Concurrency: 2, Tags: "@writers", Output: &out, Format: "pretty", NoColors: true})
			assert.Equal(t, 1, res.Code, "no writer scenario caught %s", name)
			require.NotEmpty(t, res.FailedScenarios, "no writer scenario caught %s", name)
			assert.Regexp(t, `trace\.[a-z-]+ at (write \d+|the trace)`, out.String())
			t.Logf("%s caught by %d scenarios: %s", name, res.Failed, strings.Join(res.FailedScenarios, "; "))
		})
	}
}

// TestOneBrokenRuleIsOneFinding: a wrong implementation's failures (vectors, scenarios, the
// sweep) fold into one finding per rule it broke, the first the one to fix, and the replay of
// its example reproduces that finding alone.
func TestOneBrokenRuleIsOneFinding(t *testing.T) {
	m := mutants.All()["raw-phase-key-label"]
	res := Execute(t.Context(), Options{Impl: m, Concurrency: 2, SweepCases: 500, SweepSeed: 3})
	require.Equal(t, 1, res.Code)
	require.NotEmpty(t, res.Findings)
	first := res.Findings[0]
	assert.Equal(t, "resolution.label", first.Rule)
	assert.Greater(t, len(first.Checks), 10, "many checks, one finding")
	assert.LessOrEqual(t, len(res.Findings), 5, "the rules the one mistake broke: %v", res.Findings)
	seen := map[string]bool{}
	for _, f := range res.Findings {
		assert.False(t, seen[f.Rule], "rule %s twice", f.Rule)
		seen[f.Rule] = true
	}
	o := Options{Impl: m, Concurrency: 2}
	var seed uint64
	var index int
	if _, err := fmt.Sscanf(first.Example.Replay, "--seed %d --case %d", &seed, &index); err == nil {
		o.SweepCases, o.SweepSeed, o.SweepReplay, o.Tags = 500, seed, &sweep.Replay{Case: index, WriterCase: -1}, "@sweep"
	} else {
		only, ok := strings.CutPrefix(first.Example.Replay, "--only ")
		require.True(t, ok, "the example replays with --only or --seed/--case: %q", first.Example.Replay)
		o.Only = strings.Trim(only, "'")
	}
	again := Execute(t.Context(), o)
	require.Equal(t, 1, again.Code)
	require.NotEmpty(t, again.Findings)
	assert.Equal(t, first.Rule, again.Findings[0].Rule, "the replay reproduces the finding")
}

// TestShardsMergeIntoTheWholeRun: a run split in three (--shard I/3, one seed) and merged by
// conform report gives the verdict of the unsplit run: the same scenarios failed, the same
// rules broken at the same checks. Each scenario that is not shared runs in exactly one shard.
func TestShardsMergeIntoTheWholeRun(t *testing.T) {
	for _, name := range []string{"", "counted-over-phased", "raw-phase-key-label"} {
		t.Run(cmp.Or(name, "reference"), func(t *testing.T) {
			o := Options{Concurrency: 2, SweepCases: 400, SweepSeed: 11, Format: "cucumber"}
			if name != "" {
				o.Impl = mutants.All()[name]
			}
			cucumber := func(part shard.Shard) (Result, report.SuiteRun, []byte) {
				var out bytes.Buffer
				oo := o
				oo.Output, oo.Shard = &out, part
				res := Execute(t.Context(), oo)
				run, err := report.ParseCucumber(out.Bytes())
				require.NoError(t, err)
				return res, run, out.Bytes()
			}
			whole, wholeRun, _ := cucumber(shard.Shard{})
			var parts []report.ShardFile
			ranIn := map[string]int{}
			code, cases, writerCases := 0, 0, 0
			for i := 1; i <= 3; i++ {
				res, run, data := cucumber(shard.Shard{I: i, N: 3})
				code = max(code, res.Code)
				if res.Sweep != nil {
					cases, writerCases = cases+res.Sweep.Cases, writerCases+res.Sweep.WriterCases
				}
				parts = append(parts, report.ShardFile{Name: fmt.Sprintf("shard%d.json", i), Data: data})
				for _, f := range run.Features {
					for _, s := range f.Scenarios {
						if s.Status != report.Skipped {
							ranIn[fmt.Sprintf("%s:%d", s.URI, s.Line)]++
						}
					}
				}
			}
			if whole.Sweep != nil && whole.Sweep.Failures == nil {
				assert.Equal(t, whole.Sweep.Cases, cases, "the shards share the sweep's cases")
				assert.Equal(t, whole.Sweep.WriterCases, writerCases, "and its writer scenarios")
			}
			for key, n := range ranIn {
				if !strings.HasPrefix(key, "vectors.feature:") && !strings.HasPrefix(key, "differential_sweep.feature:") {
					assert.Equal(t, 1, n, "%s ran in %d shards", key, n)
				}
			}
			merged, err := report.MergeShards(parts)
			require.NoError(t, err)
			require.NotNil(t, merged.Info)
			assert.Equal(t, uint64(11), merged.Info.Seed)
			assert.Equal(t, 3, merged.Info.Shards)
			mergedRun, err := report.ParseCucumber(merged.Cucumber)
			require.NoError(t, err)

			assert.Equal(t, whole.Code, code, "the verdict")
			wp, wf, ws := wholeRun.Counts()
			mp, mf, ms := mergedRun.Counts()
			assert.Equal(t, [3]int{wp, wf, ws}, [3]int{mp, mf, ms}, "passed, failed, skipped")
			assert.Equal(t, failedKeys(wholeRun), failedKeys(mergedRun))
			assert.Equal(t, brokenAt(wholeRun), brokenAt(mergedRun), "rules and the checks that broke them")
			if name != "" {
				assert.NotEmpty(t, failedKeys(wholeRun), "%s fails the whole run", name)
			}
		})
	}
}

func failedKeys(r report.SuiteRun) []string {
	var out []string
	for _, s := range r.Failures() {
		out = append(out, fmt.Sprintf("%s:%d %s", s.URI, s.Line, s.Name))
	}
	return out
}

// brokenAt lists each rule a run's findings name with the checks that broke it, sorted;
// the sweep's checks are left out (each shard shrinks its own share's first failure).
func brokenAt(r report.SuiteRun) map[string][]string {
	out := map[string][]string{}
	for _, f := range r.Findings() {
		var checks []string
		for _, c := range f.Checks {
			if !strings.HasPrefix(c, "sweep") {
				checks = append(checks, c)
			}
		}
		slices.Sort(checks)
		out[f.Rule] = checks
	}
	return out
}

// padded is the reference with every fragment padded to just under the protocol's bound and
// every label wrong: each answer is acceptable in size, and nearly every check fails.
type padded struct{ subject.Reference }

func (p padded) Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error) {
	res, err := p.Reference.Resolve(ctx, run)
	res.Label = strings.Repeat("L", protocol.MaxLabel-1)
	return res, err
}

func (p padded) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	pr, err := p.Reference.Present(ctx, run, actor)
	pr.ShellHTML += "<!--" + strings.Repeat("x", protocol.MaxFragment-64) + "-->"
	return pr, err
}

// TestAWholeRunOfLargeAnswersIsBounded: an implementation whose every answer is as large as
// the protocol allows fails its checks, and the run's record stays within its bounds (a few
// tens of megabytes; unbounded, it would hold every fragment in every failure).
func TestAWholeRunOfLargeAnswersIsBounded(t *testing.T) {
	var out bytes.Buffer
	res := Execute(t.Context(), Options{Impl: padded{}, Concurrency: 2, Format: "cucumber", Output: &out})
	require.Equal(t, 1, res.Code)
	require.Greater(t, res.Failed, 50, "the padded labels fail most checks")
	assert.Less(t, out.Len(), 24<<20, "the cucumber JSON of %d failures", res.Failed)
	t.Logf("%d failures, a cucumber JSON of %d bytes", res.Failed, out.Len())
	run, err := report.ParseCucumber(out.Bytes())
	require.NoError(t, err)
	for _, s := range run.Failures() {
		for _, p := range s.Problems {
			assert.LessOrEqual(t, len(p.Got), 4<<10+32, "%s: got is capped", s.Name)
		}
		assert.LessOrEqual(t, len(s.ShellHTML), 64<<10+32, "%s: the shell observed is capped", s.Name)
	}
}
