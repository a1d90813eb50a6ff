package sweep

import (
	"context"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReferenceWritersKeepEveryRule: whatever scenario is drawn, the reference writers keep
// every trace rule, and the scenario is one the standard can hold a job to.
func TestReferenceWritersKeepEveryRule(t *testing.T) {
	ctx := context.Background()
	families := map[string]int{}
	stops := map[string]bool{}
	for i := 0; i < 2000; i++ {
		sc := DrawWriter(11, i)
		require.NoError(t, sc.Check(), "drawn scenario %d: %+v", i, sc)
		families[sc.Family]++
		if sc.Stop != nil {
			stops[sc.Family+"/"+sc.Stop.At+"/"+string(sc.Stop.Outcome)] = true
		}
		w, err := subject.Reference{}.Drive(ctx, sc, subject.Target{TenantID: 3, UserID: 4})
		require.NoError(t, err)
		assert.Empty(t, contract.Builtin.CheckTrace(sc, w.Trace), "drawn scenario %d: %+v", i, sc)
	}
	assert.Len(t, families, 3)
	// every boundary of both full-content paths, and the review's composition, with every
	// terminal outcome: 5 + 5 + 1 boundaries, 5 outcomes
	assert.GreaterOrEqual(t, len(stops), 50)
}

func TestDrawWriterIsReproducible(t *testing.T) {
	assert.Equal(t, DrawWriter(5, 17), DrawWriter(5, 17))
	assert.NotEqual(t, DrawWriter(5, 17), DrawWriter(6, 17))
}

// TestWriterSweepRejectsWrongWriters: the writer sweep alone rejects each wrong writer, with
// a shrunk scenario and the write that broke the rule.
func TestWriterSweepRejectsWrongWriters(t *testing.T) {
	for _, name := range mutants.Writers() {
		t.Run(name, func(t *testing.T) {
			res := Sweep(t.Context(), mutants.All()[name], Options{Seed: 1, WriterCases: 200, Registries: -1})
			require.NotEmpty(t, res.Writers, "the writer sweep let %s through", name)
			f := res.Writers[0]
			assert.Contains(t, f.Report(), "scenario: {")
			assert.Contains(t, f.Report(), "pin it as fixtures/writers/")
			t.Logf("%s", f.Report())
		})
	}
	res := Sweep(t.Context(), subject.Reference{}, Options{Seed: 1, WriterCases: 200, Registries: -1})
	assert.Empty(t, res.Writers)
	assert.Equal(t, 200, res.WriterCases)
}

// BenchmarkWriterScenario: one drawn writer scenario put to the reference writers in memory
// and its trace held to every rule, as the writer sweep does for each.
func BenchmarkWriterScenario(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sc := DrawWriter(3, i%512)
		w, err := subject.Reference{}.Drive(ctx, sc, subject.Target{TenantID: 1, UserID: 1})
		if err != nil {
			b.Fatal(err)
		}
		if bad := contract.Builtin.CheckTrace(sc, w.Trace); len(bad) > 0 {
			b.Fatal(bad)
		}
	}
}
