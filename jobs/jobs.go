package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store"
)

// Boundary is one lifecycle boundary of a phased job (contract.Boundaries).
type Boundary = contract.Boundary

// Job is a queued or running reference job.
type Job struct {
	Store       store.Store
	RunID       int64
	Family      string
	FullContent bool
	Now         func() time.Time
}

func (j *Job) now() time.Time {
	if j.Now != nil {
		return j.Now()
	}
	return time.Now()
}

// queue inserts the run the application's service creates when a job is queued. PHP writes
// an empty context as [].
func queue(ctx context.Context, st store.Store, family string, tenantID, userID int64, runCtx any) (int64, error) {
	if runCtx == nil {
		runCtx = []any{}
	}
	id, err := st.InsertRun(ctx, contract.Run{TenantID: tenantID, UserID: userID, Type: family,
		Status: "queued", Outcome: "pending", SummaryCounts: []any{}, Context: runCtx})
	if err != nil {
		return 0, fmt.Errorf("queue %s: %w", family, err)
	}
	return id, nil
}

// QueueCapture queues a baseline capture.
func QueueCapture(ctx context.Context, st store.Store, tenantID, userID int64, fullContent bool) (*Job, error) {
	id, err := queue(ctx, st, "baseline_capture", tenantID, userID,
		map[string]any{"baseline_capture": map[string]any{"full_content": fullContent}})
	return &Job{Store: st, RunID: id, Family: "baseline_capture", FullContent: fullContent}, err
}

// QueueCompare queues a baseline compare.
func QueueCompare(ctx context.Context, st store.Store, tenantID, userID int64, fullContent bool) (*Job, error) {
	id, err := queue(ctx, st, "baseline_compare", tenantID, userID,
		map[string]any{"baseline_compare": map[string]any{"full_content": fullContent}})
	return &Job{Store: st, RunID: id, Family: "baseline_compare", FullContent: fullContent}, err
}

// Boundaries lists the job's boundaries in workflow order.
func (j *Job) Boundaries() []Boundary {
	path := "standard"
	if j.FullContent {
		path = "full-content"
	}
	return contract.Boundaries(j.Family, path)
}

func (j *Job) boundary(name string) (Boundary, error) {
	if name == "resume" && j.Family == "baseline_compare" && j.FullContent {
		return Boundary{Name: "resume", Phase: contract.PhaseFetching}, nil
	}
	for _, b := range j.Boundaries() {
		if b.Name == name {
			return b, nil
		}
	}
	kind := "standard"
	if j.FullContent {
		kind = "full-content"
	}
	return Boundary{}, fmt.Errorf("a %s %s has no %q boundary", kind, j.Family, name)
}

// Start marks the run running, as the worker does when it picks the job up.
func (j *Job) Start(ctx context.Context) error {
	return j.Store.SetLifecycle(ctx, j.RunID, "running", "pending")
}

// Reach records a lifecycle boundary: the run is running and context.progress.phase holds
// the canonical payload of the boundary's phase. A resume first records its checkpoint, which
// stays diagnostics.
func (j *Job) Reach(ctx context.Context, name string) error {
	b, err := j.boundary(name)
	if err != nil {
		return err
	}
	run, err := j.Store.Run(ctx, j.RunID)
	if err != nil {
		return err
	}
	if run.Status != "running" {
		if err := j.Start(ctx); err != nil {
			return err
		}
	}
	if b.Name == "resume" {
		checkpoint := map[string]any{"checkpoint": fmt.Sprintf("cmp-%d-resume", j.RunID), "resumed_at": j.now().UTC().Format(time.RFC3339)}
		if err := j.Store.SetContext(ctx, j.RunID, []string{"baseline_compare", "resume"}, checkpoint); err != nil {
			return err
		}
	}
	payload, err := contract.PhasePayload(j.Family, b.Phase, j.now())
	if err != nil {
		return err
	}
	return j.Store.SetContext(ctx, j.RunID, []string{"progress", "phase"}, payload)
}

// RecordEvidenceStats records evidence-capture stats the way capture reports them: in its own
// context member and as processed/total summary counts, which must not turn phased into counted.
func (j *Job) RecordEvidenceStats(ctx context.Context, captured, total int64) error {
	if err := j.Store.SetContext(ctx, j.RunID, []string{"evidence_capture"},
		map[string]any{"captured": captured, "total": total}); err != nil {
		return err
	}
	return j.Store.SetSummaryCounts(ctx, j.RunID, []byte(fmt.Sprintf(`{"total": %d, "processed": %d}`, total, captured)))
}

