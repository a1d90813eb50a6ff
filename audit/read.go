package audit

import (
	"bytes"
	"context"
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
	// Progress, when set, is called about every 200 ms with rows read so far.
	Progress func(rows int64, elapsed time.Duration)
}

type raw struct {
	id, tenant, typ, status, outcome *string
	counts, ctx                      []byte
}

// Run audits the runs behind dsn inside a READ ONLY transaction (it refuses to run otherwise),
// streaming rows and decoding them on Workers goroutines.
func Run(ctx context.Context, dsn string, o Options) (*Report, error) {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, errline.Wrap(err, "invalid DSN: %s", errline.Flat(err))
	}
	cfg.ConnectTimeout = 5 * time.Second
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, errline.Wrap(err, "cannot connect to PostgreSQL at %s:%d as %s: %s", cfg.Host, cfg.Port, cfg.User, errline.Flat(err))
	}
	defer conn.Close(context.Background())
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, errline.Wrap(err, "cannot open a READ ONLY transaction: %s", errline.Flat(err))
	}
	defer tx.Rollback(context.Background())
	var ro string
	if err := tx.QueryRow(ctx, "SHOW transaction_read_only").Scan(&ro); err != nil || ro != "on" {
		return nil, fmt.Errorf("the transaction is not read-only (transaction_read_only=%q); refusing to audit", ro)
	}
	query, args := o.Mapping.Query(o.Since, o.Families)
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, errline.Wrap(err, "reading %s: %s", o.Mapping.Table, errline.Flat(err))
	}
	defer rows.Close()

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
			for batch := range batches {
				for _, x := range batch {
					run, unreadable := x.run()
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
	const batchSize = 512
	batch := make([]raw, 0, batchSize)
	var x raw
	for rows.Next() {
		if err := rows.Scan(&x.id, &x.tenant, &x.typ, &x.status, &x.outcome, &x.counts, &x.ctx); err != nil {
			close(batches)
			wg.Wait()
			close(stop)
			return nil, errline.Wrap(err, "reading %s: %s", o.Mapping.Table, errline.Flat(err))
		}
		batch = append(batch, x)
		if len(batch) == batchSize {
			batches <- batch
			read.Add(batchSize)
			batch = make([]raw, 0, batchSize)
		}
	}
	batches <- batch
	read.Add(int64(len(batch)))
	close(batches)
	wg.Wait()
	close(stop)
	if err := rows.Err(); err != nil {
		return nil, errline.Wrap(err, "reading %s: %s", o.Mapping.Table, errline.Flat(err))
	}
	rep := merge(o.Examples, reports)
	rep.Strict = o.Strict
	return rep, nil
}

// run converts a row; unreadable names the columns that were NULL or could not be read.
func (x raw) run() (run contract.Run, unreadable []string) {
	text := func(col string, v *string) string {
		if v == nil {
			unreadable = append(unreadable, col+" is NULL")
			return ""
		}
		return *v
	}
	integer := func(col string, v *string) int64 {
		s := text(col, v)
		if v == nil {
			return 0
		}
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			unreadable = append(unreadable, fmt.Sprintf("%s %q is not an integer", col, capText(s)))
		}
		return n
	}
	run = contract.Run{ID: integer("id", x.id), TenantID: integer("tenant_id", x.tenant), Type: text("type", x.typ),
		Status: text("status", x.status), SummaryCounts: decode(x.counts), Context: decode(x.ctx)}
	if x.outcome != nil {
		run.Outcome = *x.outcome // a NULL outcome reads as pending, the column's default
	}
	return run, unreadable
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
			if len(g.Examples) > examples {
				g.Examples = g.Examples[:examples]
			}
		}
	}
	return out
}
