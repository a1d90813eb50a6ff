package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/fixtures"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/steps"
)

// reportPlan is what a run must write besides godog's own output.
type reportPlan struct {
	outputs   report.Outputs
	htmlDir   string
	cucumber  string // where godog writes the cucumber JSON the outputs are made from
	temporary bool   // the cucumber file is conform's own; the caller removes it
}

// planReports turns --format and --report into godog's format plus conform's outputs. Every
// place a report goes is checked before the run starts: that it can be written, and that it
// is not a symbolic link (which would write wherever it points) unless follow says so.
func planReports(format, htmlDir string, follow bool) (string, reportPlan, error) {
	godogFormat, outs := report.SplitFormat(format)
	plan := reportPlan{outputs: outs, htmlDir: htmlDir}
	if !outs.Any() && htmlDir == "" {
		return format, plan, nil
	}
	if htmlDir != "" {
		if err := refuseLink("--report", htmlDir, follow); err != nil {
			return "", plan, err
		}
		if err := os.MkdirAll(htmlDir, 0o755); err != nil {
			return "", plan, usageErr("--report: %v", err)
		}
		for _, f := range []string{"report.html", "cucumber.json"} {
			if err := refuseLink("--report", filepath.Join(htmlDir, f), follow); err != nil {
				return "", plan, err
			}
		}
		if err := writable("--report", htmlDir); err != nil {
			return "", plan, err
		}
		plan.cucumber = filepath.Join(htmlDir, "cucumber.json")
	}
	for _, path := range append(append([]string{}, outs.JUnit...), outs.Markdown...) {
		if path == "" {
			continue
		}
		if err := refuseLink("--format", path, follow); err != nil {
			return "", plan, err
		}
	}
	for _, part := range strings.Split(godogFormat, ",") {
		if name, path, ok := strings.Cut(part, ":"); ok && name == "cucumber" && plan.cucumber == "" {
			plan.cucumber = path
		}
	}
	if plan.cucumber == "" {
		f, err := os.CreateTemp("", "conform-cucumber-*.json")
		if err != nil {
			return "", plan, usageErr("%v", err)
		}
		f.Close()
		plan.cucumber, plan.temporary = f.Name(), true
	}
	if !strings.Contains(","+godogFormat+",", ",cucumber:"+plan.cucumber+",") {
		if godogFormat == "" {
			godogFormat = "cucumber:" + plan.cucumber
		} else {
			godogFormat += ",cucumber:" + plan.cucumber
		}
	}
	return godogFormat, plan, nil
}

// maxCucumber bounds a saved run read by report --from: a whole run with every attachment is a
// few megabytes.
const maxCucumber = 256 << 20

// readBounded reads a regular file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

// refuseLink refuses a path that is a symbolic link, unless follow.
func refuseLink(flag, path string, follow bool) error {
	st, err := os.Lstat(path)
	if err != nil || st.Mode()&os.ModeSymlink == 0 || follow {
		return nil
	}
	target, _ := os.Readlink(path)
	return usageErr("%s: %s is a symbolic link (to %s); conform does not write through links unless --report-follow-symlinks", flag, path, target)
}

