package sweep

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/subject/mutants"
	"github.com/conform-dev/conform/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestSameSeedSameCasesOtherSeedsOthers(t *testing.T) {
	a, b, other := NewGenerator(42), NewGenerator(42), NewGenerator(43)
	differ := 0
	for i := 0; i < 200; i++ {
		ca, cb := a.Case(i), b.Case(i)
		require.Equal(t, compactJSON(ca), compactJSON(cb), "case %d", i)
		if compactJSON(ca) != compactJSON(other.Case(i)) {
			differ++
		}
	}
	assert.Greater(t, differ, 190, "another seed explores other cases")
}

// TestGeneratorCoversTheInputSpace: over the default sweep size, the cases reach every part
// of the standard the sweep claims to cover.
func TestGeneratorCoversTheInputSpace(t *testing.T) {
	g := NewGenerator(1)
	seen := map[string]bool{}
	mark := func(ok bool, what string) {
		if ok {
			seen[what] = true
		}
	}
	for i := 0; i < DefaultCases; i++ {
		c := g.Case(i)
		r := contract.Resolve(c.Run)
		fam := contract.Lookup(c.Run.Type)
		mark(true, "family "+fam.Type)
		mark(fam.Scope == contract.ScopeUnknown && c.Run.Type != "", "an unknown family")
		mark(fam.Scope == contract.ScopeUnknown && strings.TrimSpace(c.Run.Type) != c.Run.Type && c.Run.Type != "", "a registered family spelled with spaces")
		mark(true, "lifecycle "+string(r.Lifecycle))
		mark(r.Lifecycle == contract.LifecycleCompleted, "outcome "+string(contract.NormalizeOutcome(c.Run.Outcome)))
		mark(true, "capability "+string(r.Capability))
		mark(r.Degraded && r.Capability == contract.Activity, "missing metadata")
		mark(r.Degraded && r.Capability != contract.Activity, "malformed metadata")
		mark(r.HasPercent && r.Percent == 0, "0%")
		mark(r.HasPercent && r.Percent == 100, "100%")
		mark(r.Composite.Present && r.Composite.Failed > 0 && r.Composite.Partial > 0, "failed and partial children")
		mark(r.Composite.Present && r.Composite.Children == 1, "one child")
		mark(r.Composite.Present && r.Composite.Children == 0, "no children")
		mark(r.Phase != "", "phase "+string(r.Phase))
		mark(true, "actor "+string(c.ActorKind))
		mark(contract.Access(c.Actor, c.Run) == contract.StatusOK, "status 200")
		mark(contract.Access(c.Actor, c.Run) == contract.StatusForbidden, "status 403")
		mark(contract.Access(c.Actor, c.Run) == contract.StatusNotFound, "status 404")
		if c.Page != nil {
			mark(contract.TenantAccess(c.Actor, c.PageTenant) == contract.StatusNotFound, "a tenant shell opened by an outsider")
			others := 0
			for _, run := range c.Page {
				if run.TenantID != c.PageTenant && contract.Access(c.Actor, run) == contract.StatusOK {
					others++
				}
			}
			mark(others > 0, "a tenant shell beside another tenant's viewable run")
		}
		if m, ok := c.Run.SummaryCounts.(map[string]any); ok {
			for _, v := range m {
				if n, ok := v.(json.Number); ok {
					mark(true, "count "+string(n))
				}
				mark(v == any(true), "a boolean count")
				mark(v == any("12"), "a numeric string count")
			}
		}
		mark(c.Run.Context == nil, "context null")
		if a, ok := c.Run.Context.([]any); ok {
			mark(len(a) == 0, "context []")
		}
	}
	want := []string{"an unknown family", "a registered family spelled with spaces", "missing metadata", "malformed metadata",
		"0%", "100%", "failed and partial children", "one child", "no children", "status 200", "status 403", "status 404",
		"a tenant shell opened by an outsider", "a tenant shell beside another tenant's viewable run",
		"count 12.0", "count 1e2", "count 9223372036854775808", "count -1", "a boolean count", "a numeric string count",
		"context null", "context []"}
	for _, f := range contract.Builtin.Families() {
		want = append(want, "family "+f.Type)
	}
	for _, l := range []contract.Lifecycle{contract.LifecycleQueued, contract.LifecycleRunning, contract.LifecycleCompleted, contract.LifecycleUnknown} {
		want = append(want, "lifecycle "+string(l))
	}
	for _, o := range []string{"succeeded", "partially_succeeded", "blocked", "failed", "cancelled", "pending"} {
		want = append(want, "outcome "+o)
	}
	for _, c := range contract.Capabilities {
		want = append(want, "capability "+string(c))
	}
	for _, p := range contract.Phases {
		want = append(want, "phase "+string(p))
	}
	for _, k := range ActorKinds {
		want = append(want, "actor "+string(k))
	}
	for _, w := range want {
		assert.True(t, seen[w], "the generator never makes %s", w)
	}
}

