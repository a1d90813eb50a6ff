package sweep

import (
	"context"
	"errors"
	"io"
	"time"

	"fmt"
	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/subject"
	"slices"
	"strings"
)

// batch is how many cases go to the implementation at once (pipelined by an adapter).
const batch = 64

// DefaultCases is the size of the sweep `conform run --impl` runs unless told otherwise.
const DefaultCases = 5000

// InProcessCases is the size of the sweep `conform run` runs against the reference in process,
// where it checks the reference's invariants: enough to draw every class of the space
// (TestEveryClassIsDrawn).
const InProcessCases = 1000

// Options configure one sweep.
type Options struct {
	Seed      uint64
	Cases     int
	Generator *Generator // nil: one over Registry's families
	// Registry is the registry in force: the reference answers with it, and the generator
	// draws its families from it (nil: the built-in spec 272 registry).
	Registry *contract.Registry
	// ShrinkBudget bounds the tries spent shrinking each failure (default 500), and
	// ShrinkTime the time (default 5 s: a rendered fragment costs milliseconds a try).
	ShrinkBudget int
	ShrinkTime   time.Duration
	// FailFast ends the sweep at the first case that diverges (its properties are still
	// shrunk and reported): for suites that only need to know whether an implementation fails.
	FailFast bool
	// Breaker stops the sweep after this many consecutive cases the implementation could not
	// answer at all (default 20): a broken adapter fails once, not once per case.
	Breaker int
	// Reader reads the implementation's fragments (nil: their markup, fragment.Static); the
	// reference's are always read from their markup, which decides everything they show.
	Reader fragment.Reader
	// Registries is how many generated registries the implementation is started with after
	// the main cases (0: RegistryCount; -1: none).
	Registries int
	// WriterCases is how many writer scenarios are drawn and put to the implementation's
	// writers and the reference's (0: none; WritersFor gives the usual number).
	WriterCases int
	// Replay, when set, puts one case of the seed alone (conform run --case, --writer-case).
	Replay *Replay
	// Shard puts only the cases of one shard of a run split across runners (--shard I/N).
	Shard shard.Shard
	// Corpus are divergences kept by earlier sweeps (--sweep-corpus DIR): they are put to the
	// implementation before any case is drawn.
	Corpus []Kept
}

// Replay names the one case a sweep replays: Case (a run case, counted across the generated
// registries' cases too) or WriterCase (a writer scenario); the other is -1.
type Replay struct{ Case, WriterCase int }

// replaying reports whether the sweep replays one case or writer scenario.
func (o Options) replaying() bool { return o.Replay != nil }

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
	// Registry is the generated registry the implementation was started with, nil for the
	// registry in force.
	Registry *contract.Registry
}

// FromCorpus is the corpus file the failure's case was replayed from ("" for a drawn case).
func (f Failure) FromCorpus() string { return f.Case.Corpus }

// Result is what a sweep found.
type Result struct {
	Seed     uint64
	Cases    int // cases put to the implementation
	Failures []Failure
	Stopped  string // why the sweep ended early, "" when it ran every case
	// Coverage counts the classes of the input space the cases drew (Space).
	Coverage Coverage
	Space    *Space
	// Err is what kept the sweep from judging the implementation (the browser that reads its
	// fragments failed): no verdict, not a divergence.
	Err error
	// RegistriesRefused counts the generated registries the implementation refused at its
	// start (docs/adapter-protocol.md allows it: it holds itself to its own families).
	RegistriesRefused int
	// WriterCases counts the writer scenarios put to the implementation, and Writers the
	// writer properties it broke, in WriterProperties order.
	WriterCases int
	Writers     []WriterFailure
}