// writable checks that files can be created in dir, with a probe it removes at once.
func writable(flag, dir string) error {
	f, err := os.CreateTemp(dir, ".conform-probe-*")
	if err != nil {
		return usageErr("%s: cannot write into %s: %v", flag, dir, errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// meta says what the HTML report's header shows.
type meta struct {
	implementation, store string
	features              fs.FS
	sweep                 string // "5000 cases, seed 42"; "" when no sweep ran
	lane                  string
}

// write produces every planned output from the cucumber JSON of the run.
func (p reportPlan) write(e env, skips []steps.Skip, m meta) error {
	if p.cucumber == "" {
		return nil
	}
	data, err := os.ReadFile(p.cucumber)
	if err != nil {
		return usageErr("reading the run's cucumber JSON: %v", err)
	}
	return writeReports(e, data, skips, m, p.outputs, p.htmlDir)
}

func writeReports(e env, cucumber []byte, skips []steps.Skip, m meta, outs report.Outputs, htmlDir string) error {
	run, err := report.ParseCucumber(cucumber, skips)
	if err != nil {
		return usageErr("%v", err)
	}
	run.Sweep, run.Implementation, run.Lane, run.Store = m.sweep, m.implementation, m.lane, m.store
	mx, err := buildMatrix(m.features, "")
	if err != nil {
		return err
	}
	for _, path := range outs.JUnit {
		if err := toFile(e, path, func(w io.Writer) error { return report.WriteJUnit(w, run) }); err != nil {
			return err
		}
	}
	for _, path := range outs.GitHub {
		if err := toFile(e, path, func(w io.Writer) error { return report.WriteGitHub(w, run) }); err != nil {
			return err
		}
	}
	for _, path := range outs.Markdown {
		if err := toFile(e, path, func(w io.Writer) error { return report.WriteMarkdown(w, run, mx) }); err != nil {
			return err
		}
	}
	if htmlDir != "" {
		vs, err := fixtures.Load(fixtures.Embedded())
		if err != nil {
			return err
		}
		page := report.Page{Title: "conform: OperationRun progress conformance", Implementation: m.implementation,
			Store: m.store, Generated: time.Now(), Run: run, Matrix: mx, Gallery: report.Gallery(vs)}
		path := filepath.Join(htmlDir, "report.html")
		if err := toFile(e, path, func(w io.Writer) error { return report.WriteHTML(w, page) }); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "conform: report written to %s\n", path)
	}
	return nil
}

// buildMatrix computes the traceability matrix of the features in fsys (nil: the embedded
// ones) against the requirements file reqFile ("": the embedded list).
func buildMatrix(fsys fs.FS, reqFile string) (*matrix.Matrix, error) {
	if fsys == nil {
		fsys = features.FS()
	}
	cat, err := catalogue(reqFile)
	if err != nil {
		return nil, err
	}
	scenarios, err := matrix.Scenarios(fsys)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	m := matrix.Build(cat, scenarios)
	return &m, nil
}

// toFile writes to path, or to stdout for "".
func toFile(e env, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(e.stdout)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

func cmdReport(e env, args []string) error {
	flags := newFlags(e, "report", "--from CUCUMBER.json [--out DIR] [--format junit:PATH,markdown:PATH]",
		"Writes the HTML report (DIR/report.html), and optionally JUnit and Markdown, from the cucumber\n"+
			"JSON a run saved (conform run --format cucumber:PATH, or DIR/cucumber.json of --report).")
	from := flags.String("from", "", "the cucumber JSON of a run")
	out := flags.String("out", "", "write DIR/report.html")
	followLinks := flags.Bool("report-follow-symlinks", false, "let --out and --format paths be symbolic links (refused by default)")
	format := flags.String("format", "", "also junit:PATH and/or markdown:PATH")
	var skipIDs []string
	flags.Func("skip", "a scenario known to fail, as given to the run; repeatable", func(s string) error { skipIDs = append(skipIDs, s); return nil })
	reason := flags.String("skip-reason", "", "why the --skip entries are known to fail")
	if err := parse(flags, args); err != nil {
		return err
	}
	if *from == "" {
		return usageErr("report needs --from CUCUMBER.json")
	}
	if *out == "" && *format == "" {
		return usageErr("report needs --out DIR and/or --format junit:PATH,markdown:PATH")
	}
	rest, outs := report.SplitFormat(*format)
	if rest != "" {
		return usageErr("--format of report takes junit:PATH and markdown:PATH, got %q", rest)
	}
	data, err := readBounded(*from, maxCucumber)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	if *out != "" {
		if err := refuseLink("--out", *out, *followLinks); err != nil {
			return err
		}
		if err := refuseLink("--out", filepath.Join(*out, "report.html"), *followLinks); err != nil {
			return err
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return usageErr("--out: %v", err)
		}
	}
	var skips []steps.Skip
	for _, id := range skipIDs {
		skips = append(skips, steps.Skip{Pattern: id, Reason: *reason})
	}
	return writeReports(e, data, skips, meta{implementation: "(from " + filepath.Base(*from) + ")", store: "(saved run)"}, outs, *out)
}