// TestReferenceKeepsEveryInvariant drives the generator with rapid: any seed, any case.
func TestReferenceKeepsEveryInvariant(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := NewGenerator(rapid.Uint64().Draw(t, "seed")).Case(rapid.IntRange(0, 1<<20).Draw(t, "case"))
		a, err := ask(context.Background(), subject.Reference{}, nil, c, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range compare(contract.Builtin, c, a, a) {
			t.Fatalf("%s on %s", d, compactJSON(c.Run))
		}
	})
}

func TestSweepFindsShrinksAndPinsAMutant(t *testing.T) {
	m := mutants.All()["raw-phase-key-label"]
	res := Sweep(context.Background(), m, Options{Seed: 5, Cases: 1000})
	f := res.Failure("resolution.label")
	require.NotNil(t, f, res.Summary())
	assert.Equal(t, map[string]any{"progress": map[string]any{"phase": map[string]any{"key": string(f.Reference.Res.Phase)}}}, f.Case.Run.Context,
		"shrunk to the bare phase key")
	assert.Nil(t, f.Case.Run.SummaryCounts)
	report := f.Report()
	assert.Contains(t, report, "resolution.label diverged from the reference at case")
	assert.Contains(t, report, `got:   "`+string(f.Reference.Res.Phase)+`"`)

	path, doc := f.Vector()
	require.True(t, strings.HasPrefix(path, "phased/sweep-resolution-label-"), path)
	v, err := vectors.Parse(path, []byte(doc))
	require.NoError(t, err, doc)
	assert.Equal(t, contract.Resolve(v.Run), v.Want, "the pasted vector pins the reference's answer")
	got, _ := m.Resolve(context.Background(), v.Run)
	assert.NotEqual(t, v.Want, got, "and the mutant fails it")
}

func TestSameSeedSameReport(t *testing.T) {
	m := mutants.All()["percent-on-composite"]
	a := Sweep(context.Background(), m, Options{Seed: 9, Cases: 500})
	b := Sweep(context.Background(), m, Options{Seed: 9, Cases: 500})
	c := Sweep(context.Background(), m, Options{Seed: 10, Cases: 500})
	require.NotEmpty(t, a.Failures)
	reports := func(r *Result) (out []string) {
		for _, f := range r.Failures {
			out = append(out, f.Report())
		}
		return out
	}
	assert.Equal(t, reports(a), reports(b))
	assert.NotEqual(t, a.Failures[0].Index, c.Failures[0].Index, "another seed meets the failure at another case")
}

func TestShrinkingEnds(t *testing.T) {
	c := NewGenerator(3).Case(11)
	steps := 0
	got, n := shrink(c, func(Case) bool { steps++; return true }, 100000)
	assert.Less(t, n, 1000, "every variant is smaller, so accepting all of them ends")
	assert.Nil(t, got.Run.Context)
	assert.Empty(t, got.Actor.Memberships)
}

func TestBreakerStopsOnAnImplementationThatCannotAnswer(t *testing.T) {
	res := Sweep(context.Background(), failing{}, Options{Seed: 1, Cases: 1000, Breaker: 5})
	assert.Contains(t, res.Stopped, "could not answer 5 cases in a row")
	assert.Equal(t, 5, res.Cases)
	require.NotNil(t, res.Failure(PropAnswer))
}

type failing struct{ subject.Reference }

func (failing) Resolve(context.Context, contract.Run) (contract.Resolution, error) {
	return contract.Resolution{}, assert.AnError
}

// TestTheFeatureListsEveryProperty: each property is one scenario of the sweep feature, so a
// divergence on any of them is reported.
func TestTheFeatureListsEveryProperty(t *testing.T) {
	raw, err := fs.ReadFile(features.FS(), "differential_sweep.feature")
	require.NoError(t, err)
	var listed []string
	for _, m := range regexp.MustCompile(`(?m)^\s*\|\s*([a-z][a-z0-9_.-]*)\s*\|\s*$`).FindAllStringSubmatch(string(raw), -1) {
		if m[1] != "property" {
			listed = append(listed, m[1])
		}
	}
	assert.Equal(t, append(Properties(), WriterProperties()...), listed)
	assert.False(t, slices.Contains(listed, ""), "no empty row")
}

// TestPastedVectorsPinTheFailure: every vector a failure report offers parses, holds for the
// reference and fails for the implementation that diverged.
func TestPastedVectorsPinTheFailure(t *testing.T) {
	kinds := map[string]int{}
	for _, name := range mutants.Readers() { // a wrong writer answers every case right
		m := mutants.All()[name]
		res := Sweep(context.Background(), m, Options{Seed: 2, Cases: 1000})
		for _, f := range res.Failures {
			path, doc := f.Vector()
			if doc == "" {
				continue
			}
			v, err := vectors.Parse(path, []byte(doc))
			require.NoError(t, err, "%s %s:\n%s", name, f.Property, doc)
			kinds[v.Kind]++
			assert.NoError(t, subject.CheckVector(context.Background(), subject.Reference{}, nil, v), "%s %s: the reference fails its own vector:\n%s", name, f.Property, doc)
			if f.Property != PropAnswer && !strings.HasPrefix(f.Property, "invariant.") {
				assert.Error(t, subject.CheckVector(context.Background(), m, nil, v), "%s %s: the vector does not catch the mutant:\n%s", name, f.Property, doc)
			}
		}
	}
	for _, k := range []string{vectors.KindRun, vectors.KindShell, vectors.KindAccess} {
		assert.Positive(t, kinds[k], "no %s vector was offered", k)
	}
}

