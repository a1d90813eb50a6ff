package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/steps"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/subject"
	"github.com/conform-dev/conform/sweep"
	"github.com/conform-dev/conform/vectors"
	"github.com/cucumber/godog"
)

// Formats are godog's formatters conform offers.
var Formats = []string{"pretty", "progress", "junit", "cucumber", "events", "markdown", "github", "record"}

// Options configure one run of the suite.
type Options struct {
	Features      fs.FS  // nil: the embedded features
	Tags          string // a godog tag expression
	Format        string // godog formats, comma separated, each optionally "name:path"
	Output        io.Writer
	Concurrency   int
	Seed          int64 // 0 keeps file order; any other value shuffles with that seed
	StopOnFailure bool
	NoColors      bool
	Impl          subject.Implementation // nil: the reference contract
	Stores        *store.Stores          // nil: a new memory store per scenario
	TestingT      *testing.T
	Vectors       []vectors.Vector // nil: the embedded vectors
	// Gaps are the known gaps (conform.gaps.yaml, --skip) and pending checks
	// (--pending-since) of the run; Lane picks those of its lane, and Today judges their
	// expiry (zero: now).
	Gaps  []gaps.Gap
	Lane  string
	Today time.Time
	// RunInfo is what the run says of itself in its cucumber JSON (nil: the suite's own
	// sweep and shard only).
	RunInfo *record.RunInfo
	// SweepCases is the size of the differential sweep (0: off, its scenarios are left out);
	// SweepSeed makes it reproducible.
	SweepCases    int
	SweepSeed     uint64
	SweepFailFast bool // end the sweep at its first divergence (tests that only need a verdict)
	// SweepRegistries is how many generated registries the sweep starts the implementation
	// with after its cases (0: sweep.RegistryCount; -1: none).
	SweepRegistries int
	// Registry is the registry in force (nil: the built-in one): the in-process reference and
	// the sweep answer with it, and the sweep draws its families from it.
	Registry *contract.Registry
	// SweepReplay, when set, makes the sweep put one case alone (--case, --writer-case).
	SweepReplay *sweep.Replay
	// SweepCorpus are divergences kept by earlier sweeps, put first (--sweep-corpus DIR).
	SweepCorpus []sweep.Kept
	// Only, when set, runs one check alone: a vector ID or a scenario ("file.feature: name"),
	// as a finding's replay command names it.
	Only string
	// OnlyChecks, when set, runs these checks alone (conform run --only-failed): scenarios by
	// their check ID, vectors by ID, sweep properties as "sweep: PROPERTY" (the sweep then runs
	// whole, on SweepSeed, and only the scenarios of those properties are kept).
	OnlyChecks map[string]bool
	// Maintainer adds the advice meant for conform's own maintainers to failures.
	Maintainer bool
	// Shard runs one part of a run split across runners: its share of the scenarios, of every
	// category's vectors and of the sweep's cases (conform report merges the parts).
	Shard shard.Shard
	// AllFailures keeps godog's list of every failed step in the progress format (by
	// default the closing lines tell the failures as findings).
	AllFailures bool
	// SweepStarted, when set, is told when the sweep starts (to print its seed).
	SweepStarted func(cases int, seed uint64)
	// Reader reads the implementation's fragments (nil: from their markup; package render
	// renders them in Chromium).
	Reader fragment.Reader
	// Standard is the application's written standard the US4 scenarios read (nil: conform's
	// embedded one), StandardName where it came from.
	Standard     []byte
	StandardName string
}

