package suite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/fragment"
	"github.com/conform-dev/conform/fragment/render"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/protocol"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/registry"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/sweep"
)

// Setup is one `conform run` as its flags describe it: the suite's options, the
// implementation to start, where runs live and which reports to write.
type Setup struct {
	Options // Format is the user's --format (conform's own formats included); Output is stdout
	// Command runs the implementation under test (a program speaking the protocol); ""
	// runs the reference contract in process.
	Command  string
	Timeout  time.Duration // longest wait for one answer of Command
	Deadline time.Duration // longest the whole run may ask Command
	Store    store.Config  // where runs live; its Progress is set to Log
	// ReportDir, when set, receives report.html and the run's cucumber JSON; FollowLinks lets
	// report paths be symbolic links.
	ReportDir   string
	FollowLinks bool
	Lane        string    // for the reports: "fast", "confidence" or "" (all scenarios)
	Log         io.Writer // progress lines and, when stdout carries a machine format, the closing lines
	// Coverage prints, after the sweep's line, how often it drew each class of the input space.
	Coverage bool
	// Render says whether the implementation's fragments are read as Chromium renders them:
	// RenderAuto (where Chromium is installed; required on the confidence lane), RenderAlways
	// or RenderNever (from their markup only).
	Render string
	// Browser is the Chromium to render with ("": one on PATH).
	Browser string
	// FeatureDir is where the features are files of the repository (--features), for
	// annotations at their lines.
	FeatureDir string
	// Version is conform's version, StandardVersion the release of the standard it holds, and
	// PendingSince the release --pending-since names: what the run records of itself.
	Version, StandardVersion, PendingSince string
	// Against is a saved run to tell this one's changes against (--against); GateNew makes
	// only the new failures against it fail the run (--gate new).
	Against *record.Record
	GateNew bool
	// CorpusDirs receive every divergence the sweep found, shrunk, as a corpus entry
	// (REPORT/corpus, and the --sweep-corpus directory the run replayed).
	CorpusDirs []string
}

// The values of Setup.Render.
const (
	RenderAuto   = "auto"
	RenderAlways = "always"
	RenderNever  = "never"
)

// browserFor finds the Chromium a run renders fragments with, before anything starts: path is
// "" when fragments are read from their markup only; a missing Chromium that the run requires
// is an error. In process the reference's fragments say everything in their markup (a test
// holds it), so they are read from it unless Render is RenderAlways.
func browserFor(s Setup, log io.Writer) (path string, err error) {
	mode := s.Render
	if mode == "" {
		mode = RenderAuto
	}
	required := mode == RenderAlways || mode == RenderAuto && s.Lane == "confidence"
	if mode == RenderNever || !required && s.Command == "" {
		return "", nil
	}
	path = s.Browser
	if path == "" {
		path = render.Find()
	}
	if path == "" {
		if required {
			why := "--render always"
			if mode == RenderAuto {
				why = "the confidence lane"
			}
			return "", fmt.Errorf("%s reads fragments as Chromium renders them, and %v (or --render never to read markup only)", why, render.ErrNoBrowser)
		}
		fmt.Fprintln(log, "conform: no Chromium found: fragments are read from their markup only (install chromium to render them)")
	}
	return path, nil
}

// startReader starts the browser browserFor found (nil reader: markup only).
func startReader(ctx context.Context, s Setup, path string, log io.Writer) (fragment.Reader, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	b, err := render.New(path)
	if err != nil {
		return nil, nil, err
	}
	b.All = s.Render == RenderAlways
	if b.All {
		fmt.Fprintf(log, "conform: every fragment is read as Chromium renders it (%s)\n", path)
	} else {
		fmt.Fprintf(log, "conform: fragments the markup does not decide are read as Chromium renders them (%s)\n", path)
	}
	return b, b.Close, nil
}