// BenchmarkSweepReference is the sweep's own cost per 1000 cases, in process.
func BenchmarkSweepReference(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Sweep(context.Background(), subject.Reference{}, Options{Seed: 1, Cases: 1000})
	}
}

// TestEveryClassIsDrawn: every class of the input space, for the built-in registry and an
// application's, is drawn within the default sizes of the sweep, whatever the seed.
func TestEveryClassIsDrawn(t *testing.T) {
	raw, err := os.ReadFile("../examples/registry/tenantpilot.yaml")
	require.NoError(t, err)
	tp, err := registry.Load("tenantpilot.yaml", raw)
	require.NoError(t, err)
	for _, reg := range []*contract.Registry{contract.Builtin, tp} {
		for _, n := range []int{InProcessCases, DefaultCases} {
			for _, seed := range []uint64{1, 2, 99, 1 << 40} {
				g := NewGeneratorFor(seed, reg)
				cv := Coverage{}
				for i := 0; i < n; i++ {
					cv.Add(g.Case(i).Classes)
				}
				assert.Empty(t, cv.Missing(g.Space), "seed %d, %d cases: %s", seed, n, cv.Summary(g.Space))
			}
		}
	}
}

// TestClassesComeFromTheStandard: the space has a class for every family of the registry and
// every row of the lifecycle table, crossed with every spelling class that has a member for it.
func TestClassesComeFromTheStandard(t *testing.T) {
	s := NewSpace(contract.Builtin)
	has := func(dim, name string) bool { return slices.Contains(s.Classes(), Class{dim, name}) }
	for _, f := range contract.Builtin.Families() {
		assert.True(t, has("run.type", "family:"+f.Type), f.Type)
	}
	for _, o := range contract.Outcomes() {
		if o.Terminal() {
			for _, sp := range []string{"exact", "upper", "mixed-case", "php-space", "other-space", "alias"} {
				assert.True(t, has("run.lifecycle", "any+"+string(o)+"/"+sp), "%s/%s", o, sp)
			}
		}
	}
	for _, st := range contract.Statuses {
		assert.True(t, has("run.lifecycle", st+"+unset/exact"), st)
		assert.True(t, has("run.lifecycle", st+"+pending/other-space"), st)
	}
	assert.True(t, has("run.lifecycle", "any+blocked/unicode-fold"), "blocked has a k the Kelvin sign folds to")
	assert.False(t, has("run.lifecycle", "running+unset/unicode-fold"), "running has no letter to fold")
	assert.Contains(t, aliases("cancelled"), "canceled")
	assert.Contains(t, aliases("partially_succeeded"), "partiallySucceeded")
	assert.Contains(t, aliases("queued"), "queue")
}

// TestGeneratedRegistriesAreValid: every generated registry passes the registry's rules, has
// every claim, and differs from seed to seed.
func TestGeneratedRegistriesAreValid(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(1); seed < 40; seed++ {
		for k := 0; k < RegistryCount; k++ {
			reg := GenerateRegistry(seed, k)
			claims := map[contract.Capability]bool{}
			for _, f := range reg.Families() {
				require.NoError(t, contract.CheckFamily(f))
				claims[f.Claim] = true
			}
			assert.Len(t, claims, 4, "every claim: %s", DescribeRegistry(reg))
			seen[DescribeRegistry(reg)] = true
			assert.Equal(t, DescribeRegistry(reg), DescribeRegistry(GenerateRegistry(seed, k)), "the same seed makes the same registry")
		}
	}
	assert.Greater(t, len(seen), 100)
}

// ignoresRegistry answers as the reference with the built-in registry, whatever registry it is
// started with.
type ignoresRegistry struct{ subject.Reference }

func (ignoresRegistry) WithRegistry(*contract.Registry) subject.Implementation {
	return ignoresRegistry{}
}

// TestAnImplementationThatIgnoresItsRegistryFails: with the built-in registry it answers as
// the reference; the generated registries tell it apart.
func TestAnImplementationThatIgnoresItsRegistryFails(t *testing.T) {
	res := Sweep(context.Background(), ignoresRegistry{}, Options{Seed: 3, Cases: 300, Registries: -1})
	assert.Empty(t, res.Failures, "with the registry in force it answers right")
	res = Sweep(context.Background(), ignoresRegistry{}, Options{Seed: 3, Cases: 300})
	require.NotEmpty(t, res.Failures)
	assert.NotNil(t, res.Failures[0].Registry)
	assert.Contains(t, res.Failures[0].Report(), "with a registry the sweep made up")
	t.Log(res.Failures[0].Report())
}