// Result counts scenarios.
type Result struct {
	Passed  int
	Failed  int
	Skipped int // scenarios that fail as a known gap says
	// Pending counts scenarios that fail but are newer than --pending-since.
	Pending int
	// SkippedScenarios names the scenarios a known gap or a pending entry covers, with why.
	SkippedScenarios []string
	// GapProblems are the gaps that fail the run: stale (every check they cover passes) or
	// expired, one line each.
	GapProblems []string
	// Checks are the verdicts of every check the run ran, in no particular order.
	Checks []finding.Check
	// Info is what the run said of itself (the RunInfo its cucumber JSON carries).
	Info *record.RunInfo
	// Diff is what changed against the saved run Setup.Against names (nil without one).
	Diff *record.Diff
	// FailedScenarios names every failed scenario, sorted.
	FailedScenarios []string
	// Code is godog's exit code: 0 passed, 1 failed, 2 options error.
	Code int
	// Sweep is what the differential sweep found; nil when it did not run.
	Sweep *sweep.Result
	// Independent counts passed scenarios that never asked the implementation anything (the
	// written standard, conform's own writers): under another implementation they are not
	// part of its tally, since they pass whatever it does.
	Independent int
	// IndependentScenarios names them, sorted.
	IndependentScenarios []string
	// Findings are the failures grouped by root cause, the one to fix first first.
	Findings []finding.Finding
}

// Summary is the closing line of a run.
func (r Result) Summary() string {
	s := fmt.Sprintf("%d passed, %d failed", r.Passed, r.Failed)
	if r.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", r.Skipped)
	}
	if r.Pending > 0 {
		s += fmt.Sprintf(", %d pending", r.Pending)
	}
	if n := len(r.GapProblems); n > 0 {
		s += fmt.Sprintf(", %d gaps stale or expired", n)
	}
	if r.Independent > 0 {
		s += fmt.Sprintf("\n(and %d scenarios passed that ask the implementation nothing: they check the written standard)", r.Independent)
	}
	return s
}

// asked counts the questions one scenario puts to the implementation.
type asked struct {
	subject.Implementation
	n      atomic.Int64
	drives *driveMemo // nil: every drive is asked
}

func (a *asked) Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error) {
	a.n.Add(1)
	return a.Implementation.Resolve(ctx, run)
}

func (a *asked) Present(ctx context.Context, run contract.Run, actor contract.Actor) (subject.Presented, error) {
	a.n.Add(1)
	return a.Implementation.Present(ctx, run, actor)
}

func (a *asked) Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (subject.Page, error) {
	a.n.Add(1)
	return a.Implementation.Shell(ctx, actor, tenantID, runs)
}

func (a *asked) Drive(ctx context.Context, sc contract.WriterScenario, at subject.Target) (subject.Writes, error) {
	a.n.Add(1)
	if at.DSN != "" || a.drives == nil {
		return a.Implementation.Drive(ctx, sc, at)
	}
	return a.drives.get(ctx, a.Implementation, sc, at)
}

// driveMemo keeps what the implementation answered to each writer scenario in one run, on
// the in-memory store: the scenarios that read the same writer scenario (each trace rule of
// writers.feature reads all of them) ask for it once. On PostgreSQL every scenario's writers
// run on its own database, and are asked each time.
type driveMemo struct {
	mu   sync.Mutex
	seen map[string]subject.Writes
}

func (m *driveMemo) get(ctx context.Context, im subject.Implementation, sc contract.WriterScenario, at subject.Target) (subject.Writes, error) {
	raw, _ := json.Marshal(sc)
	key := fmt.Sprintf("%s %d %d", raw, at.TenantID, at.UserID)
	m.mu.Lock()
	w, ok := m.seen[key]
	m.mu.Unlock()
	if ok {
		return w, nil
	}
	w, err := im.Drive(ctx, sc, at)
	if err == nil {
		m.mu.Lock()
		m.seen[key] = w
		m.mu.Unlock()
	}
	return w, err
}

