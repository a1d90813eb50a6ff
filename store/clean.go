package store

import (
	"context"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
)

// Leftover is a scratch database or container a conform run made and did not remove.
type Leftover struct {
	Kind  string // "database" or "container"
	Name  string
	Owner owner.Owner
}

// CleanOptions say what Clean looks at.
type CleanOptions struct {
	DSN        string        // the server whose scratch databases to consider ("" : none)
	Containers bool          // consider the containers of the container store too
	OlderThan  time.Duration // what another machine's runs left counts once older than this
	DryRun     bool          // name what would be removed, remove nothing
}

// Clean removes what conform runs that died left behind: only what carries conform's owner
// mark, and only when its owner is gone (its process no longer runs on this machine, or it
// ran elsewhere and the mark is older than OlderThan). Scratch databases kept by conform seed
// are left alone. done hears each leftover removed (or, dry, that would be).
func Clean(ctx context.Context, o CleanOptions, done func(Leftover)) error {
	if o.DSN != "" {
		s, err := postgres.Open(ctx, o.DSN, postgres.Options{NoTemplate: true})
		if err != nil {
			return err
		}
		defer s.Close()
		err = clean(o, done, func() ([]postgres.Leftover, error) { return s.Leftovers(ctx) },
			func(l postgres.Leftover) Leftover { return Leftover{Kind: "database", Name: l.Name, Owner: l.Owner} },
			func(l postgres.Leftover) error { return s.DropLeftover(ctx, l) })
		if err != nil {
			return err
		}
	}
	if o.Containers {
		return clean(o, done, func() ([]pgcontainer.Leftover, error) { return pgcontainer.Leftovers(ctx) },
			func(l pgcontainer.Leftover) Leftover {
				return Leftover{Kind: "container", Name: l.Name, Owner: l.Owner}
			},
			func(l pgcontainer.Leftover) error { return pgcontainer.RemoveLeftover(ctx, l) })
	}
	return nil
}

// clean removes (or, dry, only names) the leftovers of one kind whose owner is gone.
func clean[T any](o CleanOptions, done func(Leftover), list func() ([]T, error), describe func(T) Leftover, remove func(T) error) error {
	all, err := list()
	if err != nil {
		return err
	}
	if o.DryRun {
		remove = func(T) error { return nil }
	}
	removed, err := owner.RemoveStale(all, func(l T) owner.Owner { return describe(l).Owner }, 0, o.OlderThan, remove)
	for _, l := range removed {
		done(describe(l))
	}
	return err
}
