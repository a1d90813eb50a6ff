package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/owner"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// NamePrefix starts the name of every database conform creates.
const NamePrefix = "conform_"

// MinServerVersion is the oldest PostgreSQL conform supports (DROP DATABASE ... WITH (FORCE)).
const MinServerVersion = 130000

// Options tune a Server.
type Options struct {
	// Ready is how many scenario databases are cloned ahead of need (default 4).
	Ready int
	// ConnectTimeout bounds every connection attempt (default 5 s).
	ConnectTimeout time.Duration
	// NoTemplate skips the template and the ready queue (for scratch databases only).
	NoTemplate bool
	// App, when set, makes the template with the application's migrations (AppSchema).
	App *AppSchema
}

// Server is one PostgreSQL server conform works on.
type Server struct {
	cfg *pgx.ConnConfig
	// admin is a small pool on the maintenance database: clone fallbacks, the ready queue's
	// clones and drops run side by side; mu guards only the maps and flags below.
	admin    *pgxpool.Pool
	mu       sync.Mutex
	version  int
	template string
	created  map[string]bool // every database this server created and has not dropped
	history  []string        // every database this server ever created
	ready    chan string
	drops    sync.WaitGroup
	stop     chan struct{}
	fillers  sync.WaitGroup
	closed   bool
	// adminDone is set when Close closed the admin pool.
	adminDone bool
	strategy  string
	dropErrs  []error // drops in the background that failed, for Close to report
	app       *AppSchema
	capsJSON  bool // the application's schema keeps capabilities as JSON, not text[]
}

// Open connects to the server at dsn, checks it is recent enough and that the role may create
// databases, and creates and migrates the template. Every error is one line that names the
// server but never the password.
func Open(ctx context.Context, dsn string, opts Options) (*Server, error) {
	if opts.Ready <= 0 {
		opts.Ready = 4
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 5 * time.Second
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errline.Wrap(err, "invalid DSN: %s", errline.Flat(err))
	}
	cfg.ConnectTimeout = opts.ConnectTimeout
	// Its sessions say whose they are in pg_stat_activity, as its databases do in their name:
	// while a session carries the run, the run is alive (Leftovers).
	cfg.RuntimeParams["application_name"] = ApplicationName(owner.Self(), cfg.RuntimeParams["application_name"])
	admin, err := openAdmin(ctx, cfg)
	if err != nil {
		return nil, errline.Wrap(err, "cannot connect to PostgreSQL at %s:%d as %s: %s", cfg.Host, cfg.Port, cfg.User, cause(err))
	}
	s := &Server{cfg: cfg, admin: admin, created: map[string]bool{}, ready: make(chan string, opts.Ready), stop: make(chan struct{}), app: opts.App}
	if err := s.check(ctx); err != nil {
		admin.Close()
		return nil, err
	}
	if opts.NoTemplate {
		return s, nil
	}
	if err := s.createTemplate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.fillers.Add(1)
	go s.fill()
	return s, nil
}

// adminConns bounds the admin pool: the ready queue's filler, a scenario cloning on its own and
// two drops at once, on a server that may be shared.
const adminConns = 4

