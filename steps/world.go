package steps

import (
	"context"
	"sync/atomic"

	"fmt"
	"github.com/cucumber/godog"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/jobs"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/sweep"
	"github.com/conform-dev/conform/vectors"
)

// Config is what a suite run gives every scenario.
type Config struct {
	Impl     subject.Implementation
	NewStore func(ctx context.Context) (store.Store, error)
	Vectors  []vectors.Vector // the run vectors the vector scenarios check
	// Sweep returns the differential sweep of this suite run, run once on first use; nil when
	// the sweep is off.
	Sweep func(ctx context.Context) *sweep.Result
	// Reader reads the implementation's fragments (nil: from their markup).
	Reader fragment.Reader
	// Registry is the registry the implementation is held to (nil: the built-in one): its
	// generic copy and summary_counts keys are what the scenarios expect.
	Registry *contract.Registry
	// Standard is the application's written standard the US4 scenarios read (nil: conform's
	// embedded docs/standards.md), and StandardName where it came from.
	Standard     []byte
	StandardName string
	// Maintainer adds the advice for conform's own maintainers to failures (pin a vector).
	Maintainer bool
	// Shard is the part of a split run this one checks (--shard I/N).
	Shard shard.Shard
	// Observed counts the bytes of observations a run's failures attached (nil: unbounded).
	Observed *atomic.Int64
	// RunInfo is what each scenario's first step carries of the run (nil: nothing).
	RunInfo *record.RunInfo
	// Gaps are the known gaps and pending checks in force (nil: none).
	Gaps *gaps.Set
	// CheckIDs names the scenarios as checks (matrix.CheckIDs of the features run).
	CheckIDs map[string]string
	// OnlyChecks, when set, are the checks the run reruns (--only-failed): the vector and
	// sweep scenarios that hold none of them skip themselves.
	OnlyChecks map[string]bool
	// Only, when set, is the one check the run replays (conform run --only): a vector ID or a
	// scenario ("file.feature: name"); Vectors then holds that vector alone.
	Only string
}

func (c Config) registry() *contract.Registry {
	if c.Registry == nil {
		return contract.Builtin
	}
	return c.Registry
}

// World is the state of one scenario.
type World struct {
	cfg      Config
	scenario *godog.Scenario
	// problems are what the scenario's failed steps broke (finding.Problem), for the run's
	// findings.
	problems []finding.Problem
	store    store.Store
	tenants  map[string]int64
	users    map[string]int64
	runs     map[string]int64 // alias -> run id
	viewer   int64            // the first operator who may view, used when nobody opened anything
	current  int64            // the run the scenario talks about
	job      *job             // the writer scenario the sentences describe (steps/jobs.go)
	// reference is a job of conform's own reference writers, for the scenarios about what
	// their SQL does on PostgreSQL.
	reference *jobs.Job
	snapshot  *snapshot // the evidence snapshot a review is composed from
	// broken lists, by trace rule, what every writer scenario of the standard broke, once
	// they ran; ranWriters counts them.
	broken         map[string][]string
	brokenProblems map[string][]finding.Problem
	ranWriters     int
	infoAttached   bool            // the run's RunInfo is on a step already (attachRunInfo)
	checks         []finding.Check // the verdicts of the checks its steps ran

	screen *string  // what is on screen after someone opened a run or a shell
	status int      // the status of the last request
	listed []string // aliases of the runs the shell listed, sorted
	// listedInOrder is the same in the order listed, and page the shell's whole answer.
	listedInOrder []string
	page          *subject.Page
	phases        []string // phase keys shown while a job ran through its boundaries
	standard      []byte
	written       any      // the context as the scenario wrote it, before the store had it
	schema        []string // table.column list recorded before the writers ran
}

// snapshot is an evidence snapshot a scenario gave: its tenant and its operations summary
// (nil: none).
type snapshot struct {
	tenant string
	ops    *contract.OperationsSummary
}

