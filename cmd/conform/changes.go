package main

import (
	"fmt"
	"strings"

	"github.com/conform-dev/conform/history"
)

func cmdChanges(e env, args []string) error {
	fs := newFlags(e, "changes", "vX..vY [--format text|markdown]",
		"Lists what the releases of the standard after vX, up to vY, added: requirement clauses, vectors,\n"+
			"scenarios and sweep properties. vX.. runs to the newest release (the standard conform holds);\n"+
			"with no argument, every release is listed. conform run --pending-since vX reports these checks\n"+
			"as pending until they pass once.")
	format := fs.String("format", "text", "text or markdown")
	if err := parse(fs, args); err != nil {
		return err
	}
	h, err := history.Embedded()
	if err != nil {
		return err
	}
	var rs []history.Release
	switch fs.NArg() {
	case 0:
		rs = h.Releases
	case 1:
		from, to, ok := strings.Cut(fs.Arg(0), "..")
		if !ok {
			return usageErr("changes takes a range vX..vY or vX.., got %q", fs.Arg(0))
		}
		if rs, err = h.Between(from, to); err != nil {
			return usageErr("%v", err)
		}
	default:
		return usageErr("changes takes one range vX..vY, got %d arguments", fs.NArg())
	}
	if *format != "text" && *format != "markdown" {
		return usageErr("--format must be text or markdown, got %q", *format)
	}
	var b strings.Builder
	if len(rs) == 0 {
		b.WriteString("no release in that range adds a check\n")
	}
	for _, r := range rs {
		if *format == "markdown" {
			fmt.Fprintf(&b, "## %s (%s)\n\n%s\n\n", r.Version, r.Date, r.Notes)
		} else {
			fmt.Fprintf(&b, "%s (%s): %s\n", r.Version, r.Date, r.Notes)
		}
		for _, kind := range []struct {
			name string
			ids  []string
		}{{"requirement clauses", r.Requirements}, {"vectors", r.Vectors}, {"scenarios", r.Scenarios}, {"sweep properties", r.Sweep}} {
			if len(kind.ids) == 0 {
				continue
			}
			if *format == "markdown" {
				fmt.Fprintf(&b, "**%d %s**\n\n", len(kind.ids), kind.name)
				for _, id := range kind.ids {
					fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(id, "`", "'"))
				}
				b.WriteString("\n")
				continue
			}
			fmt.Fprintf(&b, "  %d %s:\n", len(kind.ids), kind.name)
			for _, id := range kind.ids {
				fmt.Fprintf(&b, "    %s\n", id)
			}
		}
	}
	_, err = fmt.Fprint(e.stdout, b.String())
	return err
}