// openAdmin opens the admin pool and makes one connection, so that a wrong DSN fails here.
func openAdmin(ctx context.Context, cfg *pgx.ConnConfig) (*pgxpool.Pool, error) {
	pool, err := newPool(ctx, cfg, cfg.Database, adminConns)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// newPool is a pool of at most conns connections to database db, configured as cfg (its
// application_name included); it connects lazily.
func newPool(ctx context.Context, cfg *pgx.ConnConfig, db string, conns int32) (*pgxpool.Pool, error) {
	pcfg, err := pgxpool.ParseConfig("")
	if err != nil {
		return nil, err
	}
	pcfg.ConnConfig = cfg.Copy()
	pcfg.ConnConfig.Database = db
	pcfg.MaxConns = conns
	if db == cfg.Database {
		// The admin pool keeps one session open for the server's whole life: the session is
		// how other conform processes see that this run is alive, from any pid namespace.
		pcfg.MinConns = 1
		pcfg.MaxConnIdleTime = 1000 * time.Hour
		pcfg.MaxConnLifetime = 1000 * time.Hour
	}
	return pgxpool.NewWithConfig(ctx, pcfg)
}

// errClosed is what an admin statement returns once the server closed.
var errClosed = errors.New("server closed")

func (s *Server) check(ctx context.Context) error {
	var version int
	var mayCreate bool
	err := s.admin.QueryRow(ctx, `SELECT current_setting('server_version_num')::int,
		(SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user)`).Scan(&version, &mayCreate)
	if err != nil {
		return errline.Wrap(err, "cannot inspect PostgreSQL at %s:%d: %s", s.cfg.Host, s.cfg.Port, cause(err))
	}
	if err := checkServer(s.Address(), version, mayCreate); err != nil {
		return err
	}
	s.version = version
	if version >= 150000 {
		// FILE_COPY clones a small template faster than WAL_LOG (measured: 14 ms vs 21 ms median).
		s.strategy = " STRATEGY = FILE_COPY"
	}
	return nil
}

// scratchMarker is the comment earlier versions of conform put on a scratch database kept for
// the user (conform seed); DropScratch still accepts it on their names. Now the owner mark of
// kind "kept" says the same.
const scratchMarker = "conform scratch database"

// The kinds of database a server makes, as its owner mark says.
const (
	DBTemplate = "template"
	DBScenario = "scenario"
	DBScratch  = "scratch" // a scratch database for conform seed, while it is being made
	DBKept     = "kept"    // a scratch database made whole and kept for the user
)

// CreateScratch creates and migrates a database that outlives this server (for conform
// seed), marked so that DropScratch may drop it later. It returns its name.
func (s *Server) CreateScratch(ctx context.Context) (string, error) {
	name, err := s.createDatabase(ctx, DBScratch)
	if err != nil {
		return "", err
	}
	if err := s.migrate(ctx, name); err != nil {
		return "", err
	}
	// Marked kept only once it is whole: a scratch database whose seed died half-way is a
	// leftover like any other.
	if err := s.mark(ctx, name, DBKept); err != nil {
		return "", err
	}
	s.mu.Lock()
	delete(s.created, name) // kept: the user audits it, then drops it with DropScratch
	s.mu.Unlock()
	return name, nil
}

// DropScratch drops a scratch database conform created earlier: the name must carry the
// prefix and the database the marker comment; anything else is refused.
func (s *Server) DropScratch(ctx context.Context, name string) error {
	if _, kind, ok := ParseName(name); !(ok && kind == DBScratch) && !legacyName.MatchString(name) {
		return fmt.Errorf("refusing to drop %q: not a conform scratch database", name)
	}
	var comment *string
	err := s.admin.QueryRow(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&comment)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("no database %q", name)
	}
	if err != nil {
		return errline.Wrap(err, "inspect %s: %s", name, cause(err))
	}
	o, marked := owner.Parse(deref(comment))
	if !(marked && (o.Kind == DBKept || o.Kind == DBScratch)) && deref(comment) != scratchMarker {
		return fmt.Errorf("refusing to drop %q: it does not carry conform's scratch marker", name)
	}
	s.mu.Lock()
	s.created[name] = true
	s.mu.Unlock()
	return s.dropDatabase(ctx, name)
}