// WriterFailure returns the failure of a writer property, or nil.
func (r *Result) WriterFailure(prop string) *WriterFailure {
	for i := range r.Writers {
		if r.Writers[i].Property == prop {
			return &r.Writers[i]
		}
	}
	return nil
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

// Sweep sweeps an implementation: DefaultCases (or Options.Cases) cases with the registry in
// force, then, when the implementation can be started again with another registry
// (subject.Configurable), RegistryCount generated registries of RegistryCases cases each.
func Sweep(ctx context.Context, im subject.Implementation, o Options) *Result {
	if o.ShrinkBudget <= 0 {
		o.ShrinkBudget = 500
	}
	if o.ShrinkTime <= 0 {
		o.ShrinkTime = 5 * time.Second
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
	res := &Result{Seed: o.Seed, Coverage: Coverage{}, Space: gen.Space}
	s := &sweeper{o: o, res: res, first: map[string]*Failure{}}
	var kept []WriterFailure
	if len(o.Corpus) > 0 && !o.replaying() {
		kept = s.replayCorpus(ctx, im, reg, o.Corpus)
	}
	s.pass(ctx, s.only(pass{im: im, ref: subject.Reference{Registry: reg}, gen: gen, from: 0, to: o.Cases}))
	if cfg, ok := im.(subject.Configurable); ok && o.Registries >= 0 && o.Cases > 0 {
		n := o.Registries
		if n == 0 {
			n = RegistryCount
		}
		for k := 0; k < n && s.going(); k++ {
			if o.replaying() && (o.Replay.Case < o.Cases+k*RegistryCases || o.Replay.Case >= o.Cases+(k+1)*RegistryCases) {
				continue // the replayed case is not this registry's
			}
			greg := GenerateRegistry(o.Seed, k)
			gim := cfg.WithRegistry(greg)
			if starter, ok := gim.(interface {
				Start(context.Context) (protocol.Identity, error)
			}); ok {
				if _, err := starter.Start(ctx); errors.Is(err, protocol.ErrRefused) {
					// It holds itself to its own families and says so: nothing to sweep here.
					res.RegistriesRefused++
					if c, ok := gim.(io.Closer); ok {
						_ = c.Close()
					}
					continue
				}
			}
			from := o.Cases + k*RegistryCases
			s.pass(ctx, s.only(pass{im: gim, ref: subject.Reference{Registry: greg}, gen: NewGeneratorFor(o.Seed+uint64(k)+1, greg),
				from: from, to: from + RegistryCases, registry: k + 1, regOf: greg}))
			// Failures found with this registry are shrunk while its implementation runs.
			s.shrinkAll(ctx)
			if c, ok := gim.(io.Closer); ok {
				_ = c.Close()
			}
		}
	}
	s.shrinkAll(ctx)
	for _, prop := range Properties() {
		if f := s.first[prop]; f != nil {
			res.Failures = append(res.Failures, *f)
		}
	}
	switch {
	case o.replaying() && o.Replay.WriterCase >= 0:
		res.WriterCases, res.Writers = writerSweep(ctx, im, reg, o.Seed, o.Replay.WriterCase, o.Replay.WriterCase+1, o.FailFast, o.ShrinkTime, shard.Shard{})
	case o.WriterCases > 0 && s.going() && !o.replaying():
		res.WriterCases, res.Writers = writerSweep(ctx, im, reg, o.Seed, 0, o.WriterCases, o.FailFast, o.ShrinkTime, o.Shard)
	}
	// A divergence the corpus kept is reported before one drawn anew on the same property.
	for _, k := range slices.Backward(kept) {
		if i := slices.IndexFunc(res.Writers, func(w WriterFailure) bool { return w.Property == k.Property }); i >= 0 {
			res.Writers[i] = k
		} else {
			res.Writers = append([]WriterFailure{k}, res.Writers...)
		}
	}
	if len(kept) > 0 {
		slices.SortStableFunc(res.Writers, func(a, b WriterFailure) int {
			return slices.Index(WriterProperties(), a.Property) - slices.Index(WriterProperties(), b.Property)
		})
	}
	return res
}

// only narrows a pass to the case the sweep replays, if any (an empty pass when it is not
// this pass's).
func (s *sweeper) only(p pass) pass {
	if !s.o.replaying() {
		return p
	}
	c := s.o.Replay.Case
	if c < p.from || c >= p.to {
		p.to = p.from
		return p
	}
	p.from, p.to = c, c+1
	return p
}

// pass is one stretch of a sweep: an implementation and the reference with one registry.
type pass struct {
	im       subject.Implementation
	ref      subject.Reference
	gen      Generator
	cases    []Case // the cases to put, when not drawn from gen (a corpus)
	from, to int    // case indexes
	registry int    // 0: the registry in force; k: generated registry k-1
	regOf    *contract.Registry
}

type sweeper struct {
	o          Options
	res        *Result
	first      map[string]*Failure
	passOf     map[string]pass // the pass each failure came from, until it is shrunk
	unanswered int
}

func (s *sweeper) going() bool {
	return s.res.Stopped == "" && !(s.o.FailFast && len(s.first) > 0)
}

// pass puts the cases of one stretch to both sides and records the first divergence on each
// property.
func (s *sweeper) pass(ctx context.Context, p pass) {
	o, res := s.o, s.res
	if s.passOf == nil {
		s.passOf = map[string]pass{}
	}
	for start := p.from; start < p.to && s.going(); start += batch {
		if ctx.Err() != nil {
			res.Stopped = "interrupted"
			break
		}
		cases := make([]Case, 0, batch)
		var qs []subject.Question
		var spans []int
		for i := start; i < min(start+batch, p.to); i++ {
			if p.cases == nil && !o.Shard.HasIndex(i) {
				continue // another runner's case (a corpus is split where it is read)
			}
			var c Case
			if p.cases != nil {
				c = p.cases[i]
			} else {
				c = p.gen.Case(i)
				if p.registry == 0 {
					res.Coverage.Add(c.Classes)
				}
			}
			c.Registry = p.registry
			cases = append(cases, c)
			q := questions(c, "")
			spans = append(spans, len(q))
			qs = append(qs, q...)
		}
		want := subject.AskAll(ctx, p.ref, qs)
		got := want
		if r, same := p.im.(subject.Reference); !same || r.Registry != p.ref.Registry && !(r.Registry == nil && p.ref.Registry == contract.Builtin) {
			got = subject.AskAll(ctx, p.im, qs) // the reference in process need not answer twice
		}
		ws, gs := make([]Answer, len(cases)), make([]Answer, len(cases))
		wp, gp := make([]*Answer, len(cases)), make([]*Answer, len(cases))
		at := 0
		for k := range cases {
			n := spans[k]
			gs[k], ws[k] = answer(qs[at:at+n], got[at:at+n]), answer(qs[at:at+n], want[at:at+n])
			gp[k], wp[k] = &gs[k], &ws[k]
			at += n
		}
		if err := readAnswers(ctx, fragment.Static{}, wp); err != nil {
			res.Err = err
			res.Stopped = err.Error()
			break
		}
		if err := readAnswers(ctx, o.Reader, gp); err != nil {
			res.Err = fmt.Errorf("reading the implementation's fragments: %w", err)
			res.Stopped = res.Err.Error()
			break
		}
		for k, c := range cases {
			g, w := gs[k], ws[k]
			res.Cases++
			for _, d := range compare(p.ref.Registry, c, w, g) {
				f := s.first[d.Property]
				if f == nil {
					seed := o.Seed
					if c.Seed != 0 {
						seed = c.Seed // a corpus case keeps the seed it was drawn from
					}
					f = &Failure{Property: d.Property, Seed: seed, Index: c.Index, Case: c, Registry: p.regOf}
					s.first[d.Property] = f
					s.passOf[d.Property] = p
				}
				f.Diverging++
			}
			if g.Err != nil {
				s.unanswered++
				if s.unanswered >= o.Breaker {
					res.Stopped = fmt.Sprintf("the implementation could not answer %d cases in a row; the sweep stopped at case %d of %d", s.unanswered, c.Index+1, o.Cases)
					break
				}
			} else {
				s.unanswered = 0
			}
		}
	}
}

// shrinkAll shrinks the failures not shrunk yet, each against the pass it came from.
func (s *sweeper) shrinkAll(ctx context.Context) {
	for _, prop := range Properties() {
		p, open := s.passOf[prop]
		if !open {
			continue
		}
		delete(s.passOf, prop)
		f := s.first[prop]
		until := time.Now().Add(s.o.ShrinkTime)
		keep := func(c Case) bool {
			if ctx.Err() != nil || time.Now().After(until) {
				return false
			}
			return diverges(ctx, p.ref, p.im, s.o.Reader, c, prop) != nil
		}
		f.Case, f.Steps = shrink(f.Case, keep, s.o.ShrinkBudget)
		if d := diverges(ctx, p.ref, p.im, s.o.Reader, f.Case, prop); d != nil {
			f.Want, f.Got = d.Want, d.Got
		}
		f.Reference, _ = ask(ctx, p.ref, nil, f.Case, "")
		f.Answer, _ = ask(ctx, p.im, s.o.Reader, f.Case, "")
	}
}

// diverges puts one case to both sides, asking only what prop needs, and returns the
// divergence on prop, or nil (also when the implementation's fragments cannot be read).
func diverges(ctx context.Context, ref subject.Reference, im subject.Implementation, r fragment.Reader, c Case, prop string) *fragment.Divergence {
	only := prop
	if prop == PropAnswer {
		only = ""
	}
	want, _ := ask(ctx, ref, nil, c, only)
	got, err := ask(ctx, im, r, c, only)
	if err != nil {
		return nil
	}
	for _, d := range compare(ref.Registry, c, want, got) {
		if d.Property == prop {
			return &d
		}
	}
	return nil
}

// Summary is one line about the sweep for the closing lines and the reports.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sweep: %d cases", r.Cases)
	if r.WriterCases > 0 {
		fmt.Fprintf(&b, " and %d writer scenarios", r.WriterCases)
	}
	fmt.Fprintf(&b, ", seed %d", r.Seed)
	if n := len(r.Failures) + len(r.Writers); n > 0 {
		props := make([]string, 0, n)
		for _, f := range r.Failures {
			props = append(props, f.Property)
		}
		for _, f := range r.Writers {
			props = append(props, f.Property)
		}
		fmt.Fprintf(&b, ", %d properties diverged (%s)", n, strings.Join(props, ", "))
	} else {
		b.WriteString(", no divergence")
	}
	if r.RegistriesRefused > 0 {
		fmt.Fprintf(&b, "; the implementation refused %d generated registries (it holds itself to its own families), their cases were not put", r.RegistriesRefused)
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
	for _, f := range r.Writers {
		out = append(out, f.Property)
	}
	return slices.Clip(out)
}
