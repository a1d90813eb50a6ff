package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/internal/errline"
	"github.com/conform-dev/conform/internal/jsonvalue"
	"github.com/jackc/pgx/v5"
	"gopkg.in/yaml.v3"
)

// Mapping says where the runs are when a deployment renamed things.
type Mapping struct {
	Table   string            `yaml:"table"`
	Columns map[string]string `yaml:"columns"`
}

// Logical columns the audit reads.
var columnNames = []string{"id", "tenant_id", "type", "status", "outcome", "summary_counts", "context", "created_at"}

// DefaultMapping is the application's own schema.
func DefaultMapping() Mapping { return Mapping{Table: "operation_runs", Columns: map[string]string{}} }

// LoadMapping reads a YAML mapping file strictly.
func LoadMapping(path string) (Mapping, error) {
	if st, err := os.Stat(path); err != nil {
		return Mapping{}, err
	} else if !st.Mode().IsRegular() || st.Size() > 1<<20 {
		return Mapping{}, fmt.Errorf("%s: want a regular file of at most 1 MiB", path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, err
	}
	m := DefaultMapping()
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if m.Columns == nil {
		m.Columns = map[string]string{}
	}
	return m, m.Validate()
}

// Set applies one --column logical=actual flag.
func (m *Mapping) Set(flag string) error {
	logical, actual, ok := strings.Cut(flag, "=")
	if !ok || actual == "" {
		return fmt.Errorf("--column wants logical=actual (e.g. context=ctx_json), got %q", flag)
	}
	m.Columns[logical] = actual
	return m.Validate()
}

// Validate refuses unknown logical columns and an empty table.
func (m Mapping) Validate() error {
	if strings.TrimSpace(m.Table) == "" {
		return fmt.Errorf("the table name is empty")
	}
	for k := range m.Columns {
		known := false
		for _, c := range columnNames {
			known = known || c == k
		}
		if !known {
			return fmt.Errorf("unknown column %q (columns: %s)", k, strings.Join(columnNames, ", "))
		}
	}
	return nil
}

func (m Mapping) col(logical string) string {
	if c, ok := m.Columns[logical]; ok {
		return pgx.Identifier{c}.Sanitize()
	}
	return pgx.Identifier{logical}.Sanitize()
}

func (m Mapping) table() string { return pgx.Identifier(strings.Split(m.Table, ".")).Sanitize() }

// Query builds the streaming SELECT; values travel as parameters.
func (m Mapping) Query(since time.Time, families []string) (string, []any) {
	// Every column is read as text, so a row of any column type, or with NULLs, is read: what
	// the contract cannot read is a finding on that row (unreadable-column), never the end of
	// the audit.
	q := fmt.Sprintf(`SELECT %s::text, %s::text, %s::text, %s::text, %s::text, %s::text, %s::text FROM %s`,
		m.col("id"), m.col("tenant_id"), m.col("type"), m.col("status"), m.col("outcome"),
		m.col("summary_counts"), m.col("context"), m.table())
	var where []string
	var args []any
	if !since.IsZero() {
		args = append(args, since)
		where = append(where, fmt.Sprintf("%s >= $%d", m.col("created_at"), len(args)))
	}
	if len(families) > 0 {
		args = append(args, families)
		where = append(where, fmt.Sprintf("%s = ANY($%d)", m.col("type"), len(args)))
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q, args
}

// Options of one audit.
type Options struct {
	Since    time.Time
	Families []string
	Examples int
	Mapping  Mapping
	Workers  int
	// Registry is the application's registry (nil: the built-in one).
	Registry *contract.Registry
	// Strict makes fallback-copy a violation (Report.Strict).
	Strict bool
	// Parallel is how many connections read id ranges of the table side by side, on one
	// snapshot (default 1).
	Parallel int
	// Progress, when set, is called about every 200 ms with rows read so far.
	Progress func(rows int64, elapsed time.Duration)
}

// raw is one row as read: each column's text, nil when it is NULL.
type raw struct {
	id, tenant, typ, status, outcome, counts, ctx []byte
}

// Audit audits the runs behind dsn inside a READ ONLY transaction (it refuses to run otherwise),
// streaming rows and decoding them on Workers goroutines. With Parallel > 1 it reads id
// ranges over that many connections, each in a READ ONLY transaction on one exported snapshot:
// one consistent view of the table, read side by side.
func Audit(ctx context.Context, dsn string, o Options) (*Report, error) {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Parallel <= 0 {
		o.Parallel = 1
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errline.Wrap(err, "invalid DSN: %s", errline.Flat(err))
	}
	cfg.ConnectTimeout = 5 * time.Second
	conn, tx, err := readOnly(ctx, cfg, "")
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	defer tx.Rollback(context.Background())
	ranges := []idRange{{}}
	if o.Parallel > 1 {
		if ranges, err = o.Mapping.split(ctx, tx, o.Parallel); err != nil {
			return nil, err
		}
	}
	snapshot := ""
	if len(ranges) > 1 {
		if err := tx.QueryRow(ctx, "SELECT pg_export_snapshot()").Scan(&snapshot); err != nil {
			return nil, errline.Wrap(err, "cannot export a snapshot for --parallel: %s", errline.Flat(err))
		}
	}

	batches := make(chan []raw, o.Workers*2)
	reports := make([]*Report, o.Workers)
	var wg sync.WaitGroup
	for i := range reports {
		reports[i] = NewReport(o.Examples)
		reports[i].Strict = o.Strict
		if o.Registry != nil {
			reports[i].Registry = o.Registry
		}
		wg.Add(1)
		go func(r *Report) {
			defer wg.Done()
			in := interner{}
			for batch := range batches {
				for _, x := range batch {
					run, unreadable := x.runWith(in)
					r.AddRow(run, unreadable)
				}
			}
		}(reports[i])
	}
	var read atomic.Int64
	stop := make(chan struct{})
	if o.Progress != nil {
		start := time.Now()
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					o.Progress(read.Load(), time.Since(start))
				case <-stop:
					o.Progress(read.Load(), time.Since(start))
					return
				}
			}
		}()
	}
	// One reader per range: the first on this transaction, the others each on a connection of
	// its own, in a transaction on the exported snapshot.
	readCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(ranges))
	var readers sync.WaitGroup
	for i, r := range ranges {
		readers.Add(1)
		go func() {
			defer readers.Done()
			t := tx
			if i > 0 {
				c, other, err := readOnly(readCtx, cfg, snapshot)
				if err != nil {
					errs[i] = err
					cancel()
					return
				}
				defer c.Close(context.Background())
				defer other.Rollback(context.Background())
				t = other
			}
			if errs[i] = o.Mapping.stream(readCtx, t, o, r, batches, &read); errs[i] != nil {
				cancel()
			}
		}()
	}
	readers.Wait()
	close(batches)
	wg.Wait()
	close(stop)
	if err := errors.Join(errs...); err != nil {
		for _, e := range errs {
			if e != nil && !errors.Is(e, context.Canceled) {
				return nil, e
			}
		}
		return nil, err
	}
	rep := merge(o.Examples, reports)
	rep.Strict = o.Strict
	return rep, nil
}

