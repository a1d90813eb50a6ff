package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/procenv"
	"github.com/jackc/pgx/v5"
)

// AppSchema makes the scenario databases with the application's own migrations instead of
// conform's: the template is migrated by the application's command (php artisan migrate, for
// one), and conform adds only its write log. The application's writers then run on the schema
// they were written for; conform's seeding needs the tables RequiredColumns names.
type AppSchema struct {
	Command string        // run with /bin/sh -c
	Dir     string        // its working directory ("" = current)
	Timeout time.Duration // default 5 minutes
}

// RequiredColumns are the columns conform reads and seeds in an application's schema: the
// run model of the design notes, and what authorization needs.
var RequiredColumns = map[string][]string{
	"tenants":            {"id", "name"},
	"users":              {"id", "name"},
	"tenant_memberships": {"user_id", "tenant_id", "capabilities"},
	"operation_runs": {"id", "tenant_id", "user_id", "type", "status", "outcome", "summary_counts", "context",
		"started_at", "completed_at", "created_at", "updated_at"},
}

// keepOutput bounds what a failing migration command's output shows.
const keepOutput = 2048

// runAppMigrations runs the application's command against the template database: its DSN in
// DATABASE_URL and DB_URL (Laravel's names), DB_CONNECTION=pgsql.
func (s *Server) runAppMigrations(ctx context.Context, app AppSchema, db string) error {
	timeout := app.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", app.Command)
	cmd.Dir = app.Dir
	dsn := s.DSNFor(db)
	cmd.Env = append(procenv.ForChildren(), "DATABASE_URL="+dsn, "DB_URL="+dsn, "DB_CONNECTION=pgsql", "CONFORM_SCRATCH_DSN="+dsn)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Its own process group, killed whole when the timeout or an interrupt ends it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	if err != nil {
		tail := strings.TrimSpace(out.String())
		if len(tail) > keepOutput {
			tail = "..." + tail[len(tail)-keepOutput:]
		}
		if ctx.Err() != nil {
			err = errors.Join(err, ctx.Err())
		}
		return errline.Wrap(err, "the application's migrations (%s) failed: %s; its output: %s", app.Command, errline.Flat(err), strings.ReplaceAll(tail, "\n", " | "))
	}
	return nil
}

// checkAppSchema refuses a schema without the columns conform needs, naming every one
// missing, and learns how it stores capabilities (a text[] or JSON).
func (s *Server) checkAppSchema(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'`)
	if err != nil {
		return errline.Wrap(err, "read the application's schema: %s", cause(err))
	}
	have := map[string]string{}
	var t, c, typ string
	_, err = pgx.ForEachRow(rows, []any{&t, &c, &typ}, func() error {
		have[t+"."+c] = typ
		return nil
	})
	if err != nil {
		return errline.Wrap(err, "read the application's schema: %s", cause(err))
	}
	var missing []string
	for table, cols := range RequiredColumns {
		for _, col := range cols {
			if _, ok := have[table+"."+col]; !ok {
				missing = append(missing, table+"."+col)
			}
		}
	}
	for _, col := range []string{"operation_runs.context", "operation_runs.summary_counts"} {
		if typ, ok := have[col]; ok && typ != "jsonb" {
			missing = append(missing, col+" as jsonb (it is "+typ+")")
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("the application's migrations made no %s: conform seeds and reads runs through these columns (docs/adapters.md)", strings.Join(missing, ", "))
	}
	switch typ := have["tenant_memberships.capabilities"]; typ {
	case "ARRAY":
	case "json", "jsonb":
		s.capsJSON = true
	default:
		return fmt.Errorf("tenant_memberships.capabilities is %s; conform stores capabilities as text[] or JSON", typ)
	}
	return nil
}
