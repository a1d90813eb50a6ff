package sweep

import (
	"context"

	"fmt"
	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/subject"
	"slices"
	"strings"
)

// batch is how many cases go to the implementation at once (pipelined by an adapter).
const batch = 64

// DefaultCases is the size of the sweep `conform run --impl` runs unless told otherwise.
const DefaultCases = 5000

// Options configure one sweep.
type Options struct {
	Seed      uint64
	Cases     int
	Generator *Generator // nil: one over Registry's families
	// Registry is the registry in force: the reference answers with it, and the generator
	// draws its families from it (nil: the built-in spec 272 registry).
	Registry *contract.Registry
	// ShrinkBudget bounds the tries spent shrinking each failure (default 500).
	ShrinkBudget int
	// FailFast ends the sweep at the first case that diverges (its properties are still
	// shrunk and reported): for suites that only need to know whether an implementation fails.
	FailFast bool
	// Breaker stops the sweep after this many consecutive cases the implementation could not
	// answer at all (default 20): a broken adapter fails once, not once per case.
	Breaker int
}

// Failure is one property on which the implementation diverged from the reference.
type Failure struct {
	Property  string
	Seed      uint64
	Index     int // the first case that diverged on it
	Diverging int // how many cases diverged on it
	Case      Case
	Steps     int // shrinking steps taken from the original case
	Want      string
	Got       string
	Reference Answer // the reference's answers to the shrunk case
	Answer    Answer // the implementation's
}

// Result is what a sweep found.
type Result struct {
	Seed     uint64
	Cases    int // cases put to the implementation
	Failures []Failure
	Stopped  string // why the sweep ended early, "" when it ran every case
}

// Failure returns the failure of a property, or nil.
func (r *Result) Failure(prop string) *Failure {
	for i := range r.Failures {
		if r.Failures[i].Property == prop {
			return &r.Failures[i]
		}
	}
	return nil
}

// Run sweeps an implementation.
func Run(ctx context.Context, im subject.Implementation, o Options) *Result {
	if o.ShrinkBudget <= 0 {
		o.ShrinkBudget = 500
	}
	if o.Breaker <= 0 {
		o.Breaker = 20
	}
	reg := o.Registry
	if reg == nil {
		reg = contract.Builtin
	}
	gen := NewGeneratorFor(o.Seed, reg)
	if o.Generator != nil {
		gen = *o.Generator
		gen.Seed = o.Seed
	}
	ref := subject.Reference{Registry: reg}
	res := &Result{Seed: o.Seed}
	first := map[string]*Failure{}
	unanswered := 0
	for start := 0; start < o.Cases && res.Stopped == "" && !(o.FailFast && len(first) > 0); start += batch {
		if ctx.Err() != nil {
			res.Stopped = "interrupted"
			break
		}
		cases := make([]Case, 0, batch)
		var qs []subject.Question
		var spans []int
		for i := start; i < min(start+batch, o.Cases); i++ {
			c := gen.Case(i)
			cases = append(cases, c)
			q := questions(c, "")
			spans = append(spans, len(q))
			qs = append(qs, q...)
		}
		want := subject.AskAll(ctx, ref, qs)
		got := want
		if r, same := im.(subject.Reference); !same || r.Registry != ref.Registry && !(r.Registry == nil && ref.Registry == contract.Builtin) {
			got = subject.AskAll(ctx, im, qs) // the reference in process need not answer twice
		}
		at := 0
		for k, c := range cases {
			n := spans[k]
			g := answer(qs[at:at+n], got[at:at+n])
			w := answer(qs[at:at+n], want[at:at+n])
			at += n
			res.Cases++
			for _, d := range compare(reg, c, w, g) {
				f := first[d.Property]
				if f == nil {
					f = &Failure{Property: d.Property, Seed: o.Seed, Index: c.Index, Case: c}
					first[d.Property] = f
				}
				f.Diverging++
			}
			if g.Err != nil {
				unanswered++
				if unanswered >= o.Breaker {
					res.Stopped = fmt.Sprintf("the implementation could not answer %d cases in a row; the sweep stopped at case %d of %d", unanswered, c.Index+1, o.Cases)
					break
				}
			} else {
				unanswered = 0
			}
		}
	}
	order := Properties()
	for _, prop := range order {
		f := first[prop]
		if f == nil {
			continue
		}
		keep := func(c Case) bool {
			if ctx.Err() != nil {
				return false
			}
			return diverges(ctx, ref, im, c, prop) != nil
		}
		f.Case, f.Steps = shrink(f.Case, keep, o.ShrinkBudget)
		if d := diverges(ctx, ref, im, f.Case, prop); d != nil {
			f.Want, f.Got = d.Want, d.Got
		}
		f.Reference, f.Answer = ask(ctx, ref, f.Case, ""), ask(ctx, im, f.Case, "")
		res.Failures = append(res.Failures, *f)
	}
	return res
}

// diverges puts one case to both sides, asking only what prop needs, and returns the
// divergence on prop, or nil.
func diverges(ctx context.Context, ref subject.Reference, im subject.Implementation, c Case, prop string) *fragment.Divergence {
	only := prop
	if prop == PropAnswer {
		only = ""
	}
	for _, d := range compare(ref.Registry, c, ask(ctx, ref, c, only), ask(ctx, im, c, only)) {
		if d.Property == prop {
			return &d
		}
	}
	return nil
}

// Summary is one line about the sweep for the closing lines and the reports.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sweep: %d cases, seed %d", r.Cases, r.Seed)
	if n := len(r.Failures); n > 0 {
		props := make([]string, 0, n)
		for _, f := range r.Failures {
			props = append(props, f.Property)
		}
		fmt.Fprintf(&b, ", %d properties diverged (%s)", n, strings.Join(props, ", "))
	} else {
		b.WriteString(", no divergence")
	}
	if r.Stopped != "" {
		b.WriteString("; " + r.Stopped)
	}
	return b.String()
}

// Failed lists the properties that diverged, in report order.
func (r *Result) Failed() []string {
	var out []string
	for _, f := range r.Failures {
		out = append(out, f.Property)
	}
	return slices.Clip(out)
}
