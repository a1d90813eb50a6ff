package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/record"
	"github.com/conform-dev/conform/report"
)

// savedRun reads what a run saved: its record (record.json, --format record:PATH) or its
// cucumber JSON (--format cucumber:PATH, DIR/cucumber.json), whichever the file holds.
func savedRun(path string) (record.Record, error) {
	data, err := safefile.ReadBounded(path, maxCucumber)
	if err != nil {
		return record.Record{}, err
	}
	return savedData(path, data)
}

func savedData(name string, data []byte) (record.Record, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		run, err := report.ParseCucumber(data)
		if err != nil {
			return record.Record{}, fmt.Errorf("%s: %w", name, err)
		}
		if run.Info == nil {
			return record.Record{}, fmt.Errorf("%s: a cucumber JSON without conform's record of the run (saved by a conform older than the record)", name)
		}
		return run.Record(), nil
	}
	return record.Parse(name, data)
}

// savedShards reads one run, or merges the shards of one (conform run --shard I/N).
func savedShards(paths []string) (record.Record, error) {
	if len(paths) == 1 {
		return savedRun(paths[0])
	}
	var shards []report.ShardFile
	for _, p := range paths {
		data, err := safefile.ReadBounded(p, maxCucumber)
		if err != nil {
			return record.Record{}, err
		}
		shards = append(shards, report.ShardFile{Name: p, Data: data})
	}
	merged, err := report.MergeShards(shards)
	if err != nil {
		return record.Record{}, err
	}
	return savedData(strings.Join(paths, "+"), merged.Cucumber)
}

// writeOut writes data to path, or to stdout when path is "" or "-".
func writeOut(e env, path string, follow bool, data []byte) error {
	if path == "" || path == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := safefile.WriteFile(path, data, follow); err != nil {
		return usageErr("--out: %v", err)
	}
	return nil
}

// repeatable is a flag given once per value.
func repeatable(fs *flagSet, name, usage string) *[]string {
	var vals []string
	fs.Func(name, usage, func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("empty path")
		}
		if len(vals) == maxShards {
			return fmt.Errorf("at most %d", maxShards)
		}
		vals = append(vals, s)
		return nil
	})
	return &vals
}

func cmdRecord(e env, args []string) error {
	fs := newFlags(e, "record", "--from SAVED.json [--from ...] [--out RECORD.json]",
		"Writes the record of a run: one small JSON with what ran against what (conform's version, the\n"+
			"standard's release, the registry digest, the implementation's name and version, lane, store,\n"+
			"seed) and the verdict of every check and requirement. --from is the run's cucumber JSON (or\n"+
			"record); given once per shard of a split run, it merges them. conform run --format\n"+
			"record:PATH, and --report DIR (DIR/record.json), write it as the run ends.")
	from := repeatable(fs, "from", "the cucumber JSON (or record) of a run, or one per shard; repeatable")
	out := fs.String("out", "", "write the record here instead of stdout")
	follow := fs.Bool("report-follow-symlinks", false, "let --out be a symbolic link (refused by default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(*from) == 0 || fs.NArg() > 0 {
		return usageErr("record needs --from SAVED.json (and takes no arguments)")
	}
	rec, err := savedShards(*from)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	data, err := rec.Marshal()
	if err != nil {
		return err
	}
	return writeOut(e, *out, *follow, data)
}

func cmdDiff(e env, args []string) error {
	fs := newFlags(e, "diff", "BASE HEAD [--format text|markdown|json] [--check]",
		"Tells what changed between two saved runs (records or cucumber JSON): every check as new\n"+
			"failure, fixed, still failing, added or removed, and every requirement whose verdict changed\n"+
			"(\"FR-011: passing -> failing\"). A check failing as a known gap or a pending check says is\n"+
			"failing, but no new failure.")
	format := fs.String("format", "text", "text, markdown (for a pull request's summary) or json")
	check := fs.Bool("check", false, "exit 1 when HEAD has a new failure against BASE")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageErr("diff takes two saved runs, BASE and HEAD; got %d", fs.NArg())
	}
	base, err := savedRun(fs.Arg(0))
	if err != nil {
		return usageErr("BASE: %v", err)
	}
	head, err := savedRun(fs.Arg(1))
	if err != nil {
		return usageErr("HEAD: %v", err)
	}
	d := record.Compare(base, head)
	switch *format {
	case "text":
		err = d.WriteText(e.stdout)
	case "markdown":
		err = d.WriteMarkdown(e.stdout)
	case "json":
		err = d.WriteJSON(e.stdout)
	default:
		return usageErr("--format must be text, markdown or json, got %q", *format)
	}
	if err != nil {
		return err
	}
	if *check && len(d.NewFailures()) > 0 {
		return violation("%d new failures against %s", len(d.NewFailures()), filepath.Base(fs.Arg(0)))
	}
	return nil
}

func cmdCompare(e env, args []string) error {
	fs := newFlags(e, "compare", "RECORD... [--format markdown|html] [--out PATH]",
		"Draws the grid of implementations (or versions of one) against the requirements: a column per\n"+
			"saved run (record or cucumber JSON), a row per requirement, the failing cells marked.")
	format := fs.String("format", "markdown", "markdown or html")
	out := fs.String("out", "", "write the grid here instead of stdout")
	follow := fs.Bool("report-follow-symlinks", false, "let --out be a symbolic link (refused by default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErr("compare takes one or more saved runs (records or cucumber JSON)")
	}
	if fs.NArg() > maxShards {
		return usageErr("compare takes at most %d saved runs, got %d", maxShards, fs.NArg())
	}
	var rs []record.Record
	for _, p := range fs.Args() {
		r, err := savedRun(p)
		if err != nil {
			return usageErr("%v", err)
		}
		rs = append(rs, r)
	}
	g := record.NewGrid(rs)
	var b bytes.Buffer
	var err error
	switch *format {
	case "markdown":
		err = g.WriteMarkdown(&b)
	case "html":
		err = g.WriteHTML(&b)
	default:
		return usageErr("--format must be markdown or html, got %q", *format)
	}
	if err != nil {
		return err
	}
	return writeOut(e, *out, *follow, b.Bytes())
}

func cmdBadge(e env, args []string) error {
	fs := newFlags(e, "badge", "--from RECORD [--label TEXT] [--out PATH]",
		"Writes a shields.io endpoint file (https://shields.io/badges/endpoint-badge) from a saved run:\n"+
			"green \"conforms\", yellow with known gaps or pending checks, red with the failing count.")
	from := fs.String("from", "", "the record (or cucumber JSON) of a run")
	label := fs.String("label", "spec 272", "the badge's label")
	out := fs.String("out", "", "write the endpoint file here instead of stdout")
	follow := fs.Bool("report-follow-symlinks", false, "let --out be a symbolic link (refused by default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageErr("badge needs --from RECORD")
	}
	r, err := savedRun(*from)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	data, err := record.BadgeOf(r, *label).Marshal()
	if err != nil {
		return err
	}
	return writeOut(e, *out, *follow, data)
}