// Conform runs Setup from start to end: it plans the reports (every path checked first),
// starts the implementation and does its handshake (milliseconds, so before a container
// that takes seconds), opens the store, runs the features, writes the reports and prints the
// closing lines. The error is for what kept the run from happening or from being reported;
// what the run found is in the Result. Everything it started is stopped before it returns.
func Conform(ctx context.Context, s Setup) (res Result, err error) {
	log := s.Log
	if log == nil {
		log = io.Discard
	}
	plan, err := report.NewPlan(s.Format, s.ReportDir, s.FollowLinks)
	if err != nil {
		return res, err
	}
	defer plan.Close()
	o := s.Options
	o.Format = plan.Godog
	browser, err := browserFor(s, log)
	if err != nil {
		return res, err
	}
	// Every precondition of the lane before the implementation starts.
	if err := store.Preflight(ctx, s.Store); err != nil {
		return res, err
	}
	implName := "reference contract (in process)"
	var client *protocol.Client
	if s.Command != "" {
		if client, err = startClient(ctx, s, log); err != nil {
			return res, err
		}
		defer func() {
			if cerr := client.Close(); cerr != nil {
				fmt.Fprintln(log, "conform: "+cerr.Error())
			}
		}()
		o.Impl = client
		implName = client.Name() + " via " + s.Command
	}
	reader, stopReader, err := startReader(ctx, s, browser, log)
	if err != nil {
		return res, err
	}
	defer stopReader()
	o.Reader = reader
	cfg := s.Store
	cfg.Progress = func(msg string) { fmt.Fprintln(log, "conform: "+msg) }
	stores, err := store.Open(ctx, cfg)
	if err != nil {
		return res, err
	}
	defer func() {
		if cerr := stores.Close(); cerr != nil {
			fmt.Fprintln(log, "conform: cleaning up: "+cerr.Error())
		}
	}()
	o.Stores = stores
	info := record.RunInfo{Conform: s.Version, Standard: s.StandardVersion, Lane: s.Lane, Store: stores.Name,
		Implementation: record.Identity{Name: "reference", Language: "go", Version: s.Version}, PendingSince: s.PendingSince}
	if o.RunInfo != nil {
		info = *o.RunInfo
	}
	reg := o.Registry
	if reg == nil {
		reg = contract.Builtin
	}
	info.Registry = registry.Digest(reg)
	if client != nil {
		i := client.Info()
		info.Implementation = record.Identity{Name: i.Name, Version: i.Version, Language: i.Language}
	}
	o.RunInfo = &info
	res = Execute(ctx, o)
	if res.Code == 2 && o.Only != "" && len(res.FailedScenarios) > 0 {
		return res, errors.New(res.FailedScenarios[len(res.FailedScenarios)-1])
	}
	for _, dir := range s.CorpusDirs {
		written, err := sweep.WriteCorpus(dir, res.Sweep)
		if err != nil {
			return res, fmt.Errorf("keeping the sweep's divergences in %s: %w", dir, err)
		}
		if len(written) > 0 {
			fmt.Fprintf(log, "conform: %d divergences kept in %s (replay them first with --sweep-corpus %s)\n", len(written), dir, dir)
		}
	}
	if s.Against != nil && res.Info != nil {
		d := record.Compare(*s.Against, record.New(*res.Info, res.Checks, res.Findings))
		res.Diff = &d
	}
	sweepText := ""
	if res.Sweep != nil {
		sweepText = fmt.Sprintf("%d cases, seed %d", res.Sweep.Cases, res.Sweep.Seed)
	}
	lane := s.Lane
	if lane == "" {
		lane = "all scenarios"
	}
	if err := plan.Write(s.Output, log, report.Meta{Implementation: implName, Store: stores.Name, Features: o.Features, Sweep: sweepText, Lane: lane,
		Command: s.Command, AppFile: AppFile(s.Command), FeatureDir: s.FeatureDir, Against: s.Against, GateNew: s.GateNew}); err != nil {
		return res, err
	}
	// The closing lines go to stdout after human formats, and to the log when stdout carries
	// a machine format (JUnit, cucumber, Markdown, events) that a line of text would corrupt.
	closing := s.Output
	if closing == nil || MachineOnStdout(s.Format) {
		closing = log
	}
	for _, sk := range res.SkippedScenarios {
		fmt.Fprintf(closing, "\nskipped: %s", safetext.Line(sk))
	}
	for _, g := range res.GapProblems {
		fmt.Fprintf(closing, "\nconform: %s", safetext.Line(g))
	}
	if client != nil && client.Broken() != nil {
		fmt.Fprintf(closing, "\nconform: %v", client.Broken())
	}
	if s.Standard == nil {
		fmt.Fprintf(closing, "\nUS4 read conform's embedded standard (docs/standards.md); --standard FILE, or standard: in conform.yaml, reads the application's")
	} else {
		fmt.Fprintf(closing, "\nUS4 read the application's standard %s", s.StandardName)
	}
	if res.Sweep != nil {
		fmt.Fprintf(closing, "\n%s", res.Sweep.Summary())
		if sw := res.Sweep; sw.Space != nil {
			fmt.Fprintf(closing, "\nsweep: %s", sw.Coverage.Summary(sw.Space))
			if s.Coverage {
				fmt.Fprintf(closing, "\nsweep: classes of the input space drawn, by dimension:\n%s", strings.TrimRight(sw.Coverage.Table(sw.Space), "\n"))
			}
		}
	}
	if err := finding.WriteText(closing, res.Findings, s.Command); err != nil {
		return res, err
	}
	if d := res.Diff; d != nil {
		fmt.Fprintf(closing, "\n\n%s", d.Summary(20))
		if s.GateNew {
			fmt.Fprintf(closing, "\ngated on new failures (--gate new): %d", len(d.NewFailures()))
		}
	}
	fmt.Fprintf(closing, "\n%s\n", res.Summary())
	return res, nil
}

