package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/conform-dev/conform/internal/owner"
	"github.com/conform-dev/conform/store/memory"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
)

var (
	_ Store           = (*memory.Store)(nil)
	_ Store           = (*postgres.Store)(nil)
	_ SchemaInspector = (*postgres.Store)(nil)
)

// Where runs live, as Config.Kind names it.
const (
	KindMemory    = "memory"    // a fresh in-memory store per scenario
	KindContainer = "container" // a PostgreSQL container started for this process
)

// StaleAfter is how old a dead run's leftovers must be before Open removes them on its own: a
// dead owner is certain on this machine, the age only guards against clock skew.
const StaleAfter = time.Minute

// Config says where the scenarios' runs live. DSN wins, then Kind, then Postgres (a container
// when neither names a server), then memory.
type Config struct {
	Kind     string // "", KindMemory or KindContainer
	DSN      string // an existing PostgreSQL server: scratch databases only
	Postgres bool   // the runs must live in PostgreSQL (the confidence lane)
	Image    string // the image of KindContainer
	Ready    int    // scenario databases cloned ahead of need
	// Progress, when set, hears what Open is doing (a container takes seconds) and what it
	// removed of dead runs.
	Progress func(string)
	// App, when set, makes the scenario databases with the application's migrations.
	App *postgres.AppSchema
}

// Stores gives each scenario its own store, and owns what it started: Close removes it all.
type Stores struct {
	// Name says where the runs live, for progress lines and reports.
	Name string
	// Tags is a tag expression the stores require: the in-memory store cannot run the
	// @postgres scenarios.
	Tags string
	// Server is the PostgreSQL server, when there is one.
	Server    *postgres.Server
	container *pgcontainer.Container
}

// NewStore gives one scenario its own store.
func (s *Stores) NewStore(ctx context.Context) (Store, error) {
	if s.Server == nil {
		return memory.New(), nil
	}
	return s.Server.NewStore(ctx)
}

// Memory is the in-memory store, a fresh one per scenario.
func Memory() *Stores { return &Stores{Name: KindMemory, Tags: "~@postgres"} }

// Preflight tells whether Open could open cfg, without starting anything: the configuration holds
// together, and a container store has a Docker engine and its image. A run checks it before it
// starts the implementation.
func Preflight(ctx context.Context, cfg Config) error {
	switch {
	case cfg.Kind != "" && cfg.Kind != KindMemory && cfg.Kind != KindContainer:
		return fmt.Errorf("store must be memory or container, got %q", cfg.Kind)
	case cfg.DSN != "" && cfg.Kind == KindMemory:
		return errors.New("a DSN and the memory store contradict each other")
	case cfg.Postgres && cfg.Kind == KindMemory:
		return errors.New("the confidence lane runs on PostgreSQL; the memory store contradicts it")
	case cfg.DSN != "":
		return nil // the server is asked when the store opens, in a second
	case cfg.Kind == KindContainer || cfg.Postgres:
		return pgcontainer.Preflight(ctx, cfg.Image)
	}
	return nil
}

// Open chooses where runs live and starts it. On a server or in a container it first removes
// what conform runs that died left there (and says so through Progress).
func Open(ctx context.Context, cfg Config) (*Stores, error) {
	progress := cfg.Progress
	if progress == nil {
		progress = func(string) {}
	}
	switch {
	case cfg.Kind != "" && cfg.Kind != KindMemory && cfg.Kind != KindContainer:
		return nil, fmt.Errorf("store must be memory or container, got %q", cfg.Kind)
	case cfg.DSN != "" && cfg.Kind == KindMemory:
		return nil, errors.New("a DSN and the memory store contradict each other")
	case cfg.Postgres && cfg.Kind == KindMemory:
		return nil, errors.New("the confidence lane runs on PostgreSQL; the memory store contradicts it")
	case cfg.DSN != "":
		return openDSN(ctx, cfg.DSN, postgres.Options{Ready: cfg.Ready, App: cfg.App}, progress)
	case cfg.Kind == KindContainer || cfg.Postgres:
		return openContainer(ctx, cfg.Image, postgres.Options{Ready: cfg.Ready, App: cfg.App}, progress)
	}
	return Memory(), nil
}

func openDSN(ctx context.Context, dsn string, opts postgres.Options, progress func(string)) (*Stores, error) {
	if opts.App != nil {
		progress("migrating the template with the application's migrations: " + opts.App.Command)
	}
	s, err := postgres.Open(ctx, dsn, opts)
	if err != nil {
		return nil, err
	}
	progress("using PostgreSQL at " + s.Address())
	dbs, err := databaseLeftovers(ctx, s)
	if err == nil {
		err = removeDeadQuietly(ctx, dbs, progress)
	}
	if err != nil {
		progress("could not remove every leftover database: " + err.Error())
	}
	return &Stores{Name: "postgres", Server: s}, nil
}

func openContainer(ctx context.Context, image string, opts postgres.Options, progress func(string)) (*Stores, error) {
	cs, err := containerLeftovers(ctx)
	if err == nil {
		err = removeDeadQuietly(ctx, cs, progress)
	}
	if err != nil && !errors.Is(err, pgcontainer.ErrNoDocker) {
		progress("could not remove every leftover container: " + err.Error())
	}
	progress(fmt.Sprintf("starting PostgreSQL from %s", image))
	c, err := pgcontainer.Start(ctx, image)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("PostgreSQL ready in %s", c.Started.Round(10*time.Millisecond)))
	if opts.App != nil {
		progress("migrating the template with the application's migrations: " + opts.App.Command)
	}
	s, err := postgres.Open(ctx, c.DSN, opts)
	if err != nil {
		return nil, errors.Join(err, c.Terminate())
	}
	return &Stores{Name: "postgres container (" + image + ")", Server: s, container: c}, nil
}

// removeDeadQuietly is what a starting run does with other runs' leftovers: it removes those of
// runs proven dead (older than StaleAfter) and says so, and counts in one line those it must
// leave alone because nothing proves their run dead. Live runs' are not mentioned.
func removeDeadQuietly(ctx context.Context, all []Leftover, progress func(string)) error {
	unprovable := 0
	err := removeDead(ctx, all, StaleAfter, 0, false, func(l Leftover) {
		switch {
		case l.Removed:
			progress(fmt.Sprintf("removed %s %s, left by conform run %s, which died (%s)", l.Kind, l.Name, l.Evidence.Run, l.Verdict.Why))
		case l.Verdict.State == owner.Unknown:
			unprovable++
		}
	})
	if unprovable > 0 {
		progress(fmt.Sprintf("left alone %d scratch database(s) or container(s) of other conform runs that nothing here proves dead (conform clean --dry-run lists them)", unprovable))
	}
	return err
}

// Close drops every scratch database and removes the container, if any.
func (s *Stores) Close() error {
	var errs []error
	if s.Server != nil {
		errs = append(errs, s.Server.Close())
	}
	if s.container != nil {
		errs = append(errs, s.container.Terminate())
	}
	return errors.Join(errs...)
}
