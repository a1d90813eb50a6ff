package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/internal/safetext"
	"github.com/conform-dev/conform/report"
)

// maxCucumber bounds a saved run read by report --from: a whole run with every attachment is a
// few megabytes.
const maxCucumber = 256 << 20

// maxShards bounds --from: conform run --shard I/N takes N up to 1000.
const maxShards = 1000

func cmdReport(e env, args []string) error {
	flags := newFlags(e, "report", "--from CUCUMBER.json [--from ...] [--out DIR] [--format junit:PATH,markdown:PATH,cucumber:PATH] [--check]",
		"Writes the HTML report (DIR/report.html), and optionally JUnit, Markdown, GitHub annotations\n"+
			"and the cucumber JSON, from the cucumber JSON a run saved (conform run --format\n"+
			"cucumber:PATH, or DIR/cucumber.json of --report). Given the cucumber JSON of every shard of\n"+
			"a split run (conform run --shard I/N), one --from each, it merges them into the one run they\n"+
			"split: one report, one record (cucumber:PATH), one verdict (--check).")
	var from []string
	flags.Func("from", "the cucumber JSON of a run, or of one shard of it; repeatable", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("empty path")
		}
		if len(from) == maxShards {
			return fmt.Errorf("at most %d (a run splits into at most %d shards)", maxShards, maxShards)
		}
		from = append(from, s)
		return nil
	})
	out := flags.String("out", "", "write DIR/report.html")
	followLinks := flags.Bool("report-follow-symlinks", false, "let --out and --format paths be symbolic links (refused by default)")
	format := flags.String("format", "", "also junit:PATH, markdown:PATH, github:PATH and/or cucumber:PATH (the merged run)")
	check := flags.Bool("check", false, "exit 1 when the run has a failed scenario, as conform run does (the verdict of merged shards)")
	if err := parse(flags, args); err != nil {
		return err
	}
	if len(from) == 0 {
		return usageErr("report needs --from CUCUMBER.json")
	}
	if *out == "" && *format == "" && !*check {
		return usageErr("report needs --out DIR, --format junit:PATH,markdown:PATH,cucumber:PATH and/or --check")
	}
	rest, outs := report.SplitFormat(*format)
	var records []string
	for _, part := range strings.Split(rest, ",") {
		name, path, _ := strings.Cut(part, ":")
		switch {
		case part == "":
		case name == "cucumber" && path != "":
			records = append(records, path)
		default:
			return usageErr("--format of report takes junit:PATH, markdown:PATH, github:PATH and cucumber:PATH, got %q", part)
		}
	}
	seen := map[string]bool{}
	for _, path := range from {
		abs, _ := filepath.Abs(path)
		if seen[abs] {
			return usageErr("--from %s: given twice", path)
		}
		seen[abs] = true
	}
	shards := make([]report.ShardFile, 0, len(from))
	for _, path := range from {
		data, err := safefile.ReadBounded(path, maxCucumber)
		if err != nil {
			return usageErr("--from: %v", err)
		}
		shards = append(shards, report.ShardFile{Name: path, Data: data})
	}
	data := shards[0].Data
	meta := report.Meta{Implementation: "(from " + filepath.Base(from[0]) + ")", Store: "(saved run)"}
	if len(shards) > 1 {
		merged, err := report.MergeShards(shards)
		if err != nil {
			return usageErr("--from: %v", err)
		}
		data = merged.Cucumber
		meta.Implementation = fmt.Sprintf("(from %d shards: %s)", len(shards), strings.Join(from, ", "))
		if r := merged.Info; r != nil && r.Cases > 0 {
			meta.Sweep = fmt.Sprintf("%d cases, seed %d, across %d shards", r.Cases, r.Seed, r.Shards)
		}
	}
	if *out != "" {
		if err := report.PrepareDir(*out, *followLinks); err != nil {
			return usageErr("--out: %v", err)
		}
	}
	run, err := report.ParseCucumber(data)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	for _, path := range records {
		if err := safefile.WriteFile(path, data, *followLinks); err != nil {
			return usageErr("--format: %v", err)
		}
	}
	if err := report.WriteAll(e.stdout, e.stderr, data, meta, outs, *out); err != nil {
		return err
	}
	passed, failed, skipped := run.Counts()
	gapFailures := run.GapFailures()
	if len(shards) > 1 || *check {
		fmt.Fprintf(e.stderr, "conform: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
		for _, g := range gapFailures {
			fmt.Fprintf(e.stderr, "conform: %s\n", safetext.Line(g))
		}
	}
	if *check && (failed > 0 || len(gapFailures) > 0) {
		return &exitError{code: exitViolation}
	}
	return nil
}
