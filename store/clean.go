package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/jackc/pgx/v5"
)

// Leftover is a scratch database or container another conform run made and did not remove,
// with what could be learnt of that run.
type Leftover struct {
	Kind     string // "database" or "container"
	Name     string
	Evidence owner.Evidence
	Verdict  owner.Verdict
	// Removed says it was removed (or, dry, would be); otherwise it was left alone.
	Removed bool
	remove  func(context.Context) error
}

// CleanOptions say what Clean looks at.
type CleanOptions struct {
	DSN        string // the server whose scratch databases to consider ("" : none)
	Containers bool   // consider the containers of the container store too
	// Unprovable, when positive, also removes what a run left whose liveness nothing here can
	// prove (another machine, boot or pid namespace) once the server has no session of that
	// run and its mark is older than this. Zero leaves every such leftover alone.
	Unprovable time.Duration
	DryRun     bool // name what would be removed, remove nothing
	// Runs, when set, limits Clean to what these runs made (a CI job cleaning after its own
	// killed run, beside others').
	Runs []string
}

// Clean removes what conform runs that died left behind: only databases and containers whose
// names or labels say which run made them, and only when that run is proven dead (its
// process ended in this machine's boot and pid namespace, and the server has no session of
// it). Everything else is listed as left alone, with why. Scratch databases kept by conform
// seed are never listed. done hears every leftover, removed or not.
func Clean(ctx context.Context, o CleanOptions, done func(Leftover)) error {
	var all []Leftover
	if o.DSN != "" {
		s, err := postgres.Open(ctx, o.DSN, postgres.Options{NoTemplate: true})
		if err != nil {
			return err
		}
		defer s.Close()
		dbs, err := databaseLeftovers(ctx, s)
		if err != nil {
			return err
		}
		all = append(all, dbs...)
	}
	if o.Containers {
		cs, err := containerLeftovers(ctx)
		if err != nil {
			return err
		}
		all = append(all, cs...)
	}
	if len(o.Runs) > 0 {
		all = slices.DeleteFunc(all, func(l Leftover) bool { return !slices.Contains(o.Runs, l.Evidence.Run) })
	}
	return removeDead(ctx, all, 0, o.Unprovable, o.DryRun, done)
}

// removeDead removes the leftovers whose owner is proven dead (and older than minAge), and
// the unprovable ones when unprovable > 0 allows it; done hears every one.
func removeDead(ctx context.Context, all []Leftover, minAge, unprovable time.Duration, dry bool, done func(Leftover)) error {
	now := time.Now()
	var errs []error
	for _, l := range all {
		if l.Evidence.Removable(now, minAge, unprovable) {
			if !dry {
				if err := l.remove(ctx); err != nil {
					errs = append(errs, err)
					continue
				}
			}
			l.Removed = true
		}
		done(l)
	}
	return errors.Join(errs...)
}

func databaseLeftovers(ctx context.Context, s *postgres.Server) ([]Leftover, error) {
	dbs, err := s.Leftovers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Leftover, 0, len(dbs))
	for _, d := range dbs {
		out = append(out, Leftover{Kind: "database", Name: d.Name, Evidence: d.Evidence, Verdict: d.Evidence.Judge(),
			remove: func(ctx context.Context) error { return s.DropLeftover(ctx, d) }})
	}
	return out, nil
}

// containerLeftovers lists the containers of other runs, each with the sessions its server
// has of the run that started it (unknown when it is stopped or cannot be reached).
func containerLeftovers(ctx context.Context) ([]Leftover, error) {
	cs, err := pgcontainer.Leftovers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Leftover, 0, len(cs))
	for _, c := range cs {
		ev := owner.Evidence{Run: c.Run, Mark: c.Owner}
		if c.DSN != "" {
			ev.Sessions, ev.SessionsKnown = containerSessions(ctx, c.DSN, c.Run)
		}
		out = append(out, Leftover{Kind: "container", Name: c.Name, Evidence: ev, Verdict: ev.Judge(),
			remove: func(ctx context.Context) error { return pgcontainer.RemoveLeftover(ctx, c) }})
	}
	return out, nil
}

// containerSessions counts the sessions of run on a container's server; known is false when
// the server cannot be asked.
func containerSessions(ctx context.Context, dsn, run string) (n int, known bool) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, false
	}
	defer conn.Close(context.Background())
	sessions, err := postgres.RunSessions(ctx, conn)
	if err != nil {
		return 0, false
	}
	return sessions[run], true
}
