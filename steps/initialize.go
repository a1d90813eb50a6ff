package steps

import (
	"context"
	"regexp"
	"sync"

	"github.com/cucumber/godog"
)

// Initialize registers every step and the hooks that give each scenario its own World and
// store, and release the store when the scenario ends.
func Initialize(sc *godog.ScenarioContext, cfg Config) {
	sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		st, err := cfg.NewStore(ctx)
		if err != nil {
			return ctx, err
		}
		w := &World{cfg: cfg, store: st, tenants: map[string]int64{}, users: map[string]int64{}, runs: map[string]int64{}}
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
	seedSteps(sc)
	jobSteps(sc)
	resolutionSteps(sc)
	shellSteps(sc)
	accessSteps(sc)
	standardSteps(sc)
	databaseSteps(sc)
	vectorSteps(sc)
	sweepSteps(sc)
}

// patterns holds every step pattern compiled once per process: godog is handed a compiled
// expression, since it would otherwise compile each pattern again for every scenario.
var patterns sync.Map // string -> *regexp.Regexp

// step registers one step with its pattern compiled once.
func step(sc *godog.ScenarioContext, pattern string, fn any) {
	re, ok := patterns.Load(pattern)
	if !ok {
		re, _ = patterns.LoadOrStore(pattern, regexp.MustCompile(pattern))
	}
	sc.Step(re.(*regexp.Regexp), fn)
}
