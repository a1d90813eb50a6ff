package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/owner"
	"github.com/jackc/pgx/v5"
)

// A database conform makes is named conform_<run>_<kind><8 hex>: the run that made it (12 hex
// digits, owner.Self().Run) and what it is for (t template, s scenario, k scratch). Its owner
// is known from the name alone, so a database whose CREATE DATABASE completed after its run
// was killed, and that never got its mark, is still attributable. Only names of exactly this
// form are ever candidates for removal.
var namePattern = regexp.MustCompile(`^conform_([0-9a-f]{12})_([tsk])[0-9a-f]{8}$`)

// legacyName is how conform named databases before names carried their run: never removed
// by Leftovers (nothing attributes them), still dropped by DropScratch when marked.
var legacyName = regexp.MustCompile(`^conform_[0-9a-f]{16}$`)

var kindLetters = map[string]string{DBTemplate: "t", DBScenario: "s", DBScratch: "k"}

// NewName is a fresh database name of a run and kind (DBTemplate, DBScenario, DBScratch).
func NewName(run, kind string) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return NamePrefix + run + "_" + kindLetters[kind] + hex.EncodeToString(b)
}

// ParseName reads a name NewName made: the run and kind; ok is false for any other name.
func ParseName(name string) (run, kind string, ok bool) {
	m := namePattern.FindStringSubmatch(name)
	if m == nil {
		return "", "", false
	}
	for k, letter := range kindLetters {
		if letter == m[2] {
			kind = k
		}
	}
	return m[1], kind, true
}

// applicationPrefix starts the application_name of every session of conform's.
const applicationPrefix = "conform run "

// ApplicationName is the application_name of a conform process's sessions: it names the run
// and the pid, then what the DSN asked for, if anything, within PostgreSQL's 63 bytes.
func ApplicationName(o owner.Owner, asked string) string {
	name := fmt.Sprintf("%s%s pid %d", applicationPrefix, o.Run, o.PID)
	if asked != "" {
		name += ": " + asked
	}
	if len(name) > 63 {
		name = strings.ToValidUTF8(name[:63], "")
	}
	return name
}

// runOfSession reads the run out of an application_name ApplicationName made.
func runOfSession(app string) (string, bool) {
	rest, ok := strings.CutPrefix(app, applicationPrefix)
	if !ok || len(rest) < owner.RunIDLen || !owner.IsRunID(rest[:owner.RunIDLen]) {
		return "", false
	}
	return rest[:owner.RunIDLen], true
}

// querier is what RunSessions needs of a connection or pool.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// RunSessions counts, per conform run, the sessions the server has open now. Any role sees
// the application_name of every session in pg_stat_activity.
func RunSessions(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := q.Query(ctx, `SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'conform run %'`)
	if err != nil {
		return nil, errline.Wrap(err, "list sessions: %s", cause(err))
	}
	apps, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, errline.Wrap(err, "list sessions: %s", cause(err))
	}
	out := map[string]int{}
	for _, a := range apps {
		if run, ok := runOfSession(a); ok {
			out[run]++
		}
	}
	return out, nil
}

// Leftover is a database another conform run made, with what can be known of that run.
type Leftover struct {
	Name     string
	Kind     string
	Evidence owner.Evidence
}

// Leftovers lists the databases on the server that another conform run made (by their name),
// each with the evidence on its run: the owner mark found on it or on another database of the
// same run, and the run's sessions. Scratch databases kept for the user are left out, and so
// is every database not named as conform names them.
func (s *Server) Leftovers(ctx context.Context) ([]Leftover, error) {
	if s.adminClosed() {
		return nil, errClosed
	}
	// Sessions first: a run that creates a database after this list was read is seen alive
	// by its session.
	sessions, err := RunSessions(ctx, s.admin)
	if err != nil {
		return nil, err
	}
	rows, err := s.admin.Query(ctx, `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database
		WHERE datname LIKE 'conform\_%' ORDER BY datname`)
	if err != nil {
		return nil, errline.Wrap(err, "list databases: %s", cause(err))
	}
	type db struct{ name, run, kind, comment string }
	var dbs []db
	marks := map[string]*owner.Owner{} // run -> a mark of it, from any of its databases
	for rows.Next() {
		var d db
		if err := rows.Scan(&d.name, &d.comment); err != nil {
			rows.Close()
			return nil, errline.Wrap(err, "list databases: %s", cause(err))
		}
		run, kind, ok := ParseName(d.name)
		if !ok {
			continue
		}
		d.run, d.kind = run, kind
		if o, ok := owner.Parse(d.comment); ok && o.Run == run {
			if marks[run] == nil {
				marks[run] = &o
			}
		}
		dbs = append(dbs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errline.Wrap(err, "list databases: %s", cause(err))
	}
	self := owner.Self().Run
	var out []Leftover
	for _, d := range dbs {
		if d.run == self {
			continue
		}
		if o, ok := owner.Parse(d.comment); ok && o.Run == d.run && o.Kind == DBKept {
			continue // conform seed's, kept for the user until seed --drop
		}
		out = append(out, Leftover{Name: d.name, Kind: d.kind, Evidence: owner.Evidence{
			Run: d.run, Mark: marks[d.run], Sessions: sessions[d.run], SessionsKnown: true}})
	}
	return out, nil
}

// DropLeftover drops one database Leftovers listed; any name conform does not make is refused.
func (s *Server) DropLeftover(ctx context.Context, l Leftover) error {
	if _, _, ok := ParseName(l.Name); !ok {
		return fmt.Errorf("refusing to drop %q: not a name conform makes", l.Name)
	}
	if err := s.adminExec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{l.Name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return errline.Wrap(err, "drop database %s: %s", l.Name, cause(err))
	}
	return nil
}
