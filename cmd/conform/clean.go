package main

import (
	"fmt"
	"os"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
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
	if *dsn != "" {
		s, err := postgres.Open(e.ctx, *dsn, postgres.Options{NoTemplate: true})
		if err != nil {
			return usageErr("%v", err)
		}
		defer s.Close()
		err = cleanUp(e, "database", *dry, *olderThan, func() ([]postgres.Leftover, error) { return s.Leftovers(e.ctx) },
			func(l postgres.Leftover) (string, owner.Owner) { return l.Name, l.Owner },
			func(l postgres.Leftover) error { return s.DropLeftover(e.ctx, l) })
		if err != nil {
			return err
		}
	}
	if *containers {
		return cleanUp(e, "container", *dry, *olderThan, func() ([]pgcontainer.Leftover, error) { return pgcontainer.Leftovers(e.ctx) },
			func(l pgcontainer.Leftover) (string, owner.Owner) { return l.Name, l.Owner },
			func(l pgcontainer.Leftover) error { return pgcontainer.RemoveLeftover(e.ctx, l) })
	}
	return nil
}

// cleanUp removes (or, dry, only names) the leftovers of one kind whose owner is gone, and
// says what it did with each.
func cleanUp[T any](e env, what string, dry bool, olderThan time.Duration, list func() ([]T, error),
	describe func(T) (string, owner.Owner), remove func(T) error) error {
	all, err := list()
	if err != nil {
		return usageErr("%v", err)
	}
	verb := "removed"
	if dry {
		verb, remove = "would remove", func(T) error { return nil }
	}
	done, err := owner.RemoveStale(all, func(l T) owner.Owner { _, o := describe(l); return o }, 0, olderThan, remove)
	for _, l := range done {
		name, o := describe(l)
		fmt.Fprintf(e.stdout, "%s %s %s (run %s, pid %d on %s, started %s, owner %s)\n", verb, what, name, o.Run, o.PID, o.Host, o.Started.Format(time.RFC3339), o.State())
	}
	if err != nil {
		return usageErr("%v", err)
	}
	return nil
}
