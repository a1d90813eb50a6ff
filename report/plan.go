package report

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/conform-dev/conform/features"
	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/matrix"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/vectors"
)

// Plan is what a run writes besides godog's own output: conform's formats (JUnit, Markdown,
// GitHub annotations) and the HTML report, all made from the cucumber JSON godog writes.
type Plan struct {
	// Godog is the format string godog gets: the user's godog formats, each written to a file
	// of the plan's own, plus the cucumber JSON conform's outputs are made from.
	Godog   string
	outputs Outputs
	htmlDir string
	follow  bool
	tmp     string // the plan's own directory: godog writes only there
	// cucumber is where godog writes the cucumber JSON the outputs are made from; copies are
	// godog's outputs to copy to the paths the user named once the run is over: each opened
	// then, not followed through a link planted during the run, and a failed write reported.
	cucumber string
	copies   [][2]string // {from, to}
}

// NewPlan turns a --format value and a --report directory into godog's format and conform's
// outputs. Every place a report goes is checked before the run starts: that it can be
// written, and that it is not a symbolic link unless follow says so; and checked again when
// it is written. Errors name the option (--format, --report) and the path.
func NewPlan(format, htmlDir string, follow bool) (*Plan, error) {
	godogFormat, outs := SplitFormat(format)
	p := &Plan{outputs: outs, htmlDir: htmlDir, follow: follow}
	if err := checkFormatPaths(format, follow); err != nil {
		return nil, err
	}
	if htmlDir != "" {
		if err := PrepareDir(htmlDir, follow, "cucumber.json", "record.json"); err != nil {
			return nil, fmt.Errorf("--report: %w", err)
		}
		if err := safefile.Writable(htmlDir); err != nil {
			return nil, fmt.Errorf("--report: %w", err)
		}
	}
	tmp, err := os.MkdirTemp("", "conform-run-")
	if err != nil {
		return nil, err
	}
	p.tmp = tmp
	var parts []string
	for i, part := range strings.Split(godogFormat, ",") {
		name, path, ok := strings.Cut(part, ":")
		if part == "" {
			continue
		}
		if !ok {
			parts = append(parts, part)
			continue
		}
		own := filepath.Join(tmp, fmt.Sprintf("%d-%s", i, name))
		p.copies = append(p.copies, [2]string{own, path})
		parts = append(parts, name+":"+own)
		if name == "cucumber" && p.cucumber == "" {
			p.cucumber = own
		}
	}
	if p.cucumber == "" && (outs.Any() || htmlDir != "") {
		p.cucumber = filepath.Join(tmp, "cucumber.json")
		parts = append(parts, "cucumber:"+p.cucumber)
	}
	if htmlDir != "" {
		p.copies = append(p.copies, [2]string{p.cucumber, filepath.Join(htmlDir, "cucumber.json")})
	}
	p.Godog = strings.Join(parts, ",")
	return p, nil
}