// Execute runs the suite; cancelling ctx stops it (the results so far are returned).
func Execute(ctx context.Context, o Options) Result {
	other := o.Impl != nil // the tally of another implementation leaves out what it is never asked
	o, sweepImpl, err := withDefaults(o)
	if err != nil {
		return Result{Code: 2, FailedScenarios: []string{err.Error()}}
	}
	if strings.Contains(","+o.Format+",", ",pretty,") {
		strip := &noGoLocations{w: o.Output}
		defer strip.Flush()
		o.Output = strip
	}
	today := o.Today
	if today.IsZero() {
		today = time.Now()
	}
	t := &tally{other: other, gaps: gaps.NewSet(o.Gaps, o.Lane, today), drives: &driveMemo{seen: map[string]subject.Writes{}}}
	cfg := t.config(o)
	var only string
	cfg, o, only = narrow(cfg, o)
	tags := tagsFor(o, cfg)
	if o.SweepCases > 0 {
		cfg.Sweep = t.sweeper(o, sweepImpl)
		// Unless a tag filter may leave its scenarios out, the sweep starts at once, beside the
		// first scenarios, instead of in the first sweep scenario: it finishes while they run.
		// Execute waits for it: a run that stopped early cancels it rather than leave it behind.
		if strings.TrimSpace(o.Tags) == "" && o.Only == "" {
			defer background(ctx, func(ctx context.Context) { cfg.Sweep(ctx) })()
		}
	} else {
		tags = AndTags(tags, "~@sweep")
	}
	registerProgress()
	suite := godog.TestSuite{
		Name:                "conform",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { t.initialize(sc, cfg, o, only) },
		Options: &godog.Options{
			Format:         consoleFormats(o.Format, o.AllFailures),
			Paths:          []string{"."},
			FS:             o.Features,
			Tags:           tags,
			Concurrency:    o.Concurrency,
			Randomize:      o.Seed,
			StopOnFailure:  o.StopOnFailure,
			Strict:         true,
			NoColors:       o.NoColors,
			Output:         o.Output,
			TestingT:       o.TestingT,
			DefaultContext: ctx,
		},
	}
	return t.finish(o, suite.Run())
}

// withDefaults fills in what o leaves out: the embedded features and vectors, the reference
// contract, a memory store per scenario, the progress format. It returns the implementation
// the sweep asks: the fixed scenarios and vectors are spec 272's, so in process they hold the
// built-in reference, while the sweep is the registry's and holds the reference with it.
func withDefaults(o Options) (Options, subject.Implementation, error) {
	if o.Features == nil {
		o.Features = features.FS()
	}
	sweepImpl := o.Impl
	if o.Impl == nil {
		o.Impl = subject.Reference{}
		sweepImpl = subject.Reference{Registry: o.Registry}
	}
	if o.Stores == nil {
		o.Stores = store.Memory()
	}
	if o.Format == "" {
		o.Format = "progress"
	}
	if o.Output == nil {
		o.Output = io.Discard
	}
	if o.Vectors == nil {
		vs, err := vectors.LoadEmbedded()
		if err != nil {
			return o, nil, fmt.Errorf("vectors: %w", err)
		}
		o.Vectors = vs
	}
	return o, sweepImpl, nil
}

// tally is what a suite run gathers from its scenarios as they end, on godog's goroutines.
type tally struct {
	other  bool // another implementation than the reference: what it is never asked is apart
	gaps   *gaps.Set
	drives *driveMemo

	mu       sync.Mutex
	res      Result
	problems []finding.Problem
	ran      int
	leftOut  sync.Map // pickle IDs --only, --only-failed or the shard leave out
}

// config is the steps' configuration of a run: what every scenario is given, and what the run
// says of itself (its RunInfo).
func (t *tally) config(o Options) steps.Config {
	cfg := steps.Config{Impl: o.Impl, NewStore: o.Stores.NewStore, Vectors: o.Vectors, Gaps: t.gaps, Reader: o.Reader,
		Standard: o.Standard, StandardName: o.StandardName, Maintainer: o.Maintainer, Only: o.Only, Shard: o.Shard}
	cfg.Observed = new(atomic.Int64)
	info := record.RunInfo{}
	if o.RunInfo != nil {
		info = *o.RunInfo
	}
	if !o.Shard.Whole() {
		info.Shard = o.Shard.Arg()
	}
	if o.SweepCases > 0 {
		info.Seed, info.Cases = o.SweepSeed, o.SweepCases
	}
	for _, g := range t.gaps.Expired() {
		info.Expired = append(info.Expired, *g.RefOf())
	}
	cfg.RunInfo = &info
	t.res.Info = &info
	if ids, err := matrix.CheckIDs(o.Features); err == nil {
		cfg.CheckIDs = ids // a feature that does not parse is godog's to report
	}
	if o.Standard != nil {
		cfg.Registry = o.Registry // the application's standard describes its own registry
	}
	if t.other && o.Registry != nil {
		// The implementation is held to the registry: the vectors' generic copy is its own. In
		// process the reference of the fixed scenarios is spec 272's.
		cfg.Registry = o.Registry
		cfg.Vectors = vectors.ForSettings(o.Vectors, o.Registry)
	}
	return cfg
}

