package steps

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/conform-dev/conform/internal/safetext"
	"github.com/cucumber/godog"
)

// Initialize registers the steps a scenario uses and the hooks that give each scenario its
// own World and store, and release the store when the scenario ends.
func Initialize(sc *godog.ScenarioContext, cfg Config) {
	// First of the hooks, so every step finds its definition whatever the others do.
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		for _, d := range definitionsFor(s) {
			sc.Step(d.re, d.guarded)
		}
		return ctx, nil
	})
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		st, err := cfg.NewStore(ctx)
		if err != nil {
			return ctx, err
		}
		w := &World{cfg: cfg, store: st, tenants: map[string]int64{}, users: map[string]int64{}, runs: map[string]int64{},
			scenario: s}
		return context.WithValue(ctx, worldKey{}, w), nil
	})
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if w, ok := ctx.Value(worldKey{}).(*World); ok && w.store != nil {
			if cerr := w.store.Close(); cerr != nil && err == nil {
				return ctx, cerr
			}
		}
		return ctx, nil
	})
	sc.StepContext().After(attachObservations)
	sc.StepContext().After(attachRunInfo)
}

// A definition is one step: its pattern, compiled once per process, and its handler, which
// reads everything it needs from the context (the World), so one handler serves every
// scenario.
type definition struct {
	re     *regexp.Regexp
	fn     any
	prefix string // what a matching text begins with: the literal start of a ^-anchored pattern
	rule   string // the rule a failure of this step breaks (finding.Problem.Rule); "" for none
	// guarded is fn with its error made printable (guard): what godog calls.
	guarded any
}

// mayMatch is a cheap test before the regexp: false only when the text cannot match.
func (d definition) mayMatch(text string) bool { return strings.HasPrefix(text, d.prefix) }

// definitions collects the step definitions, in the order the xxxSteps functions give them.
type definitions struct{ list []definition }

// step adds one step definition.
func step(d *definitions, pattern string, fn any) {
	re := regexp.MustCompile(pattern)
	prefix := ""
	if strings.HasPrefix(pattern, "^") {
		prefix, _ = re.LiteralPrefix()
	}
	d.list = append(d.list, definition{re: re, fn: fn, prefix: prefix, guarded: guard(fn)})
}

var errorType = reflect.TypeFor[error]()

// guard wraps a step so that its error prints safely (Printable): a failure quotes what the
// implementation answered, and that text reaches terminals, CI logs and reports.
func guard(fn any) any {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumOut() == 0 || t.Out(t.NumOut()-1) != errorType {
		return fn
	}
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		out := v.Call(args)
		last := out[len(out)-1]
		if !last.IsNil() {
			wrapped := reflect.New(errorType).Elem()
			wrapped.Set(reflect.ValueOf(error(&Printable{Err: last.Interface().(error)})))
			out[len(out)-1] = wrapped
		}
		return out
	}).Interface()
}

// maxFailure bounds the text of one failure: an implementation's answer quoted in it (a
// fragment, a listing) can be megabytes.
const maxFailure = 16 << 10

// Printable is a step's error as conform prints it: control characters escaped, no line that
// starts a CI workflow command, at most maxFailure bytes. errors.Is and As see the error
// within (a skip, a finding's problems).
type Printable struct{ Err error }

func (p *Printable) Error() string { return safetext.Text(safetext.Cap(p.Err.Error(), maxFailure)) }
func (p *Printable) Unwrap() error { return p.Err }

// check adds a step that checks a rule of the standard: its failures are problems of that rule.
func check(d *definitions, rule, pattern string, fn any) {
	step(d, pattern, fn)
	d.list[len(d.list)-1].rule = rule
}

// ruleOf is the rule a step's failure breaks: its definition's, or the step itself.
func ruleOf(text string) string {
	for _, d := range all().list {
		if d.mayMatch(text) && d.re.MatchString(text) {
			if d.rule != "" {
				return d.rule
			}
			return "step: " + strings.TrimSpace(strings.TrimPrefix(d.re.String(), "^"))
		}
	}
	return "step: " + text
}

// all is every step definition, built once per process.
var all = sync.OnceValue(func() *definitions {
	d := &definitions{}
	for _, add := range []func(*definitions){givenSteps, jobSteps, resolutionSteps, shellSteps, accessSteps,
		standardSteps, databaseSteps, vectorSteps, sweepSteps} {
		add(d)
	}
	return d
})

// matching caches, for each step text met, the definitions whose pattern matches it (one,
// unless the text is ambiguous, which godog then reports).
var matching sync.Map // string -> []int, indices into all().list

// definitionsFor lists the definitions a scenario's steps match, each once, in definition
// order. godog matches every step against every definition it was given, twice (the step
// and its check for nested undefined steps); given the four or five a scenario uses instead
// of all 68, and registering those instead of all for every scenario, an in-process run of
// the standard spends a third less CPU. A text no definition matches stays undefined, and
// one that two match stays ambiguous, as when all were given.
func definitionsFor(s *godog.Scenario) []definition {
	defs := all().list
	seen := make([]bool, len(defs))
	for _, st := range s.Steps {
		idx, ok := matching.Load(st.Text)
		if !ok {
			var found []int
			for i, d := range defs {
				if d.mayMatch(st.Text) && d.re.MatchString(st.Text) {
					found = append(found, i)
				}
			}
			idx, _ = matching.LoadOrStore(st.Text, found)
		}
		for _, i := range idx.([]int) {
			seen[i] = true
		}
	}
	var out []definition
	for i, used := range seen {
		if used {
			out = append(out, defs[i])
		}
	}
	return out
}
