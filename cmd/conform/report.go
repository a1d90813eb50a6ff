package main

import (
	"path/filepath"

	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/report"
	"github.com/conform-dev/conform/steps"
)

// maxCucumber bounds a saved run read by report --from: a whole run with every attachment is a
// few megabytes.
const maxCucumber = 256 << 20

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
	data, err := safefile.ReadBounded(*from, maxCucumber)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	if *out != "" {
		if err := report.PrepareDir(*out, *followLinks); err != nil {
			return usageErr("--out: %v", err)
		}
	}
	var skips []steps.Skip
	for _, id := range skipIDs {
		skips = append(skips, steps.Skip{Pattern: id, Reason: *reason})
	}
	meta := report.Meta{Implementation: "(from " + filepath.Base(*from) + ")", Store: "(saved run)"}
	return report.WriteAll(e.stdout, e.stderr, data, skips, meta, outs, *out)
}