// DSNFor is the DSN of another database on this server (password included, for the user's own use).
func (s *Server) DSNFor(name string) string {
	cfg := s.cfg
	u := url.URL{Scheme: "postgres", Host: fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), Path: "/" + name}
	if cfg.Password != "" {
		u.User = url.UserPassword(cfg.User, cfg.Password)
	} else {
		u.User = url.User(cfg.User)
	}
	q := url.Values{}
	q.Set("sslmode", "disable")
	if cfg.TLSConfig != nil {
		q.Set("sslmode", "require")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// checkServer refuses servers that are too old and roles that may not create databases.
func checkServer(addr string, version int, mayCreate bool) error {
	if version < MinServerVersion {
		return fmt.Errorf("PostgreSQL at %s is version %d.%d; conform needs 13 or newer", addr, version/10000, version%10000)
	}
	if !mayCreate {
		return fmt.Errorf("PostgreSQL at %s: the role may not create databases; conform works only in scratch databases it creates (grant CREATEDB or use another role)", addr)
	}
	return nil
}

// adminExec runs one statement on the admin pool, without holding mu.
func (s *Server) adminExec(ctx context.Context, sql string) error {
	if s.adminClosed() {
		return errClosed
	}
	_, err := s.admin.Exec(ctx, sql)
	return err
}

// adminClosed reports whether Close has closed the admin pool.
func (s *Server) adminClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.adminDone
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// mark comments a database with its owner: this process, and what the database is for.
func (s *Server) mark(ctx context.Context, name, kind string) error {
	mark := strings.ReplaceAll(owner.Self().Mark(kind), "'", "''")
	if err := s.adminExec(ctx, "COMMENT ON DATABASE "+pgx.Identifier{name}.Sanitize()+" IS '"+mark+"'"); err != nil {
		return errline.Wrap(err, "mark %s: %s", name, cause(err))
	}
	return nil
}

// createDatabase creates a database of a kind with a generated name (a scenario's is cloned
// from the template) and marks it with its owner at once: a comment is not copied from a
// template. Its name alone says which run made it, so one whose CREATE DATABASE completes
// after a killed run's client is gone is still that run's.
func (s *Server) createDatabase(ctx context.Context, kind string) (string, error) {
	name := NewName(owner.Self().Run, kind)
	sql := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
	if kind == DBScenario {
		sql += " TEMPLATE " + pgx.Identifier{s.template}.Sanitize() + s.strategy
	}
	s.mu.Lock()
	if s.created != nil {
		s.created[name] = true // before the statement: a half-made database is still ours to drop
	}
	s.history = append(s.history, name)
	s.mu.Unlock()
	if err := s.adminExec(ctx, sql); err != nil {
		return "", errline.Wrap(err, "create database: %s", cause(err))
	}
	if err := s.mark(ctx, name, kind); err != nil {
		return "", err
	}
	return name, nil
}

// dropDatabase drops a database this server created; any other name is refused.
func (s *Server) dropDatabase(ctx context.Context, name string) error {
	s.mu.Lock()
	ours := s.created[name]
	s.mu.Unlock()
	if _, _, named := ParseName(name); !ours || !named {
		return fmt.Errorf("refusing to drop %q: conform did not create it", name)
	}
	if err := s.adminExec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return errline.Wrap(err, "drop database %s: %s", name, cause(err))
	}
	s.mu.Lock()
	delete(s.created, name)
	s.mu.Unlock()
	return nil
}

func (s *Server) connect(ctx context.Context, db string) (*pgx.Conn, error) {
	cfg := s.cfg.Copy()
	cfg.Database = db
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, errline.Wrap(err, "connect to %s: %s", db, cause(err))
	}
	return conn, nil
}

func (s *Server) createTemplate(ctx context.Context) error {
	name, err := s.createDatabase(ctx, DBTemplate)
	if err != nil {
		return err
	}
	s.template = name
	return s.migrate(ctx, name)
}

