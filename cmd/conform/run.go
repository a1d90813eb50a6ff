package main

import (
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/history"
	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/internal/shard"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/conform-dev/conform/suite"
	"github.com/conform-dev/conform/sweep"
	"github.com/conform-dev/conform/vectors"
)

// randomFlag is --random or --random=SEED.
type randomFlag struct {
	set  bool
	seed int64
}

func (r *randomFlag) String() string   { return "" }
func (r *randomFlag) IsBoolFlag() bool { return true }
func (r *randomFlag) Set(s string) error {
	r.set = true
	switch s {
	case "true", "":
		r.seed = 0
	case "false":
		r.set = false
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n == 0 {
			return fmt.Errorf("want a non-zero integer seed, got %q", s)
		}
		r.seed = n
	}
	return nil
}

// inProcessSweep is the default sweep size against the reference in process, where it checks
// the reference's invariants (the differential half compares the reference with itself).
const inProcessSweep = sweep.InProcessCases

// given reports whether a flag was given on the command line.
func given(fs *flagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// lanes are the shorthands of --lane.
var lanes = map[string]string{"fast": "@fast-feedback", "confidence": ""}

func cmdRun(e env, args []string) error {
	fs := newFlags(e, "run", "[flags]",
		"Runs the features (the executable standard of spec 272) against the reference contract on\n"+
			"the embedded in-memory store, and prints \"N passed, N failed\" (scenarios) at the end.")
	tags := fs.String("tags", "", "godog tag expression, e.g. '@US1 && ~@confidence' (comma is or)")
	format := fs.String("format", "progress", "formats: pretty, progress, junit, cucumber, markdown, github, events; several as pretty,junit:out.xml")
	reportDir := fs.String("report", "", "write a self-contained HTML report (and the run's cucumber JSON) into DIR")
	follow := fs.Bool("report-follow-symlinks", false, "let --report and --format paths be symbolic links (refused by default)")
	conc := fs.Int("concurrency", runtime.NumCPU(), "scenarios run at once, 1 to 256")
	var random randomFlag
	fs.Var(&random, "random", "shuffle scenarios; --random=SEED replays an order (the seed is printed)")
	stop := fs.Bool("stop-on-failure", false, "stop at the first failed scenario")
	lane := fs.String("lane", "", "fast (the @fast-feedback scenarios) or confidence (every scenario, on PostgreSQL)")
	dir := fs.String("features", "", "run the features of this directory instead of the embedded ones")
	noColors := fs.Bool("no-colors", false, "plain output without ANSI colors")
	storeKind := fs.String("store", "", "where runs live: memory (default) or container (PostgreSQL via Docker)")
	dsn := fs.String("dsn", os.Getenv("CONFORM_DSN"), "use this PostgreSQL server (scratch databases only); env CONFORM_DSN")
	image := fs.String("pg-image", pgcontainer.Image(), "image for --store container; env CONFORM_PG_IMAGE")
	implCmd := fs.String("impl", "", "run the features against this implementation (a command speaking the adapter protocol)")
	implTimeout := fs.Duration("impl-timeout", 5*time.Second, "longest wait for one answer of --impl, and for it to read one request (its start handshake: at least 10s)")
	implDeadline := fs.Duration("impl-deadline", time.Hour, "longest the whole run may ask --impl; past it every check fails at once")
	var skipIDs []string
	fs.Func("skip", "a scenario name or vector id (glob) known to fail; repeatable; needs --skip-reason", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("empty skip")
		}
		skipIDs = append(skipIDs, s)
		return nil
	})
	regPath := registryFlag(fs)
	gapsPath := fs.String("gaps", "", "the known gaps (default: conform.gaps.yaml beside conform.yaml, or in the working directory)")
	skipReason := fs.String("skip-reason", "", "why the --skip entries are known to fail (shown in the summary)")
	sweepN := fs.Int("sweep", -1, fmt.Sprintf("size of the differential sweep, 0 to %d (default %d with --impl, %d in process; 0 turns it off)", maxSweep, sweep.DefaultCases, inProcessSweep))
	seed := fs.Uint64("seed", 0, "seed of the sweep's generated cases (default: a new one, printed); the same seed gives the same cases")
	standardPath := fs.String("standard", "", "the application's written standard the US4 scenarios read (default: standard: in conform.yaml, else conform's embedded one)")
	migrations := fs.String("migrations", "", "on PostgreSQL, make the scenario databases with this command (the application's migrations, given DATABASE_URL) instead of conform's schema (default: migrations: in conform.yaml)")
	migrationsDir := new(string)
	coverage := fs.Bool("coverage", false, "after the sweep, print how often it drew each class of the input space")
	only := fs.String("only", "", "run one check alone, as a finding's replay says: a vector ID (phased/capture-fetching) or a scenario ('file.feature: name')")
	replayCase := fs.Int("case", -1, "with --seed, replay that one case of the sweep alone, as a finding's replay says")
	replayWriter := fs.Int("writer-case", -1, "with --seed, replay that one writer scenario of the sweep alone")
	maintainer := fs.Bool("maintainer", false, "add the advice for conform's own maintainers to failures (the vector or writer scenario to pin)")
	allFailures := fs.Bool("all-failures", false, "list every failed step after the progress dots, besides the findings")
	against := fs.String("against", "", "a saved run (record or cucumber JSON, such as the main branch's) to tell this run's changes against: new failures, fixes, per requirement")
	gate := fs.String("gate", "", "with --against: new (only new failures fail the run; the default) or all (every failure does)")
	onlyFailed := fs.String("only-failed", "", "rerun only the checks that failed in this saved run (record or cucumber JSON), the sweep on its seed")
	appVectors := fs.String("vectors", "", "check the application's own vectors in DIR too (default: vectors: in conform.yaml; conform vectors promote writes them)")
	pendingSince := fs.String("pending-since", "", "report the checks added after release vX of the standard as pending (shown, not failing the run) until they pass once (conform changes vX.. lists them)")
	corpusDir := fs.String("sweep-corpus", "", "replay the divergences kept in DIR before drawing new cases, and keep this run's there too")
	shardArg := fs.String("shard", "", "run shard I of N (such as 2/3) of a run split across CI runners; every shard needs the same --seed; merge with conform report --from each")
	renderMode := fs.String("render", suite.RenderAuto, "read fragments as headless Chromium renders them: auto (with --impl where Chromium is installed; required on the confidence lane), always, or never (markup only)")
	browser := fs.String("browser", os.Getenv("CONFORM_BROWSER"), "the Chromium to render with (default: chromium on PATH); env CONFORM_BROWSER")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("run takes no arguments, got %q (use --features DIR for another directory)", fs.Arg(0))
	}
	if err := suite.ValidateFormat(*format); err != nil {
		return usageErr("--format: %v", err)
	}
	if err := suite.ValidateTags(*tags); err != nil {
		return usageErr("--tags: %v", err)
	}
	if err := inRange("concurrency", *conc, 1, 256); err != nil {
		return err
	}
	for name, d := range map[string]time.Duration{"impl-timeout": *implTimeout, "impl-deadline": *implDeadline} {
		if d <= 0 {
			return usageErr("--%s must be positive, got %s", name, d)
		}
	}
	if len(skipIDs) > 0 && strings.TrimSpace(*skipReason) == "" {
		return usageErr("--skip needs --skip-reason: a known gap must say why")
	}
	if *sweepN < -1 || (*sweepN == -1 && given(fs, "sweep")) || *sweepN > maxSweep {
		return usageErr("--sweep must be between 0 and %d, got %d", maxSweep, *sweepN)
	}
	for name, v := range map[string]int{"case": *replayCase, "writer-case": *replayWriter} {
		if given(fs, name) {
			if err := inRange(name, v, 0, maxSweep+3*sweep.RegistryCases); err != nil {
				return err
			}
		}
	}
	switch *renderMode {
	case suite.RenderAuto, suite.RenderAlways, suite.RenderNever:
	default:
		return usageErr("--render must be auto, always or never, got %q", *renderMode)
	}
	laneTags, ok := lanes[*lane]
	if *lane != "" && !ok {
		return usageErr("--lane must be fast or confidence, got %q", *lane)
	}
	var known []gaps.Gap
	for _, id := range skipIDs {
		known = append(known, gaps.Gap{Check: id, Reason: *skipReason, Kind: gaps.Known, Source: "--skip"})
	}
	setup := suite.Setup{
		Options: suite.Options{Gaps: known, Lane: *lane, Tags: suite.AndTags(*tags, laneTags), Format: *format, Output: e.stdout,
			Concurrency: *conc, StopOnFailure: *stop,
			NoColors: *noColors || os.Getenv("NO_COLOR") != "" || !isTerminal(e.stdout)},
		Command: *implCmd, Timeout: *implTimeout, Deadline: *implDeadline,
		Store:     store.Config{Kind: *storeKind, DSN: *dsn, Postgres: *lane == "confidence", Image: *image, Ready: *conc + 2},
		ReportDir: *reportDir, FollowLinks: *follow, Lane: *lane, Log: e.stderr, Coverage: *coverage,
		Render: *renderMode, Browser: *browser,
	}
	if *dir != "" {
		fsys, err := featureDir(*dir)
		if err != nil {
			return err
		}
		setup.Features = fsys
		setup.FeatureDir = filepath.ToSlash(filepath.Clean(*dir))
	}
	if random.set {
		if random.seed == 0 {
			random.seed = rand.Int64N(1<<62) + 1
		}
		setup.Seed = random.seed
		fmt.Fprintf(e.stderr, "conform: random order, seed %d (replay with --random=%d)\n", random.seed, random.seed)
	}
	src, err := loadRegistry(e, *regPath, true)
	if err != nil {
		return err
	}
	setup.Registry = src.Registry
	if *appVectors == "" {
		*appVectors = src.Vectors
	}
	if *appVectors != "" {
		if setup.Vectors, err = withAppVectors(*appVectors); err != nil {
			return err
		}
	}
	file, err := loadGaps(e, *gapsPath, src.Dir)
	if err != nil {
		return err
	}
	setup.Gaps = append(setup.Gaps, file...)
	setup.Version, _ = buildVersion()
	if *migrations == "" && src.Migrations != "" {
		*migrations, *migrationsDir = src.Migrations, src.Dir
	}
	if *migrations != "" {
		setup.Store.App = &postgres.AppSchema{Command: *migrations, Dir: *migrationsDir}
	}
	if *standardPath == "" {
		*standardPath = src.Standard
	}
	if *standardPath != "" {
		doc, err := safefile.ReadBounded(*standardPath, maxStandard)
		if err != nil {
			return usageErr("--standard: %v", err)
		}
		setup.Standard, setup.StandardName = doc, *standardPath
	}
	setup.Only, setup.Maintainer, setup.AllFailures = *only, *maintainer, *allFailures
	if *replayCase >= 0 || *replayWriter >= 0 {
		if *seed == 0 {
			return usageErr("--case and --writer-case replay a case of a seed: give --seed too (a finding's replay command does)")
		}
		if *replayCase >= 0 && *replayWriter >= 0 {
			return usageErr("--case and --writer-case: replay one or the other")
		}
		setup.SweepReplay = &sweep.Replay{Case: *replayCase, WriterCase: *replayWriter}
		setup.Tags = suite.AndTags(setup.Tags, "@sweep")
	}
	if *shardArg != "" {
		part, err := shard.Parse(*shardArg)
		if err != nil {
			return usageErr("--shard: %v", err)
		}
		if *only != "" || setup.SweepReplay != nil {
			return usageErr("--shard splits a whole run; --only, --case and --writer-case replay one check: give one or the other")
		}
		setup.Shard = part
	}
	if *against != "" {
		base, err := savedRun(*against)
		if err != nil {
			return usageErr("--against: %v", err)
		}
		setup.Against = &base
	}
	switch *gate {
	case "", "new":
		setup.GateNew = setup.Against != nil
	case "all":
	default:
		return usageErr("--gate must be new or all, got %q", *gate)
	}
	if *gate != "" && setup.Against == nil {
		return usageErr("--gate decides what fails the run against a saved one: give --against too")
	}
	hist, err := history.Embedded()
	if err != nil {
		return err // a build defect: the embedded history is checked by every test
	}
	setup.StandardVersion = hist.Latest()
	if *pendingSince != "" {
		pending, err := pendingGaps(hist, *pendingSince, setup.Against)
		if err != nil {
			return err
		}
		setup.Gaps, setup.PendingSince = append(setup.Gaps, pending...), *pendingSince
	}
	if *onlyFailed != "" {
		if *only != "" || setup.SweepReplay != nil || !setup.Shard.Whole() {
			return usageErr("--only-failed reruns a saved run's failures: not with --only, --case, --writer-case or --shard")
		}
		prev, err := savedRun(*onlyFailed)
		if err != nil {
			return usageErr("--only-failed: %v", err)
		}
		setup.OnlyChecks = map[string]bool{}
		for _, id := range prev.Failing() {
			setup.OnlyChecks[id] = true
		}
		if len(setup.OnlyChecks) == 0 {
			fmt.Fprintf(e.stderr, "conform: --only-failed: nothing failed in %s\n", *onlyFailed)
			return nil
		}
		if prev.Seed != 0 && !given(fs, "seed") {
			*seed = prev.Seed // the same cases, so a sweep divergence comes back
			if *sweepN == -1 && prev.Cases > 0 {
				*sweepN = prev.Cases
			}
		}
		fmt.Fprintf(e.stderr, "conform: rerunning the %d checks that failed in %s\n", len(setup.OnlyChecks), *onlyFailed)
	}
	if *corpusDir != "" {
		if st, err := os.Stat(*corpusDir); err == nil && !st.IsDir() {
			return usageErr("--sweep-corpus: %s is not a directory", *corpusDir)
		}
		kept, err := sweep.LoadCorpus(*corpusDir)
		if err != nil {
			return usageErr("--sweep-corpus: %v", err)
		}
		setup.SweepCorpus = kept
		setup.CorpusDirs = append(setup.CorpusDirs, *corpusDir)
		if len(kept) > 0 {
			fmt.Fprintf(e.stderr, "conform: %d kept divergences from %s go first\n", len(kept), *corpusDir)
		}
	}
	if *reportDir != "" {
		setup.CorpusDirs = append(setup.CorpusDirs, filepath.Join(*reportDir, "corpus"))
	}
	setup.SweepCases, setup.SweepSeed = *sweepN, *seed
	if setup.SweepCases == -1 {
		setup.SweepCases = inProcessSweep
		if *implCmd != "" {
			setup.SweepCases = sweep.DefaultCases
		}
	}
	if setup.SweepCases > 0 && setup.SweepSeed == 0 {
		seed, from, err := ciSeed()
		if err != nil {
			return err
		}
		if from != "" {
			setup.SweepSeed = seed
			fmt.Fprintf(e.stderr, "conform: sweep seed %d from %s (the same commit draws the same cases)\n", seed, from)
		}
	}
	if setup.SweepCases > 0 && setup.SweepSeed == 0 && !setup.Shard.Whole() {
		return usageErr("--shard: the shards split one sweep, so each needs the same --seed S (or --sweep 0)")
	}
	if !setup.Shard.Whole() {
		fmt.Fprintf(e.stderr, "conform: %s (merge the shards with conform report --from SHARD.json --from ...)\n", setup.Shard)
	}
	if setup.SweepCases > 0 && setup.SweepSeed == 0 {
		setup.SweepSeed = rand.Uint64N(1<<53) + 1
	}
	setup.SweepStarted = func(cases int, seed uint64) {
		fmt.Fprintf(e.stderr, "conform: sweep of %d cases, seed %d (replay with --seed %d)\n", cases, seed, seed)
	}
	res, err := suite.Conform(e.ctx, setup)
	var start *suite.StartError
	switch {
	case errors.As(err, &start):
		return usageErr("--impl %q: %v", start.Command, start.Err)
	case err != nil:
		return usageErr("%v", err)
	case e.ctx.Err() != nil:
		return usageErr("interrupted; the results above are incomplete")
	case res.Code == 2:
		return usageErr("the features could not be run (see the message above)")
	case setup.GateNew && res.Diff != nil && res.Code != 2:
		// Gated on what the change did: new failures, and gaps that fail the run.
		if n := len(res.Diff.NewFailures()); n > 0 || len(res.GapProblems) > 0 {
			return &exitError{code: exitViolation}
		}
	case res.Failed > 0 || res.Code != 0:
		return &exitError{code: exitViolation}
	case res.Passed+res.Skipped+res.Independent == 0:
		return usageErr("no scenario matched (tags %q)", setup.Tags)
	}
	return nil
}

