package subject

import (
	"context"
	"fmt"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/jobs"
	"github.com/conform-dev/conform/store"
	"github.com/conform-dev/conform/store/memory"
)

// Presented is what a shell request answers: the status code, and the hint fragment only
// when the actor may view the run.
type Presented struct {
	Status    int
	ShellHTML string
}

// Page is what a tenant shell request answers: the status of the tenant-scoped surface, and
// the runs it lists (only when the status is 200), each with its hint fragment.
type Page struct {
	Status int
	Runs   []Listed
}

// Listed is one run the tenant shell lists.
type Listed struct {
	RunID     int64
	ShellHTML string
}

// Implementation is what the harness asks of an implementation of the contract. Every answer a
// scenario checks comes from here: the resolution, the status and fragment of one run, the
// runs a tenant shell lists (the implementation filters them, not the harness), and what its
// jobs persist when they run a writer scenario.
type Implementation interface {
	Name() string
	Resolve(ctx context.Context, run contract.Run) (contract.Resolution, error)
	Present(ctx context.Context, run contract.Run, actor contract.Actor) (Presented, error)
	Shell(ctx context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (Page, error)
	Drive(ctx context.Context, sc contract.WriterScenario, at Target) (Writes, error)
}

// Target is where a writer scenario runs: for a tenant and a user the scenario seeded, in the
// scenario's store (the reference writes through it) or the database DSN names (an
// implementation whose writers run on a database; "" when the store is not one).
type Target struct {
	TenantID int64
	UserID   int64
	Store    store.Store
	DSN      string
}

// Writes is what a job persisted: the run's row after each write, in order. Database is true
// when the implementation's writers ran on the database Target.DSN names, so that conform can
// read the writes from the database and hold the answer to them.
type Writes struct {
	Trace    contract.Trace
	Database bool
}

// Configurable is an implementation that can be started again, held to another registry of
// families (an adapter process gets it in its start request). What WithRegistry returns is
// closed (io.Closer) when it has one.
type Configurable interface {
	WithRegistry(reg *contract.Registry) Implementation
}

// Reference is the reference contract, in process, with a registry of families (nil: the
// built-in spec 272 registry).
type Reference struct {
	Registry *contract.Registry
}

func (r Reference) reg() *contract.Registry {
	if r.Registry == nil {
		return contract.Builtin
	}
	return r.Registry
}

var _ Implementation = Reference{}

func (Reference) Name() string { return "reference" }

// WithRegistry is the reference held to another registry.
func (Reference) WithRegistry(reg *contract.Registry) Implementation { return Reference{Registry: reg} }

func (r Reference) Resolve(_ context.Context, run contract.Run) (contract.Resolution, error) {
	return r.reg().Resolve(run), nil
}

func (r Reference) Present(_ context.Context, run contract.Run, actor contract.Actor) (Presented, error) {
	status, hint, ok := r.reg().View(actor, run)
	if !ok {
		return Presented{Status: status}, nil
	}
	return Presented{Status: status, ShellHTML: hint.HTML()}, nil
}

// Drive runs a writer scenario with the reference writers (package jobs), in the target's
// store, or a store of its own (the trace then names the target's tenant and user).
func (r Reference) Drive(ctx context.Context, sc contract.WriterScenario, at Target) (Writes, error) {
	if at.Store != nil {
		tr, err := jobs.Drive(ctx, at.Store, sc, at.TenantID, at.UserID)
		return Writes{Trace: tr}, err
	}
	st := memory.New()
	tid, err := st.CreateTenant(ctx, "tenant")
	if err != nil {
		return Writes{}, err
	}
	uid, err := st.CreateUser(ctx, "operator")
	if err != nil {
		return Writes{}, err
	}
	tr, err := jobs.Drive(ctx, st, sc, tid, uid)
	if err != nil {
		return Writes{}, fmt.Errorf("reference writers: %w", err)
	}
	for i := range tr {
		tr[i].TenantID, tr[i].UserID = at.TenantID, at.UserID
	}
	return Writes{Trace: tr}, nil
}

func (r Reference) Shell(_ context.Context, actor contract.Actor, tenantID int64, runs []contract.Run) (Page, error) {
	p := Page{Status: contract.TenantAccess(actor, tenantID), Runs: []Listed{}}
	if p.Status != contract.StatusOK {
		return p, nil
	}
	for _, h := range r.reg().TenantShell(actor, tenantID, runs) {
		p.Runs = append(p.Runs, Listed{RunID: h.RunID, ShellHTML: h.HTML()})
	}
	return p, nil
}

// Kind is what a Question asks: one method of Implementation. Its value is the request's
// name on the wire (docs/adapter-protocol.md).
type Kind string

// The kinds of question.
const (
	KindResolve Kind = "resolve"
	KindPresent Kind = "present"
	KindShell   Kind = "shell"
	KindDrive   Kind = "drive"
)

// Kinds are the kinds of question, in the protocol's order.
var Kinds = []Kind{KindResolve, KindPresent, KindShell, KindDrive}

// Question is one request to an implementation, for implementations that answer many at once.
type Question struct {
	Kind     Kind
	Run      contract.Run
	Actor    contract.Actor
	TenantID int64
	Runs     []contract.Run
	Scenario contract.WriterScenario // drive
	Target   Target                  // drive
}

// Reply answers one Question: the field of its kind, or Err.
type Reply struct {
	Resolution contract.Resolution
	Presented  Presented
	Page       Page
	Writes     Writes
	Err        error
}

// Batcher is an implementation that answers many questions at once, in order; an adapter
// process pipelines them instead of waiting for each answer in turn.
type Batcher interface {
	Batch(ctx context.Context, qs []Question) []Reply
}

// AskAll answers questions through Batch when the implementation has it, one by one otherwise.
func AskAll(ctx context.Context, im Implementation, qs []Question) []Reply {
	if b, ok := im.(Batcher); ok {
		return b.Batch(ctx, qs)
	}
	out := make([]Reply, len(qs))
	for i, q := range qs {
		out[i] = Ask(ctx, im, q)
	}
	return out
}

// Ask puts one question to an implementation: the one place a question's kind picks the
// method that answers it.
func Ask(ctx context.Context, im Implementation, q Question) Reply {
	var r Reply
	switch q.Kind {
	case KindResolve:
		r.Resolution, r.Err = im.Resolve(ctx, q.Run)
	case KindPresent:
		r.Presented, r.Err = im.Present(ctx, q.Run, q.Actor)
	case KindShell:
		r.Page, r.Err = im.Shell(ctx, q.Actor, q.TenantID, q.Runs)
	case KindDrive:
		r.Writes, r.Err = im.Drive(ctx, q.Scenario, q.Target)
	default:
		r.Err = fmt.Errorf("no question of kind %q", q.Kind)
	}
	return r
}