// PrepareDir makes the directory an HTML report goes into: neither it nor its report.html nor
// the other files named (relative to dir) may be a symbolic link unless follow says so.
func PrepareDir(dir string, follow bool, files ...string) error {
	paths := []string{dir, filepath.Join(dir, "report.html")}
	for _, f := range files {
		paths = append(paths, filepath.Join(dir, f))
	}
	for _, path := range paths {
		if err := safefile.RefuseLink(path, follow); err != nil {
			return err
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// checkFormatPaths makes sure every name:path of --format can be written, and is no link.
func checkFormatPaths(format string, follow bool) error {
	for _, part := range strings.Split(format, ",") {
		_, path, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		if path == "" {
			return fmt.Errorf("--format: %q names no file", part)
		}
		if err := safefile.RefuseLink(path, follow); err != nil {
			return fmt.Errorf("--format: %w", err)
		}
		if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
			return fmt.Errorf("--format: cannot write %s: directory %s does not exist", path, filepath.Dir(path))
		}
		if err := safefile.Writable(filepath.Dir(path)); err != nil {
			return fmt.Errorf("--format: %w", err)
		}
	}
	return nil
}

// Close removes what the plan made for itself.
func (p *Plan) Close() error {
	if p.tmp == "" {
		return nil
	}
	return os.RemoveAll(p.tmp)
}

// Meta says what the reports' headers show of a run.
type Meta struct {
	Implementation, Store string
	Features              fs.FS  // nil: the embedded features
	Sweep                 string // "5000 cases, seed 42"; "" when no sweep ran
	Lane                  string
	// Command is the implementation's command (for replay commands), AppFile a file of the
	// application's repository its findings are annotated at, FeatureDir where the features
	// are files of the repository (its failed scenarios are annotated there too).
	Command, AppFile, FeatureDir string
	// Against is the saved run the summary tells this one's changes against; with GateNew only
	// the new failures against it are annotated and decide the verdict.
	Against *record.Record
	GateNew bool
	follow  bool // the report paths may be links (--report-follow-symlinks)
}

// Write produces every planned output from the cucumber JSON the run wrote; stdout takes the
// outputs given without a path, log hears where the HTML report went.
func (p *Plan) Write(stdout, log io.Writer, m Meta) error {
	for _, c := range p.copies {
		data, err := os.ReadFile(c[0])
		if err != nil {
			return fmt.Errorf("reading the run's %s: %w", filepath.Base(c[0]), err)
		}
		if err := safefile.WriteFile(c[1], data, p.follow); err != nil {
			return fmt.Errorf("--format: %w", err)
		}
	}
	if p.cucumber == "" {
		return nil
	}
	data, err := os.ReadFile(p.cucumber)
	if err != nil {
		return fmt.Errorf("reading the run's cucumber JSON: %w", err)
	}
	m.follow = p.follow
	return WriteAll(stdout, log, data, m, p.outputs, p.htmlDir)
}

// WriteAll writes outs, and DIR/report.html when htmlDir is set, from a run's cucumber JSON.
func WriteAll(stdout, log io.Writer, cucumber []byte, m Meta, outs Outputs, htmlDir string) error {
	run, err := ParseCucumber(cucumber)
	if err != nil {
		return err
	}
	run.Sweep, run.Implementation, run.Lane, run.Store = m.Sweep, m.Implementation, m.Lane, m.Store
	run.Command, run.AppFile, run.FeatureDir = m.Command, m.AppFile, m.FeatureDir
	run.Against, run.GateNew = m.Against, m.GateNew
	fsys := m.Features
	if fsys == nil {
		fsys = features.FS()
	}
	mx, err := matrix.Load(fsys, "features/requirements.yaml", features.Requirements)
	if err != nil {
		return err
	}
	for _, path := range outs.JUnit {
		if err := safefile.Write(stdout, path, m.follow, func(w io.Writer) error { return WriteJUnit(w, run) }); err != nil {
			return err
		}
	}
	for _, path := range outs.GitHub {
		if err := safefile.Write(stdout, path, m.follow, func(w io.Writer) error { return WriteGitHub(w, run) }); err != nil {
			return err
		}
	}
	if len(outs.Record) > 0 || htmlDir != "" {
		rec, err := run.Record().Marshal()
		if err != nil {
			return err
		}
		paths := outs.Record
		if htmlDir != "" {
			paths = append(slices.Clip(paths), filepath.Join(htmlDir, "record.json"))
		}
		for _, path := range paths {
			if err := safefile.Write(stdout, path, m.follow, func(w io.Writer) error { _, err := w.Write(rec); return err }); err != nil {
				return err
			}
		}
	}
	for _, path := range outs.Markdown {
		if err := safefile.Write(stdout, path, m.follow, func(w io.Writer) error { return WriteMarkdown(w, run, mx) }); err != nil {
			return err
		}
	}
	if htmlDir != "" {
		vs, err := vectors.LoadEmbedded()
		if err != nil {
			return err
		}
		page := Document{Title: "conform: OperationRun progress conformance", Implementation: m.Implementation,
			Store: m.Store, Generated: time.Now(), Run: run, Matrix: mx, Gallery: Gallery(vs)}
		path := filepath.Join(htmlDir, "report.html")
		if err := safefile.Write(stdout, path, m.follow, func(w io.Writer) error { return WriteHTML(w, page) }); err != nil {
			return err
		}
		fmt.Fprintf(log, "conform: report written to %s\n", path)
	}
	return nil
}
