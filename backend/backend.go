// Package backend chooses where the scenarios' runs live: the in-memory store, an existing
// PostgreSQL server given by DSN, or a PostgreSQL container started for this process. It owns
// what it starts and removes all of it on Close.
package backend

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/memory"
	"github.com/conform-dev/conform/store/pgcontainer"
	"github.com/conform-dev/conform/store/postgres"
)

// Backend is a source of per-scenario stores.
type Backend struct {
	// Name says where the runs live, for progress lines and reports.
	Name string
	// NewStore gives one scenario its own store.
	NewStore func(ctx context.Context) (store.Store, error)
	// Tags is a tag expression the backend requires: the in-memory store cannot run the
	// @postgres scenarios.
	Tags string
	// Server is the PostgreSQL server, when there is one.
	Server    *postgres.Server
	container *pgcontainer.Container
}

// Memory is the in-memory store, a fresh one per scenario.
func Memory() *Backend {
	return &Backend{Name: "memory", Tags: "~@postgres",
		NewStore: func(context.Context) (store.Store, error) { return memory.New(), nil }}
}

// DSN works in scratch databases on an existing server.
func DSN(ctx context.Context, dsn string, ready int) (*Backend, error) {
	s, err := postgres.Open(ctx, dsn, postgres.Options{Ready: ready})
	if err != nil {
		return nil, err
	}
	return &Backend{Name: "postgres", NewStore: s.NewStore, Server: s}, nil
}

// Container starts a PostgreSQL container from image and works in scratch databases on it.
// progress, when not nil, hears what is going on (starting takes seconds).
func Container(ctx context.Context, image string, ready int, progress func(string)) (*Backend, error) {
	if progress == nil {
		progress = func(string) {}
	}
	progress(fmt.Sprintf("starting PostgreSQL from %s", image))
	c, err := pgcontainer.Start(ctx, image)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("PostgreSQL ready in %s", c.Started.Round(10*time.Millisecond)))
	b, err := DSN(ctx, c.DSN, ready)
	if err != nil {
		return nil, errors.Join(err, c.Terminate())
	}
	b.Name, b.container = "postgres container ("+image+")", c
	return b, nil
}

// Close drops every scratch database and removes the container, if any.
func (b *Backend) Close() error {
	var errs []error
	if b.Server != nil {
		errs = append(errs, b.Server.Close())
	}
	if b.container != nil {
		errs = append(errs, b.container.Terminate())
	}
	return errors.Join(errs...)
}
