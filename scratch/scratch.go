package scratch

import (
	"context"
	"fmt"

	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/store/postgres"
	"github.com/jackc/pgx/v5"
)

// Create creates a scratch database on the server at dsn (conform_ plus a random suffix,
// marked as conform's, kept after conform exits) and fills it with n runs from g. It returns
// the database's name and DSN. A database it could not fill is dropped again: it never writes
// into a database it did not create, and never leaves a half-filled one.
func Create(ctx context.Context, dsn string, n int64, g *Generator, progress func(done int64)) (name, target string, err error) {
	s, err := postgres.Open(ctx, dsn, postgres.Options{NoTemplate: true})
	if err != nil {
		return "", "", err
	}
	defer s.Close()
	name, err = s.CreateScratch(ctx)
	if err != nil {
		return "", "", err
	}
	target = s.DSNFor(name)
	conn, err := pgx.Connect(ctx, target)
	if err != nil {
		_ = s.DropScratch(context.WithoutCancel(ctx), name)
		return "", "", errline.Wrap(err, "connect to %s: %s", name, errline.Flat(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := g.Fill(ctx, conn, n, progress); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		_ = s.DropScratch(context.WithoutCancel(ctx), name)
		return "", "", fmt.Errorf("seeding %s: %w", name, err)
	}
	return name, target, nil
}

// Drop drops a scratch database Scratch made; any other database is refused.
func Drop(ctx context.Context, dsn, name string) error {
	s, err := postgres.Open(ctx, dsn, postgres.Options{NoTemplate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	return s.DropScratch(ctx, name)
}
