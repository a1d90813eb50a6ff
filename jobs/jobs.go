package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/store"
)

// Boundary is one lifecycle boundary of a phased job: its name as the features say it, and
// the phase the job enters there.
type Boundary struct {
	Name  string
	Phase contract.Phase
}

// CaptureBoundaries are the boundaries of baseline capture, in order: eligibility and
// preparation, subject and snapshot work, evidence capture (full-content only), persistence,
// finalization.
func CaptureBoundaries(fullContent bool) []Boundary {
	b := []Boundary{{"eligibility", contract.PhasePreparing}, {"snapshot", contract.PhaseProcessing}}
	if fullContent {
		b = append(b, Boundary{"evidence capture", contract.PhaseFetching})
	}
	return append(b, Boundary{"persistence", contract.PhasePersisting}, Boundary{"finalization", contract.PhaseFinalizing})
}

// CompareBoundaries are the boundaries of baseline compare, in order: coverage and
// preparation, evidence capture (full-content only), drift evaluation, persistence,
// finalization. A resumed compare re-enters evidence capture through "resume".
func CompareBoundaries(fullContent bool) []Boundary {
	b := []Boundary{{"coverage", contract.PhasePreparing}}
	if fullContent {
		b = append(b, Boundary{"evidence capture", contract.PhaseFetching})
	}
	return append(b, Boundary{"drift evaluation", contract.PhaseProcessing},
		Boundary{"persistence", contract.PhasePersisting}, Boundary{"finalization", contract.PhaseFinalizing})
}

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
	if j.Family == "baseline_compare" {
		return CompareBoundaries(j.FullContent)
	}
	return CaptureBoundaries(j.FullContent)
}

func (j *Job) boundary(name string) (Boundary, error) {
	if name == "resume" && j.Family == "baseline_compare" && j.FullContent {
		return Boundary{"resume", contract.PhaseFetching}, nil
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
type OperationsSummary struct {
	Total, Failed, Partial int64
}

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

// Lifecycle drives every reference job through its whole lifecycle for one tenant, calling
// observe after every write. It is what the scope guards check writers against.
func Lifecycle(ctx context.Context, st store.Store, tenantID, userID int64, observe func(runID int64) error) error {
	type plan struct {
		queue   func() (*Job, error)
		outcome contract.Outcome
		resume  bool
	}
	plans := []plan{
		{func() (*Job, error) { return QueueCapture(ctx, st, tenantID, userID, false) }, contract.OutcomeSucceeded, false},
		{func() (*Job, error) { return QueueCapture(ctx, st, tenantID, userID, true) }, contract.OutcomeBlocked, false},
		{func() (*Job, error) { return QueueCompare(ctx, st, tenantID, userID, false) }, contract.OutcomePartiallySucceeded, false},
		{func() (*Job, error) { return QueueCompare(ctx, st, tenantID, userID, true) }, contract.OutcomeFailed, true},
	}
	for _, p := range plans {
		j, err := p.queue()
		if err != nil {
			return err
		}
		if err := observe(j.RunID); err != nil {
			return err
		}
		for _, b := range j.Boundaries() {
			if err := j.Reach(ctx, b.Name); err != nil {
				return err
			}
			if b.Phase == contract.PhaseFetching {
				if err := j.RecordEvidenceStats(ctx, 3, 12); err != nil {
					return err
				}
				if p.resume {
					if err := j.Reach(ctx, "resume"); err != nil {
						return err
					}
				}
			}
			if err := observe(j.RunID); err != nil {
				return err
			}
		}
		if err := j.Finish(ctx, p.outcome); err != nil {
			return err
		}
		if err := observe(j.RunID); err != nil {
			return err
		}
	}
	for i, ops := range []*OperationsSummary{{12, 2, 1}, {0, 0, 0}, nil} {
		j, err := QueueReviewCompose(ctx, st, EvidenceSnapshot{ID: int64(100 + i), TenantID: tenantID, Operations: ops}, userID)
		if err != nil {
			return err
		}
		for _, step := range []func() error{func() error { return nil }, func() error { return j.Start(ctx) },
			func() error { return j.Finish(ctx, contract.OutcomeSucceeded) }} {
			if err := step(); err != nil {
				return err
			}
			if err := observe(j.RunID); err != nil {
				return err
			}
		}
	}
	return nil
}