// readOnly connects and opens a READ ONLY transaction (REPEATABLE READ, on snapshot when one
// is given), and checks that it is one.
func readOnly(ctx context.Context, cfg *pgx.ConnConfig, snapshot string) (*pgx.Conn, pgx.Tx, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, nil, errline.Wrap(err, "cannot connect to PostgreSQL at %s:%d as %s: %s", cfg.Host, cfg.Port, cfg.User, errline.Flat(err))
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		conn.Close(context.Background())
		return nil, nil, errline.Wrap(err, "cannot open a READ ONLY transaction: %s", errline.Flat(err))
	}
	fail := func(err error) (*pgx.Conn, pgx.Tx, error) {
		tx.Rollback(context.Background())
		conn.Close(context.Background())
		return nil, nil, err
	}
	if snapshot != "" {
		if _, err := tx.Exec(ctx, "SET TRANSACTION SNAPSHOT "+quoteLiteral(snapshot)); err != nil {
			return fail(errline.Wrap(err, "cannot share the audit's snapshot: %s", errline.Flat(err)))
		}
	}
	var ro string
	if err := tx.QueryRow(ctx, "SHOW transaction_read_only").Scan(&ro); err != nil || ro != "on" {
		return fail(fmt.Errorf("the transaction is not read-only (transaction_read_only=%q); refusing to audit", ro))
	}
	return conn, tx, nil
}