// AppFile is the file of the application's repository an implementation's command runs (the
// adapter script: "php artisan conform:adapter" runs artisan), when it is a relative path to a
// file here; "" otherwise.
func AppFile(command string) string {
	for _, word := range strings.Fields(command) {
		if strings.Contains(word, "=") || strings.HasPrefix(word, "-") || filepath.IsAbs(word) {
			continue
		}
		if st, err := os.Stat(word); err == nil && st.Mode().IsRegular() {
			return filepath.ToSlash(filepath.Clean(word))
		}
	}
	return ""
}

// StartError is an implementation that could not be started or failed its handshake.
type StartError struct {
	Command string
	Err     error
}

func (e *StartError) Error() string { return fmt.Sprintf("%q: %v", e.Command, e.Err) }
func (e *StartError) Unwrap() error { return e.Err }

// startClient starts the implementation and does the handshake before any scenario runs.
func startClient(ctx context.Context, s Setup, log io.Writer) (*protocol.Client, error) {
	if s.Timeout <= 0 || s.Deadline <= 0 {
		return nil, fmt.Errorf("the implementation's timeout and deadline must be positive, got %s and %s", s.Timeout, s.Deadline)
	}
	c := protocol.NewClient(s.Command, s.Timeout)
	reg := s.Registry
	if reg == nil {
		reg = contract.Builtin
	}
	wire := registry.ToWire(reg)
	c.Deadline, c.Registry = time.Now().Add(s.Deadline), &wire
	info, err := c.Start(ctx)
	if err != nil {
		c.Close()
		var ce *protocol.CheckError
		if errors.As(err, &ce) {
			msg := safetext.Line(ce.Problem)
			if tail := stderrTail(ce.Stderr); tail != "" {
				msg += "; its stderr ends:\n" + tail
			}
			return nil, &StartError{Command: s.Command, Err: errors.New(msg)}
		}
		return nil, &StartError{Command: s.Command, Err: err}
	}
	fmt.Fprintf(log, "conform: implementation %s (%s %s)\n", info.Name, info.Language, info.Version)
	return c, nil
}

// stderrTail is the end of what a program wrote on stderr, its last dozen lines within 2 KiB,
// indented under the line that says it failed: the cause of a crash is rarely its last line.
func stderrTail(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 12 {
		lines = append([]string{"..."}, lines[len(lines)-12:]...)
	}
	out := safetext.Text("    " + strings.Join(lines, "\n    "))
	if len(out) > 2048 {
		out = "    ..." + out[len(out)-2048:]
	}
	return out
}

// MachineOnStdout reports whether a format without a path writes a machine format to stdout.
func MachineOnStdout(format string) bool {
	for _, part := range strings.Split(format, ",") {
		name, path, _ := strings.Cut(part, ":")
		if path == "" && name != "pretty" && name != "progress" {
			return true
		}
	}
	return false
}