// narrow keeps what --only and --only-failed name: the vector --only names (only is then "")
// or the scenario it names (only), the checks --only-failed names; the sweep runs only when
// one of its checks is named.
func narrow(cfg steps.Config, o Options) (steps.Config, Options, string) {
	only := o.Only
	if o.Only != "" {
		if i := slices.IndexFunc(cfg.Vectors, func(v vectors.Vector) bool { return v.ID == o.Only }); i >= 0 {
			cfg.Vectors = []vectors.Vector{cfg.Vectors[i]}
			only = ""
		}
	}
	if o.Only != "" && !strings.HasPrefix(only, "differential_sweep.feature") {
		o.SweepCases = 0 // the sweep is not the check replayed
	}
	if o.OnlyChecks != nil {
		cfg.OnlyChecks = o.OnlyChecks
		cfg.Vectors = slices.DeleteFunc(slices.Clone(cfg.Vectors), func(v vectors.Vector) bool { return !o.OnlyChecks[v.ID] })
		sweepChecked := false
		for id := range o.OnlyChecks {
			sweepChecked = sweepChecked || strings.HasPrefix(id, steps.SweepCheck(""))
		}
		if !sweepChecked {
			o.SweepCases = 0
		}
	}
	return cfg, o, only
}

// tagsFor is the run's tag expression: the user's, the store's, and none of the scenarios
// pinning a reading the registry does not take.
func tagsFor(o Options, cfg steps.Config) string {
	tags := AndTags(o.Tags, o.Stores.Tags)
	if cfg.Registry != nil {
		for _, r := range OtherReadings(cfg.Registry) {
			tags = AndTags(tags, "~@reading:"+r)
		}
	}
	return tags
}

// sweeper runs the sweep once, whichever scenario (or the background start) asks first, and
// hands every asker its result.
func (t *tally) sweeper(o Options, impl subject.Implementation) func(context.Context) *sweep.Result {
	var once sync.Once
	return func(ctx context.Context) *sweep.Result {
		once.Do(func() {
			if o.SweepStarted != nil {
				o.SweepStarted(o.SweepCases, o.SweepSeed)
			}
			r := sweep.Sweep(ctx, impl, sweep.Options{Seed: o.SweepSeed, Cases: o.SweepCases, FailFast: o.SweepFailFast, Registry: o.Registry, Reader: o.Reader, Registries: o.SweepRegistries,
				WriterCases: sweep.WritersFor(o.SweepCases), Replay: o.SweepReplay, Shard: o.Shard, Corpus: o.SweepCorpus})
			t.mu.Lock()
			t.res.Sweep = r
			t.mu.Unlock()
		})
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.res.Sweep
	}
}