func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// idRange is a half-open range of ids [lo, hi); nil bounds are open. The first range also
// reads the rows whose id is NULL or no integer.
type idRange struct {
	lo, hi *int64
	first  bool
}

// split cuts the table's ids into n ranges of equal width, when the id column is an integer
// type; otherwise (or on an empty table) one range.
func (m Mapping) split(ctx context.Context, tx pgx.Tx, n int) ([]idRange, error) {
	var typ string
	if err := tx.QueryRow(ctx, fmt.Sprintf("SELECT pg_typeof(%s)::text FROM %s LIMIT 1", m.col("id"), m.table())).Scan(&typ); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return []idRange{{}}, nil
		}
		return nil, errline.Wrap(err, "reading %s: %s", m.Table, errline.Flat(err))
	}
	if typ != "bigint" && typ != "integer" && typ != "smallint" {
		return []idRange{{}}, nil // not an integer column: read it in one piece
	}
	var lo, hi *int64
	if err := tx.QueryRow(ctx, fmt.Sprintf("SELECT min(%[1]s)::bigint, max(%[1]s)::bigint FROM %[2]s", m.col("id"), m.table())).Scan(&lo, &hi); err != nil {
		return nil, errline.Wrap(err, "reading %s: %s", m.Table, errline.Flat(err))
	}
	if lo == nil || hi == nil || *hi-*lo < int64(n) {
		return []idRange{{}}, nil
	}
	width := (*hi - *lo) / int64(n)
	out := make([]idRange, n)
	for i := range out {
		if i > 0 {
			b := *lo + int64(i)*width
			out[i].lo = &b
			out[i-1].hi = &b
		}
	}
	out[0].first = true
	return out, nil
}

// stream reads one range's rows into batches.
func (m Mapping) stream(ctx context.Context, tx pgx.Tx, o Options, r idRange, batches chan<- []raw, read *atomic.Int64) error {
	query, args := m.Query(o.Since, o.Families)
	var cond []string
	id := m.col("id")
	if r.lo != nil {
		args = append(args, *r.lo)
		cond = append(cond, fmt.Sprintf("%s >= $%d", id, len(args)))
	}
	if r.hi != nil {
		args = append(args, *r.hi)
		c := fmt.Sprintf("%s < $%d", id, len(args))
		if r.first {
			c = "(" + c + " OR " + id + " IS NULL)"
		}
		cond = append(cond, c)
	}
	if len(cond) > 0 {
		if strings.Contains(query, " WHERE ") {
			query += " AND " + strings.Join(cond, " AND ")
		} else {
			query += " WHERE " + strings.Join(cond, " AND ")
		}
	}
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return errline.Wrap(err, "reading %s: %s", m.Table, errline.Flat(err))
	}
	defer rows.Close()
	// Each row's columns are copied out of the driver's buffer (valid until the next row) into
	// an arena the batch shares: a few allocations a batch instead of a dozen a row.
	const batchSize, arenaSize = 512, 64 << 10
	batch := make([]raw, 0, batchSize)
	var arena []byte
	keep := func(v []byte) []byte {
		if v == nil {
			return nil // NULL
		}
		if len(arena)+len(v) > cap(arena) {
			arena = make([]byte, 0, max(arenaSize, len(v)))
		}
		n := len(arena)
		arena = append(arena, v...)
		return arena[n:len(arena):len(arena)]
	}
	for rows.Next() {
		v := rows.RawValues()
		if len(v) != 7 {
			return fmt.Errorf("reading %s: %d columns, want 7", m.Table, len(v))
		}
		batch = append(batch, raw{id: keep(v[0]), tenant: keep(v[1]), typ: keep(v[2]), status: keep(v[3]),
			outcome: keep(v[4]), counts: keep(v[5]), ctx: keep(v[6])})
		if len(batch) == batchSize {
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			read.Add(batchSize)
			batch = make([]raw, 0, batchSize)
		}
	}
	if err := rows.Err(); err != nil {
		return errline.Wrap(err, "reading %s: %s", m.Table, errline.Flat(err))
	}
	select {
	case batches <- batch:
	case <-ctx.Done():
		return ctx.Err()
	}
	read.Add(int64(len(batch)))
	return nil
}

