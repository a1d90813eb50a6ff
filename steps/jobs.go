package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/conform-dev/conform/contract"
	"github.com/conform-dev/conform/jobs"
)

// Driving the reference jobs through their lifecycle boundaries.

func jobSteps(d *definitions) {
	step(d, `^a (standard|full-content) baseline (capture|compare) run is queued for "([^"]*)"$`, queueBaseline)
	step(d, `^the (?:capture|compare) reaches its "([^"]*)" boundary$`, reachBoundary)
	step(d, `^the (?:capture|compare) runs through every boundary$`, runThroughBoundaries)
	step(d, `^the run reports evidence-capture stats of (\d+) captured out of (\d+)$`, evidenceStats)
	step(d, `^the run (completes|is blocked|fails|partially succeeds|is cancelled)$`, finish)
	step(d, `^an evidence snapshot of "([^"]*)" summarizing (\d+) recent operations, (\d+) failed and (\d+) partial$`, snapshotWithSummary)
	step(d, `^an evidence snapshot of "([^"]*)" without an operations summary$`, snapshotWithoutSummary)
	step(d, `^a tenant review composition is queued from that snapshot$`, queueReview)
	step(d, `^the run starts$`, startRun)
	step(d, `^every reference job runs through its whole lifecycle for "([^"]*)"$`, everyJob)
}

func queueBaseline(ctx context.Context, path, kind, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	queue := jobs.QueueCapture
	if kind == "compare" {
		queue = jobs.QueueCompare
	}
	j, err := queue(ctx, w.store, tid, w.viewer, path == "full-content")
	if err != nil {
		return err
	}
	w.job, w.current = j, j.RunID
	return nil
}

func (w *World) requireJob() error {
	if w.job == nil {
		return fmt.Errorf("no reference job was queued in this scenario")
	}
	return nil
}

func reachBoundary(ctx context.Context, boundary string) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	return w.job.Reach(ctx, boundary)
}

func runThroughBoundaries(ctx context.Context) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	for _, b := range w.job.Boundaries() {
		if err := w.job.Reach(ctx, b.Name); err != nil {
			return err
		}
		_, res, err := w.resolve(ctx)
		if err != nil {
			return err
		}
		w.phases = append(w.phases, string(res.Phase))
	}
	return nil
}

func evidenceStats(ctx context.Context, captured, total int64) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	return w.job.RecordEvidenceStats(ctx, captured, total)
}

var endings = map[string]contract.Outcome{
	"completes": contract.OutcomeSucceeded, "is blocked": contract.OutcomeBlocked, "fails": contract.OutcomeFailed,
	"partially succeeds": contract.OutcomePartiallySucceeded, "is cancelled": contract.OutcomeCancelled,
}

func finish(ctx context.Context, ending string) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	return w.job.Finish(ctx, endings[ending])
}

func snapshotWithSummary(ctx context.Context, tenant string, total, failed, partial int64) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	w.snap = &jobs.EvidenceSnapshot{ID: 1, TenantID: tid, Operations: &jobs.OperationsSummary{Total: total, Failed: failed, Partial: partial}}
	return nil
}

func snapshotWithoutSummary(ctx context.Context, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	w.snap = &jobs.EvidenceSnapshot{ID: 1, TenantID: tid}
	return nil
}

func queueReview(ctx context.Context) error {
	w := world(ctx)
	if w.snap == nil {
		return fmt.Errorf("no evidence snapshot was given in this scenario")
	}
	j, err := jobs.QueueReviewCompose(ctx, w.store, *w.snap, w.viewer)
	if err != nil {
		return err
	}
	w.job, w.current = j, j.RunID
	return nil
}

func startRun(ctx context.Context) error {
	w := world(ctx)
	if err := w.requireJob(); err != nil {
		return err
	}
	return w.job.Start(ctx)
}

func everyJob(ctx context.Context, tenant string) error {
	w := world(ctx)
	tid, err := w.tenant(tenant)
	if err != nil {
		return err
	}
	return jobs.Lifecycle(ctx, w.store, tid, w.viewer, func(runID int64) error {
		w.current = runID
		_, _, err := w.resolve(ctx)
		return err
	})
}

func phasesShown(ctx context.Context, list string) error {
	w := world(ctx)
	got := strings.Join(w.phases, ", ")
	return expect(got == list, "phases shown: got %q, want %q", got, list)
}