// background starts f and returns what ends it: cancel, then wait until f has returned.
func background(ctx context.Context, f func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// initialize wires one scenario: the steps, with an implementation that counts what it is
// asked; a hook that leaves out what --only, --only-failed or the shard do not name; and one
// that tallies the scenario's checks and problems.
func (t *tally) initialize(sc *godog.ScenarioContext, cfg steps.Config, o Options, only string) {
	counter := &asked{Implementation: o.Impl, drives: t.drives}
	cfg.Impl = counter
	if shared := cfg.Sweep; shared != nil {
		cfg.Sweep = func(ctx context.Context) *sweep.Result {
			counter.n.Add(1)
			return shared(ctx)
		}
	}
	steps.Initialize(sc, cfg)
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		perCheck := judgesEachCheck(s)
		// The vector and sweep scenarios run in every shard, each on its share.
		sharedOut := !o.Shard.Whole() && !perCheck && !o.Shard.Has(s.Uri+": "+s.Name)
		// --only-failed keeps the scenarios it names; vector and sweep scenarios skip
		// themselves when none of their checks is named.
		notNamed := o.OnlyChecks != nil && !perCheck && !o.OnlyChecks[steps.ScenarioRef(cfg.CheckIDs, s).ID]
		if sharedOut || notNamed || only != "" && s.Uri+": "+s.Name != only || o.Only != "" && only == "" && s.Uri != "vectors.feature" {
			t.leftOut.Store(s.Id, true)
			return ctx, godog.ErrSkip // --only names another check
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		return t.scenarioEnded(ctx, cfg, s, err, counter), nil // the scenario's own error stands
	})
}

// scenarioEnded tallies one scenario: its checks (a vector or sweep scenario's were judged one
// by one by its step), its problems, and its verdict.
func (t *tally) scenarioEnded(ctx context.Context, cfg steps.Config, s *godog.Scenario, err error, counter *asked) context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, out := t.leftOut.Load(s.Id); out || errors.Is(err, godog.ErrSkip) {
		return ctx // left out by --only: not part of the run
	}
	t.ran++
	res := &t.res
	perCheck := judgesEachCheck(s)
	res.Checks = append(res.Checks, steps.Checks(ctx)...)
	var c finding.Check
	if !perCheck {
		ref := steps.ScenarioRef(cfg.CheckIDs, s)
		verdict, gap := t.gaps.Judge(ref, err == nil)
		c = finding.Check{ID: ref.ID, Kind: finding.KindScenario, Verdict: verdict, Requirements: ref.Requirements, Gap: gap.RefOf()}
		if err != nil {
			for _, p := range steps.Problems(ctx) {
				if !slices.Contains(c.Rules, p.Rule) {
					c.Rules = append(c.Rules, p.Rule)
				}
			}
		}
		res.Checks = append(res.Checks, c)
		ctx = steps.AttachChecksTo(ctx, []finding.Check{c})
	}
	if err != nil && c.Verdict != finding.Known && c.Verdict != finding.Pending {
		ps := steps.Problems(ctx)
		if len(ps) == 0 {
			ps = []finding.Problem{{Rule: "scenario: " + s.Name, Stage: finding.Scenario, Check: s.Uri + ": " + s.Name,
				Got: finding.Line(err.Error(), 300), Replay: "--only " + finding.Quote(s.Uri+": "+s.Name)}}
		}
		t.problems = append(t.problems, ps...)
	}
	switch {
	case c.Verdict == finding.Known || c.Verdict == finding.Pending:
		if c.Verdict == finding.Known {
			res.Skipped++
		} else {
			res.Pending++
		}
		res.SkippedScenarios = append(res.SkippedScenarios, fmt.Sprintf("%s (%s: %s)", c.ID, c.Verdict, c.Gap.Reason))
	case err != nil:
		res.Failed++
		res.FailedScenarios = append(res.FailedScenarios, s.Uri+": "+s.Name)
	case t.other && counter.n.Load() == 0:
		res.Independent++
		res.IndependentScenarios = append(res.IndependentScenarios, s.Uri+": "+s.Name)
	default:
		res.Passed++
	}
	return ctx
}

// judgesEachCheck tells the vector and sweep scenarios: their steps judge each of their
// checks (a vector, a sweep property) one by one, and every shard runs its share of them.
func judgesEachCheck(s *godog.Scenario) bool {
	return s.Uri == "vectors.feature" || s.Uri == "differential_sweep.feature"
}

