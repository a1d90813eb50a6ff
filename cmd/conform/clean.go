package main

import (
	"fmt"
	"os"
	"time"

	"github.com/conform-dev/conform/store"
)

func cmdClean(e env, args []string) error {
	flags := newFlags(e, "clean", "[--dsn URL] [--containers] [--older-than D] [--dry-run]",
		"Removes what conform runs that died (killed with SIGKILL, a crashed machine) left behind:\n"+
			"scratch databases on the server at --dsn and PostgreSQL containers (--containers).\n"+
			"Only what carries conform's owner mark is considered, and only when its owner is gone:\n"+
			"the owner process no longer runs on this machine, or it ran elsewhere and the mark is\n"+
			"older than --older-than. Scratch databases kept by `conform seed` are left to `seed --drop`.")
	dsn := flags.String("dsn", os.Getenv("CONFORM_DSN"), "the PostgreSQL server whose leftovers to remove; env CONFORM_DSN")
	containers := flags.Bool("containers", false, "remove leftover containers of conform's container store")
	olderThan := flags.Duration("older-than", 24*time.Hour, "remove what another machine's runs left when older than this")
	dry := flags.Bool("dry-run", false, "list what would be removed, remove nothing")
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usageErr("clean takes no arguments, got %q", flags.Arg(0))
	}
	if *dsn == "" && !*containers {
		return usageErr("clean needs --dsn URL (or CONFORM_DSN) and/or --containers")
	}
	if *olderThan <= 0 {
		return usageErr("--older-than must be positive, got %s", *olderThan)
	}
	verb := "removed"
	if *dry {
		verb = "would remove"
	}
	err := store.Clean(e.ctx, store.CleanOptions{DSN: *dsn, Containers: *containers, OlderThan: *olderThan, DryRun: *dry}, func(l store.Leftover) {
		o := l.Owner
		fmt.Fprintf(e.stdout, "%s %s %s (run %s, pid %d on %s, started %s, owner %s)\n", verb, l.Kind, l.Name, o.Run, o.PID, o.Host, o.Started.Format(time.RFC3339), o.State())
	})
	if err != nil {
		return usageErr("%v", err)
	}
	return nil
}