// Finish ends the run with a terminal outcome; the context keeps its last phase for diagnostics.
func (j *Job) Finish(ctx context.Context, outcome contract.Outcome) error {
	if !outcome.Terminal() {
		return fmt.Errorf("outcome %q is not terminal", outcome)
	}
	return j.Store.SetLifecycle(ctx, j.RunID, "completed", string(outcome))
}

// OperationsSummary is the recent-operations summary of an evidence snapshot.
type OperationsSummary = contract.OperationsSummary

// EvidenceSnapshot is the evidence basis a tenant review is composed from. Operations is nil
// when the snapshot carries no operations summary.
type EvidenceSnapshot struct {
	ID         int64
	TenantID   int64
	Operations *OperationsSummary
}

// QueueReviewCompose queues tenant review composition from an evidence snapshot. The composite
// summary is seeded from the snapshot's operations summary at queue time; without one, none
// is written and nothing is invented.
func QueueReviewCompose(ctx context.Context, st store.Store, snap EvidenceSnapshot, userID int64) (*Job, error) {
	runCtx := map[string]any{"evidence_snapshot_id": snap.ID}
	if ops := snap.Operations; ops != nil {
		composite, err := contract.CompositePayload(ops.Total, ops.Failed, ops.Partial, "evidence_snapshot")
		if err != nil {
			return nil, fmt.Errorf("evidence snapshot %d: %w", snap.ID, err)
		}
		runCtx["progress"] = map[string]any{"composite": composite}
	}
	id, err := queue(ctx, st, "tenant.review.compose", snap.TenantID, userID, runCtx)
	return &Job{Store: st, RunID: id, Family: "tenant.review.compose"}, err
}

// Drive runs one writer scenario with the reference writers on st, for a tenant and a user,
// and returns what they persisted: the run's row after each write. It is what the reference
// answers to a drive request.
func Drive(ctx context.Context, st store.Store, sc contract.WriterScenario, tenantID, userID int64) (contract.Trace, error) {
	if err := sc.Check(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", sc.ID, err)
	}
	rec := &recorder{Store: st}
	var j *Job
	var err error
	switch sc.Family {
	case "tenant.review.compose":
		j, err = QueueReviewCompose(ctx, rec, EvidenceSnapshot{ID: 1, TenantID: tenantID, Operations: sc.Operations}, userID)
	case "baseline_compare":
		j, err = QueueCompare(ctx, rec, tenantID, userID, sc.Path == "full-content")
	default:
		j, err = QueueCapture(ctx, rec, tenantID, userID, sc.Path == "full-content")
	}
	if err != nil {
		return nil, err
	}
	rec.id = j.RunID
	if err := rec.note(ctx); err != nil {
		return nil, err
	}
	if sc.Family == "tenant.review.compose" {
		if err := j.Start(ctx); err != nil {
			return nil, err
		}
		return rec.trace, j.Finish(ctx, sc.FinalOutcome())
	}
	for _, b := range j.Boundaries() {
		if err := j.Reach(ctx, b.Name); err != nil {
			return nil, err
		}
		if b.Phase == contract.PhaseFetching {
			if e := sc.Evidence; e != nil {
				if err := j.RecordEvidenceStats(ctx, e.Captured, e.Total); err != nil {
					return nil, err
				}
			}
			if sc.Resume {
				if err := j.Reach(ctx, "resume"); err != nil {
					return nil, err
				}
			}
		}
		if sc.Stop != nil && sc.Stop.At == b.Name {
			break
		}
	}
	return rec.trace, j.Finish(ctx, sc.FinalOutcome())
}

// recorder is a store that keeps the run's row after each write.
type recorder struct {
	store.Store
	id    int64
	trace contract.Trace
}

func (r *recorder) note(ctx context.Context) error {
	if r.id == 0 {
		return nil
	}
	run, err := r.Store.Run(ctx, r.id)
	if err != nil {
		return err
	}
	r.trace = append(r.trace, run)
	return nil
}

func (r *recorder) SetContext(ctx context.Context, id int64, path []string, value any) error {
	if err := r.Store.SetContext(ctx, id, path, value); err != nil {
		return err
	}
	return r.note(ctx)
}

func (r *recorder) SetSummaryCounts(ctx context.Context, id int64, raw []byte) error {
	if err := r.Store.SetSummaryCounts(ctx, id, raw); err != nil {
		return err
	}
	return r.note(ctx)
}

func (r *recorder) SetLifecycle(ctx context.Context, id int64, status, outcome string) error {
	if err := r.Store.SetLifecycle(ctx, id, status, outcome); err != nil {
		return err
	}
	return r.note(ctx)
}