// finish is the run's result once godog has returned code: its findings, what --only and
// --only-failed matched, the known gaps and pending checks that do not fail it, and the gaps
// that do (stale or expired).
func (t *tally) finish(o Options, code int) Result {
	t.mu.Lock()
	defer t.mu.Unlock()
	res := t.res
	res.Code = code
	res.Findings = finding.Group(t.problems)
	if o.OnlyChecks != nil && t.ran == 0 {
		res.Code = 2
		res.FailedScenarios = append(res.FailedScenarios, "--only-failed: none of the checks that failed is in this run (other features, tags or lane?)")
	}
	if o.Only != "" && t.ran == 0 {
		res.Code = 2
		res.FailedScenarios = append(res.FailedScenarios, fmt.Sprintf("--only %q names no scenario (\"file.feature: name\", as a finding's replay says) and no vector ID", o.Only))
	}
	if res.Code == 1 && res.Failed == 0 && res.Skipped+res.Pending > 0 {
		res.Code = 0 // every failure was a known gap or a pending check
	}
	// A gap is stale when every check it covers passes: judged where every check ran (a shard
	// sees only its share; conform report judges the merged run). An expired gap fails anyway.
	res.GapProblems = t.gaps.Problems()
	if !o.Shard.Whole() {
		res.GapProblems = nil
		for _, g := range t.gaps.Expired() {
			res.GapProblems = append(res.GapProblems, fmt.Sprintf("%s: the gap %s expired on %s", g.Source, g.Describe(), g.Expires.Format(time.DateOnly)))
		}
	}
	if len(res.GapProblems) > 0 && res.Code == 0 {
		res.Code = 1
	}
	sort.Strings(res.FailedScenarios)
	sort.Strings(res.SkippedScenarios)
	sort.Strings(res.IndependentScenarios)
	return res
}

// OtherReadings names the readings where a registry takes the other one than conform's
// ("partial-composite", "missing-with-counts", "deferred-counts"): the scenarios tagged
// @reading:<name> pin conform's and are left out for an implementation held to it (the sweep
// holds it to the registry's).
func OtherReadings(reg *contract.Registry) []string {
	r, d := reg.Settings().Readings, contract.DefaultSettings().Readings
	var out []string
	if r.PartialComposite != d.PartialComposite {
		out = append(out, "partial-composite")
	}
	if r.MissingWithCounts != d.MissingWithCounts {
		out = append(out, "missing-with-counts")
	}
	if r.DeferredCounts != d.DeferredCounts {
		out = append(out, "deferred-counts")
	}
	return out
}

// ValidateFormat checks a --format value before godog sees it, so a typo is one clear error.
func ValidateFormat(format string) error {
	for _, part := range strings.Split(format, ",") {
		name, _, _ := strings.Cut(part, ":")
		ok := false
		for _, f := range Formats {
			ok = ok || name == f
		}
		if !ok {
			return fmt.Errorf("unknown format %q (formats: %s; write several as pretty,junit:out.xml)", name, strings.Join(Formats, ", "))
		}
	}
	return nil
}

// noGoLocations drops what godog's pretty format appends to every step line, the Go source
// of its definition ("# seed.go:19 -> ..."): readers of the standard want the feature's words
// and the feature's line, not the harness's internals.
type noGoLocations struct {
	w    io.Writer
	line []byte
	err  error // the first write that failed: nothing more is written (or held)
}

var goLocation = regexp.MustCompile(`[ \t]*(\x1b\[[0-9;]*m)*# [^ \t\n]+\.go:\d+ -> [^\n\x1b]*(\x1b\[[0-9;]*m)*`)

func (n *noGoLocations) Write(p []byte) (int, error) {
	if n.err != nil {
		return 0, n.err
	}
	n.line = append(n.line, p...)
	if i := bytes.LastIndexByte(n.line, '\n'); i >= 0 {
		_, err := n.w.Write(goLocation.ReplaceAll(n.line[:i+1], nil))
		n.line = append(n.line[:0], n.line[i+1:]...)
		if err != nil {
			n.err, n.line = err, nil
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what is left of the last line.
func (n *noGoLocations) Flush() {
	if len(n.line) > 0 && n.err == nil {
		_, _ = n.w.Write(goLocation.ReplaceAll(n.line, nil))
		n.line = nil
	}
}
