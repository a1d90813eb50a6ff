package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/conform-dev/conform/finding"
	"github.com/conform-dev/conform/gaps"
	"github.com/conform-dev/conform/internal/safefile"
	"github.com/conform-dev/conform/record"
)

func cmdGaps(e env, args []string) error {
	if len(args) == 0 || args[0] != "write" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
			args = []string{"--help"}
		} else if len(args) > 0 {
			return usageErr("unknown gaps command %q (conform gaps write --from SAVED.json)", args[0])
		} else {
			return usageErr("gaps needs a command: conform gaps write --from SAVED.json")
		}
	} else {
		args = args[1:]
	}
	fs := newFlags(e, "gaps write", "--from SAVED.json [--out conform.gaps.yaml] [--reason TEXT] [--ticket ID] [--expires YYYY-MM-DD] [--lanes LANES]",
		"Writes the known gaps file from a saved run (its record or cucumber JSON; one --from per shard):\n"+
			"every failing check becomes a gap, by its exact ID, with its reason. Gaps already in the file\n"+
			"that still cover a failing check keep their reason, ticket and date; those whose checks all\n"+
			"pass now are dropped. conform run reads the file beside conform.yaml (or --gaps FILE).")
	from := repeatable(fs, "from", "the record or cucumber JSON of a run, or one per shard; repeatable")
	out := fs.String("out", gaps.DefaultFile, "the gaps file to write (its gaps are kept where they still hold)")
	reason := fs.String("reason", "", "the reason of the new gaps (default: the rules each check breaks)")
	ticket := fs.String("ticket", "", "the ticket of the new gaps")
	expires := fs.String("expires", "", "the date the new gaps expire (YYYY-MM-DD)")
	lanes := fs.String("lanes", "", "the lanes the new gaps hold on, comma separated: fast, confidence, all (default: every lane)")
	follow := fs.Bool("report-follow-symlinks", false, "let --out be a symbolic link (refused by default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(*from) == 0 || fs.NArg() > 0 {
		return usageErr("gaps write needs --from SAVED.json (and takes no arguments)")
	}
	if *reason != "" && strings.TrimSpace(*reason) == "" {
		return usageErr("--reason: a known gap says why; %q is only spaces", *reason)
	}
	tmpl := gaps.Gap{Ticket: *ticket, Kind: gaps.Known}
	if *expires != "" {
		t, err := time.Parse(time.DateOnly, *expires)
		if err != nil {
			return usageErr("--expires: want a date YYYY-MM-DD, got %q", *expires)
		}
		tmpl.Expires = t
	}
	if *lanes != "" {
		for _, l := range strings.Split(*lanes, ",") {
			if l = strings.TrimSpace(l); !slices.Contains(gaps.Lanes, l) {
				return usageErr("--lanes: %q is no lane (want %s)", l, strings.Join(gaps.Lanes, ", "))
			}
			tmpl.Lanes = append(tmpl.Lanes, strings.TrimSpace(l))
		}
	}
	rec, err := savedShards(*from)
	if err != nil {
		return usageErr("--from: %v", err)
	}
	var existing []gaps.Gap
	if data, err := safefile.ReadBounded(*out, gaps.MaxBytes); err == nil {
		if existing, err = gaps.Parse(*out, data); err != nil {
			return usageErr("%v", err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return usageErr("--out: %v", err)
	}
	written, kept, added, dropped := gapsFrom(rec, existing, tmpl, *reason)
	if err := safefile.WriteFile(*out, gaps.Write(written), *follow); err != nil {
		return usageErr("--out: %v", err)
	}
	fmt.Fprintf(e.stderr, "conform: wrote %d gaps to %s (%d kept, %d added, %d dropped: their checks pass now)\n", len(written), *out, kept, added, dropped)
	return nil
}

// gapsFrom is the gaps file a run calls for: the existing gaps that still cover a failing check,
// then a gap for each failing check none of them covers.
func gapsFrom(rec record.Record, existing []gaps.Gap, tmpl gaps.Gap, reason string) (out []gaps.Gap, kept, added, dropped int) {
	failing := map[string]bool{}
	var refs []gaps.Ref
	for _, c := range rec.Checks {
		if c.Verdict != finding.Failed && c.Verdict != finding.Known {
			continue // passing, or pending (a newer check: not a gap)
		}
		failing[c.ID] = true
		refs = append(refs, refOf(c))
	}
	covered := map[string]bool{}
	for _, g := range existing {
		holds := false
		for _, r := range refs {
			if g.Matches(r) {
				holds, covered[r.ID] = true, true
			}
		}
		if holds {
			out = append(out, g)
			kept++
		} else {
			dropped++
		}
	}
	for _, c := range rec.Checks {
		if !failing[c.ID] || covered[c.ID] {
			continue
		}
		g := tmpl
		g.Check, g.Reason = gaps.Literal(c.ID), reason
		if g.Reason == "" {
			g.Reason = "fails at adoption"
			if len(c.Rules) > 0 {
				g.Reason = "breaks " + strings.Join(c.Rules, ", ")
			}
		}
		g.Lanes = slices.Clone(tmpl.Lanes)
		out = append(out, g)
		added++
	}
	return out, kept, added, dropped
}

// refOf names a recorded check for the gaps: a scenario also answers to its name alone.
func refOf(c finding.Check) gaps.Ref {
	r := gaps.Ref{ID: c.ID, Requirements: c.Requirements}
	if c.Kind == finding.KindScenario {
		if _, name, ok := strings.Cut(c.ID, ": "); ok {
			r.Names = []string{name}
		}
	}
	return r
}