// run converts a row; unreadable names the columns that were NULL or could not be read.
func (x raw) run() (contract.Run, []string) { return x.runWith(nil) }

// runWith converts a row, taking its short texts (type, status, outcome: a few distinct
// values in a whole table) from in.
func (x raw) runWith(in interner) (run contract.Run, unreadable []string) {
	text := func(col string, v []byte) string {
		if v == nil {
			unreadable = append(unreadable, col+" is NULL")
			return ""
		}
		return in.string(v)
	}
	integer := func(col string, v []byte) int64 {
		if v == nil {
			unreadable = append(unreadable, col+" is NULL")
			return 0
		}
		if n, ok := digits(v); ok {
			return n
		}
		s := string(v)
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			unreadable = append(unreadable, fmt.Sprintf("%s %q is not an integer", col, capText(s)))
		}
		return n
	}
	run = contract.Run{ID: integer("id", x.id), TenantID: integer("tenant_id", x.tenant), Type: text("type", x.typ),
		Status: text("status", x.status), SummaryCounts: decode(x.counts), Context: decode(x.ctx)}
	if x.outcome != nil {
		run.Outcome = in.string(x.outcome) // a NULL outcome reads as pending, the column's default
	}
	return run, unreadable
}

// digits reads a plain non-negative decimal of up to 18 digits (every id and tenant id a
// table holds in practice) without a string; anything else goes to strconv.
func digits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// interner hands out one string per distinct short text; it stops taking new texts at
// maxInterned, so a table of unique values costs no more than plain conversion. A nil
// interner converts.
type interner map[string]string

const maxInterned, maxInternedLen = 4096, 64

func (in interner) string(b []byte) string {
	if in == nil || len(b) > maxInternedLen {
		return string(b)
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

func capText(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// decode reads a JSON column as the contract reads JSON; a value that does not decode (it
// cannot, from jsonb) is treated as missing.
func decode(b []byte) any {
	if b == nil {
		return nil
	}
	v, err := jsonvalue.Parse(b)
	if err != nil {
		return nil
	}
	return v
}

// merge folds the workers' reports; examples keep the smallest run IDs for a stable report.
func merge(examples int, parts []*Report) *Report {
	out := NewReport(examples)
	for _, p := range parts {
		out.Runs += p.Runs
		for fam, byRule := range p.Findings {
			if out.Findings[fam] == nil {
				out.Findings[fam] = map[string]*Group{}
			}
			for id, g := range byRule {
				o := out.Findings[fam][id]
				if o == nil {
					c := *g
					c.Examples = append([]int64{}, g.Examples...)
					out.Findings[fam][id] = &c
					continue
				}
				o.Count += g.Count
				o.Examples = append(o.Examples, g.Examples...)
			}
		}
	}
	for _, byRule := range out.Findings {
		for _, g := range byRule {
			slices.Sort(g.Examples)
			g.Examples = slices.Compact(g.Examples)
			if len(g.Examples) > examples {
				g.Examples = g.Examples[:examples]
			}
		}
	}
	return out
}