type worldKey struct{}

func world(ctx context.Context) *World { return ctx.Value(worldKey{}).(*World) }

// storedRun loads the scenario's current run as the store holds it, after running the
// scenario's job when a sentence changed it.
func (w *World) storedRun(ctx context.Context) (contract.Run, error) {
	if err := w.drive(ctx); err != nil {
		return contract.Run{}, err
	}
	if w.current == 0 {
		return contract.Run{}, fmt.Errorf("no run was seeded in this scenario")
	}
	return w.store.Run(ctx, w.current)
}

// resolve loads the current run and asks the implementation for its resolution.
func (w *World) resolve(ctx context.Context) (contract.Run, contract.Resolution, error) {
	run, err := w.storedRun(ctx)
	if err != nil {
		return run, contract.Resolution{}, err
	}
	res, err := w.cfg.Impl.Resolve(ctx, run)
	if err != nil {
		return run, res, fmt.Errorf("%s could not resolve run %d: %w", w.cfg.Impl.Name(), run.ID, err)
	}
	return run, res, nil
}

// read is a fragment as conformance reads it, with the run's reader.
func (w *World) read(ctx context.Context, html string) (fragment.Reading, error) {
	r, err := fragment.ReadOne(ctx, w.cfg.Reader, html)
	if err != nil {
		return r, fmt.Errorf("the fragment could not be read: %w", err)
	}
	return r, nil
}

// reading is what is on screen (shell), as conformance reads it.
func (w *World) reading(ctx context.Context) (string, fragment.Reading, error) {
	h, err := w.shell(ctx)
	if err != nil {
		return "", fragment.Reading{}, err
	}
	r, err := w.read(ctx, h)
	return h, r, err
}

// shell is the HTML on screen: what the last request answered, or the current run presented
// to the scenario's operator.
func (w *World) shell(ctx context.Context) (string, error) {
	if w.screen != nil {
		return *w.screen, nil
	}
	run, err := w.storedRun(ctx)
	if err != nil {
		return "", err
	}
	actor, err := w.store.Actor(ctx, w.viewer)
	if err != nil {
		return "", err
	}
	p, err := w.cfg.Impl.Present(ctx, run, actor)
	if err != nil {
		return "", fmt.Errorf("%s could not present run %d: %w", w.cfg.Impl.Name(), run.ID, err)
	}
	if p.Status != contract.StatusOK {
		return "", fmt.Errorf("the operator who may view run %d got %d", run.ID, p.Status)
	}
	return p.ShellHTML, nil
}

func (w *World) tenant(name string) (int64, error) {
	id, ok := w.tenants[name]
	if !ok {
		return 0, fmt.Errorf("no tenant %q was seeded in this scenario", name)
	}
	return id, nil
}

func (w *World) user(name string) (int64, error) {
	id, ok := w.users[name]
	if !ok {
		return 0, fmt.Errorf("no operator %q was seeded in this scenario", name)
	}
	return id, nil
}

// families maps the operation names the features use to run types.
var families = map[string]string{
	"baseline capture":             "baseline_capture",
	"baseline compare":             "baseline_compare",
	"tenant review composition":    "tenant.review.compose",
	"review pack generation":       "tenant.review_pack.generate",
	"evidence snapshot generation": "evidence.snapshot.generate",
	"provider health check":        "provider.health_check",
	"support diagnostics":          "support.diagnostics",
	"unregistered family":          "unregistered.sync", // a type no registry names
}

func family(name string) (string, error) {
	t, ok := families[strings.TrimSpace(name)]
	if !ok {
		return "", fmt.Errorf("unknown operation %q (known: baseline capture, baseline compare, tenant review composition, review pack generation, evidence snapshot generation, provider health check, support diagnostics, unregistered family)", name)
	}
	return t, nil
}

// expect turns a failed check into the step's error, with what was wanted and what came.
func expect(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}
