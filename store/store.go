package store

import (
	"context"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store/internal/notfound"
)

// ErrNotFound is returned (wrapped) for a run, tenant or user that does not exist, by every
// store: in PostgreSQL a reference to a missing row is this error too, not a foreign-key
// message.
var ErrNotFound = notfound.Err

// Store is what steps and reference jobs need of the application's database.
type Store interface {
	// CreateTenant adds a tenant and returns its id.
	CreateTenant(ctx context.Context, name string) (int64, error)
	// CreateUser adds a user and returns its id.
	CreateUser(ctx context.Context, name string) (int64, error)
	// Grant makes a user a member of a tenant with the given capabilities (possibly none).
	Grant(ctx context.Context, userID, tenantID int64, capabilities []string) error
	// Actor loads a user's memberships and capabilities.
	Actor(ctx context.Context, userID int64) (contract.Actor, error)

	// InsertRun adds a run as the application's service creates it; ID and timestamps are
	// assigned by the store.
	InsertRun(ctx context.Context, run contract.Run) (int64, error)
	// Run loads one run, with context and summary_counts decoded as the contract reads them.
	Run(ctx context.Context, id int64) (contract.Run, error)
	// Runs lists every run, ordered by id.
	Runs(ctx context.Context) ([]contract.Run, error)

	// SetContext writes value at path inside context (creating objects on the way), in one
	// statement, and touches updated_at. This is how writers record a lifecycle boundary.
	SetContext(ctx context.Context, id int64, path []string, value any) error
	// SetSummaryCounts overwrites summary_counts with a raw JSON value.
	SetSummaryCounts(ctx context.Context, id int64, raw []byte) error
	// SetLifecycle writes status and outcome and touches updated_at (and started_at or
	// completed_at when the run starts or completes).
	SetLifecycle(ctx context.Context, id int64, status, outcome string) error

	// Close releases the store and everything it created.
	Close() error
}

// SchemaInspector is implemented by stores backed by a real database schema: it lists every
// table.column, so scope guards can prove writers added none (FR-012).
type SchemaInspector interface {
	Columns(ctx context.Context) ([]string, error)
}

// WriteLog is implemented by stores that log every write of a run as the database saw it:
// the run's row after each insert and update, in order. It is how conform holds an
// implementation's answer to a drive request to what its writers really persisted.
type WriteLog interface {
	// Writes lists the writes of one run, oldest first.
	Writes(ctx context.Context, runID int64) ([]contract.Run, error)
	// DSN is the database's DSN, for an implementation whose writers run on it.
	DSN() string
}
