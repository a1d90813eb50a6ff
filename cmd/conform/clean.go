package main

import (
	"fmt"
	"github.com/conform-dev/conform/internal/safetext"
	"os"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store"
)

func cmdClean(e env, args []string) error {
	flags := newFlags(e, "clean", "[--dsn URL] [--containers] [--run ID ...] [--unprovable-older-than D] [--dry-run]",
		"Removes what conform runs that died (killed with SIGKILL, a crashed machine) left behind:\n"+
			"scratch databases on the server at --dsn and PostgreSQL containers (--containers).\n"+
			"Only databases and containers whose name or label names the conform run that made them\n"+
			"are considered, and only those of a run proven dead are removed: the server has no\n"+
			"session of it and its process ended in this machine's boot and pid namespace. What a run\n"+
			"left whose process cannot be looked at from here (another machine, boot or pid\n"+
			"namespace: a run in a container) is listed and left alone, unless\n"+
			"--unprovable-older-than says how old it must be to go. Scratch databases kept by\n"+
			"`conform seed` are left to `seed --drop`.")
	dsn := flags.String("dsn", os.Getenv("CONFORM_DSN"), "the PostgreSQL server whose leftovers to remove; env CONFORM_DSN")
	containers := flags.Bool("containers", false, "remove leftover containers of conform's container store")
	unprovable := flags.Duration("unprovable-older-than", 0, "also remove what runs left that nothing here proves dead, once no session of theirs is on the server and they are older than this (default: never)")
	dry := flags.Bool("dry-run", false, "list what would be removed, remove nothing")
	var runs []string
	flags.Func("run", "only what this conform run made (its 12 hex digits, as clean lists them); repeatable", func(s string) error {
		if !owner.IsRunID(s) {
			return fmt.Errorf("want a run id of 12 hex digits, got %q", s)
		}
		runs = append(runs, s)
		return nil
	})
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("clean takes no arguments, got %q", flags.Arg(0))
	}
	if *dsn == "" && !*containers {
		return usageErr("clean needs --dsn URL (or CONFORM_DSN) and/or --containers")
	}
	if *unprovable < 0 {
		return usageErr("--unprovable-older-than must not be negative, got %s", *unprovable)
	}
	verb := "removed"
	if *dry {
		verb = "would remove"
	}
	err := store.Clean(e.ctx, store.CleanOptions{DSN: *dsn, Containers: *containers, Unprovable: *unprovable, DryRun: *dry, Runs: runs}, func(l store.Leftover) {
		what := verb
		if !l.Removed {
			what = "left alone"
		}
		started := "no mark"
		if m := l.Evidence.Mark; m != nil {
			started = "started " + m.Started.Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%s %s %s (run %s, %s: %s)\n", what, l.Kind, safetext.Line(l.Name), safetext.Line(l.Evidence.Run), started, safetext.Line(l.Verdict.Why))
	})
	if err != nil {
		return usageErr("%v", err)
	}
	return nil
}