// migrate applies the embedded migrations to a database this server created, or the
// application's (AppSchema) and then conform's write log only.
func (s *Server) migrate(ctx context.Context, name string) error {
	if s.app != nil {
		if err := s.runAppMigrations(ctx, *s.app, name); err != nil {
			return err
		}
	}
	conn, err := s.connect(ctx, name)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	sort.Strings(files)
	if s.app != nil {
		if err := s.checkAppSchema(ctx, conn); err != nil {
			return err
		}
		files = slices.DeleteFunc(files, func(f string) bool { return !strings.Contains(f, "write_log") })
	}
	for _, f := range files {
		sql, _ := migrations.ReadFile(f)
		if _, err := conn.Exec(ctx, string(sql)); err != nil {
			return errline.Wrap(err, "migration %s: %s", f, cause(err))
		}
	}
	return nil
}

// fill keeps the ready queue full of fresh clones until the server closes. A statement in
// flight is never cancelled: pgx closes a connection whose query is cancelled, and the admin
// connection must survive to drop what was made.
func (s *Server) fill() {
	defer s.fillers.Done()
	for {
		select {
		case <-s.stop:
			return
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		name, err := s.createDatabase(ctx, DBScenario)
		cancel()
		if err != nil {
			select {
			case <-s.stop:
				return
			case <-time.After(50 * time.Millisecond): // the taker clones on its own meanwhile
				continue
			}
		}
		select {
		case s.ready <- name:
		case <-s.stop:
			return
		}
	}
}

// Clone returns a fresh database cloned from the template, taken from the ready queue when
// one is there.
func (s *Server) Clone(ctx context.Context) (string, error) {
	select {
	case name := <-s.ready:
		return name, nil
	default:
		return s.createDatabase(ctx, DBScenario)
	}
}

// Release drops a scenario database in the background; Close waits for it and reports a
// drop that failed. A Release after Close drops at once on a connection of its own and
// returns what went wrong: a database is never left behind in silence.
func (s *Server) Release(name string) error {
	s.mu.Lock()
	closed := s.closed
	if !closed {
		s.drops.Add(1) // under mu, so never after Close's Wait began
	}
	s.mu.Unlock()
	if closed {
		return s.dropAfterClose(name)
	}
	go func() {
		defer s.drops.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.dropDatabase(ctx, name); err != nil {
			s.mu.Lock()
			s.dropErrs = append(s.dropErrs, err)
			s.mu.Unlock()
		}
	}()
	return nil
}

// dropAfterClose drops a database this server made once its admin connection is gone.
func (s *Server) dropAfterClose(name string) error {
	s.mu.Lock()
	ours := s.created[name]
	s.mu.Unlock()
	if !ours {
		return nil // Close dropped it already
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, s.cfg)
	if err != nil {
		return errline.Wrap(err, "drop database %s after close: %s", name, cause(err))
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return errline.Wrap(err, "drop database %s after close: %s", name, cause(err))
	}
	s.mu.Lock()
	delete(s.created, name)
	s.mu.Unlock()
	return nil
}

// Address is host:port/user of the server, for progress lines (never the password).
func (s *Server) Address() string {
	return fmt.Sprintf("%s:%d as %s", s.cfg.Host, s.cfg.Port, s.cfg.User)
}

// madeEver lists every database this server ever created, dropped or not.
func (s *Server) madeEver() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.history...)
}

// made lists the databases this server created and has not dropped yet.
func (s *Server) made() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.created {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Close stops cloning and drops every database this server created, template included.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.stop)
	s.fillers.Wait()
	s.drops.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.mu.Lock()
	errs := append([]error{}, s.dropErrs...)
	s.mu.Unlock()
	for _, name := range s.made() {
		if err := s.dropDatabase(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	s.mu.Lock()
	s.adminDone = true
	s.mu.Unlock()
	s.admin.Close()
	return errors.Join(errs...)
}

// cause is the useful part of a pgx error, on one line.
func cause(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Message + " (SQLSTATE " + pgErr.Code + ")"
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		msg := errline.Flat(ce.Unwrap())
		if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg, "dial") {
			return msg[i+2:]
		}
		return msg
	}
	return errline.Flat(err)
}
