package main

import (
	"fmt"
	"os"
	"time"

	"github.com/conform-dev/conform/audit"
	"github.com/conform-dev/conform/scratch"
)

func cmdAudit(e env, args []string) error {
	flags := newFlags(e, "audit", "--dsn URL [flags]",
		"Reads operation_runs inside a READ ONLY transaction and reports, by family and rule, runs that\n"+
			"would degrade, leak raw names or break the scope rules of spec 272. Exits 1 when a violation\n"+
			"rule fires. Never writes.")
	dsn := flags.String("dsn", os.Getenv("CONFORM_DSN"), "the database to audit; env CONFORM_DSN")
	since := flags.String("since", "", "only runs created at or after this time (RFC 3339 or YYYY-MM-DD)")
	var families []string
	flags.Func("family", "only this run type; repeatable", func(s string) error { families = append(families, s); return nil })
	format := flags.String("format", "text", "text, json or markdown")
	examples := flags.Int("examples", 5, "example run IDs kept per family and rule, 0 to 1000")
	parallel := flags.Int("parallel", 1, "read id ranges over this many connections, 1 to 64, on one exported snapshot (one consistent view)")
	strict := flags.Bool("strict", false, "a queued or running run of a selected family without phase or composite metadata (fallback-copy) is a violation, not a warning: production data gates a release")
	mapping := audit.DefaultMapping()
	regPath := registryFlag(flags)
	mappingFile := flags.String("mapping", "", "YAML file with table: and columns: {logical: actual} for renamed schemas")
	flags.Func("table", "table (or schema.table) holding the runs (default operation_runs)", func(s string) error { mapping.Table = s; return nil })
	var columns []string
	flags.Func("column", "logical=actual column name, e.g. context=ctx_json; repeatable", func(s string) error { columns = append(columns, s); return nil })
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("audit takes no arguments, got %q", flags.Arg(0))
	}
	if *dsn == "" {
		return usageErr("audit needs --dsn (or CONFORM_DSN)")
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		return usageErr("--format must be text, json or markdown, got %q", *format)
	}
	if err := inRange("examples", *examples, 0, 1000); err != nil {
		return err
	}
	if err := inRange("parallel", *parallel, 1, 64); err != nil {
		return err
	}
	if *mappingFile != "" {
		table := mapping.Table
		m, err := audit.LoadMapping(*mappingFile)
		if err != nil {
			return usageErr("--mapping: %v", err)
		}
		if table != audit.DefaultMapping().Table {
			m.Table = table // --table wins over the file
		}
		mapping = m
	}
	for _, c := range columns {
		if err := mapping.Set(c); err != nil {
			return usageErr("%v", err)
		}
	}
	if err := mapping.Validate(); err != nil {
		return usageErr("--table: %v", err)
	}
	var from time.Time
	if *since != "" {
		var err error
		if from, err = parseSince(*since); err != nil {
			return usageErr("--since: %v", err)
		}
	}
	src, err := loadRegistry(e, *regPath, true)
	if err != nil {
		return err
	}
	opts := audit.Options{Since: from, Families: families, Examples: *examples, Mapping: mapping, Registry: src.Registry, Strict: *strict, Parallel: *parallel}
	if isTerminal(e.stderr) {
		opts.Progress = func(rows int64, elapsed time.Duration) {
			rate := float64(rows) / elapsed.Seconds()
			fmt.Fprintf(e.stderr, "\rconform audit: %d runs read, %.0f runs/s, %s elapsed ", rows, rate, elapsed.Round(100*time.Millisecond))
		}
	}
	rep, err := audit.Audit(e.ctx, *dsn, opts)
	if opts.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return usageErr("%v", err)
	}
	if err := audit.Write(e.stdout, rep, *format); err != nil {
		return err
	}
	if rep.Violations() > 0 {
		return &exitError{code: exitViolation}
	}
	return nil
}

func parseSince(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 (2026-05-05T10:00:00Z) nor a date (2026-05-05)", s)
}

func cmdSeed(e env, args []string) error {
	flags := newFlags(e, "seed", "--dsn URL --runs N [--seed S] [--bad SHARE] | --dsn URL --drop NAME",
		"Creates a scratch database (conform_ plus a random suffix) on the server, fills it with N\n"+
			"realistic runs (mixed families and lifecycles, a share of them with the defects conform audit\n"+
			"reports) using COPY, and prints its DSN on stdout. It never writes into a database it did not\n"+
			"create. --drop removes such a scratch database again.")
	dsn := flags.String("dsn", os.Getenv("CONFORM_DSN"), "the server (any database on it); env CONFORM_DSN")
	runs := flags.Int64("runs", 0, "how many runs to make, 1 to 1000000000")
	seedValue := flags.Uint64("seed", 1, "random seed; the same seed makes the same runs")
	bad := flags.Float64("bad", 0.1, "share of runs with a defect, 0 to 1")
	drop := flags.String("drop", "", "drop this scratch database (one conform seed made) and exit")
	if err := parse(flags, args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return usageErr("seed takes no arguments, got %q", flags.Arg(0))
	case *dsn == "":
		return usageErr("seed needs --dsn (or CONFORM_DSN)")
	case *drop == "" && *runs > 1_000_000_000:
		return usageErr("--runs must be between 1 and 1000000000, got %d", *runs)
	case *drop == "" && *runs <= 0:
		return usageErr("--runs must be a positive number")
	case *bad < 0 || *bad > 1:
		return usageErr("--bad must be between 0 and 1, got %v", *bad)
	}
	if *drop != "" {
		if err := scratch.Drop(e.ctx, *dsn, *drop); err != nil {
			return usageErr("%v", err)
		}
		fmt.Fprintf(e.stderr, "conform: dropped %s\n", *drop)
		return nil
	}
	start := time.Now()
	name, target, err := scratch.Create(e.ctx, *dsn, *runs, scratch.New(*seedValue, *bad), func(done int64) {
		fmt.Fprintf(e.stderr, "conform: %d of %d runs\n", done, *runs)
	})
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintf(e.stderr, "conform: seeded %d runs into %s in %s; audit it with conform audit --dsn '<DSN>', drop it with conform seed --drop %s\n",
		*runs, name, time.Since(start).Round(10*time.Millisecond), name)
	fmt.Fprintln(e.stdout, target)
	return nil
}