// featureDir opens a directory of features, refusing one without any.
// maxSweep bounds --sweep: ten million cases is hours against the fastest implementation.
const maxSweep = 10_000_000

func featureDir(dir string) (fs.FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, usageErr("--features: %v", err)
	}
	if !st.IsDir() {
		return nil, usageErr("--features: %s is not a directory", dir)
	}
	// Every *.feature is read here, each a regular file of bounded size: a FIFO or a device
	// among them is refused instead of waited on.
	files := fstest.MapFS{}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".feature" {
			return err
		}
		data, err := safefile.ReadBounded(path, maxFeatureFile)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, usageErr("--features: %v", err)
	}
	if len(files) == 0 {
		return nil, usageErr("--features: %s holds no *.feature file", dir)
	}
	return files, nil
}

// maxFeatureFile bounds one feature file: the standard's largest is a few KiB.
const maxFeatureFile = 4 << 20

// isTerminal reports whether w is a terminal; colors are for people, not for logs and files.
func isTerminal(w any) bool {
	if u, ok := w.(*untilClosed); ok {
		w = u.w
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// loadGaps reads the known gaps: the file given (--gaps), else conform.gaps.yaml in dir (the
// registry file's directory) or the working directory, else none. It says which file it read.
func loadGaps(e env, path, dir string) ([]gaps.Gap, error) {
	if path == "" {
		for _, d := range []string{dir, "."} {
			if d == "" {
				continue
			}
			candidate := filepath.Join(d, gaps.DefaultFile)
			if _, err := os.Stat(candidate); err == nil {
				path = candidate
				break
			}
		}
		if path == "" {
			return nil, nil
		}
	}
	data, err := safefile.ReadBounded(path, gaps.MaxBytes)
	if err != nil {
		return nil, usageErr("--gaps: %v", err)
	}
	gs, err := gaps.Parse(path, data)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	fmt.Fprintf(e.stderr, "conform: %d known gaps from %s\n", len(gs), path)
	return gs, nil
}

// ciSeeds are the variables a sweep seed is taken from when --seed is not given: conform's
// own, then the commit of the CI systems that name it, so a rerun of a commit draws the same
// cases.
var ciSeeds = []string{"CONFORM_SEED", "GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "BITBUCKET_COMMIT", "GIT_COMMIT"}

// ciSeed is the sweep seed the environment gives, and the variable it came from ("" for none).
// CONFORM_SEED is a number; a commit is hashed.
func ciSeed() (uint64, string, error) {
	for _, name := range ciSeeds {
		v := strings.TrimSpace(os.Getenv(name))
		if v == "" {
			continue
		}
		if name == "CONFORM_SEED" {
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil || n == 0 {
				return 0, "", usageErr("CONFORM_SEED must be a positive whole number, got %q", v)
			}
			return n, name, nil
		}
		h := fnv.New64a()
		h.Write([]byte(v))
		return h.Sum64()%(1<<53) + 1, name, nil
	}
	return 0, "", nil
}

// withAppVectors is conform's vectors and the application's of dir.
func withAppVectors(dir string) ([]vectors.Vector, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, usageErr("--vectors: %s is not a directory", dir)
	}
	app, err := vectors.Load(os.DirFS(dir))
	if err != nil {
		return nil, usageErr("--vectors %s: %v", dir, err)
	}
	std, err := vectors.LoadEmbedded()
	if err != nil {
		return nil, err
	}
	all, err := vectors.WithApplication(std, app)
	if err != nil {
		return nil, usageErr("--vectors %s: %v", dir, err)
	}
	return all, nil
}

// pendingGaps are the pending entries --pending-since makes: every check the releases after
// since added, except those that passed in the saved run base (a check pending until it
// passes once).
func pendingGaps(h history.History, since string, base *record.Record) ([]gaps.Gap, error) {
	rs, err := h.Between(since, "")
	if err != nil {
		return nil, usageErr("--pending-since: %v", err)
	}
	var out []gaps.Gap
	for _, r := range rs {
		for _, id := range r.Checks() {
			if base != nil {
				if c := base.Check(id); c != nil && c.Verdict == finding.Passed || base.Requirements[id] == finding.Passed {
					continue // it passed once: from then on it counts
				}
			}
			out = append(out, gaps.Gap{Check: gaps.Literal(id), Reason: "added in " + r.Version, Kind: gaps.Pending, Source: "--pending-since " + since})
		}
	}
	return out, nil
}
