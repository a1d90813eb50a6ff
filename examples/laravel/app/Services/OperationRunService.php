<?php

namespace App\Services;

use App\Models\OperationRun;
use App\Support\OpsUx\OperationRunProgressContract;

/**
 * Every write of an operation run goes through here: the run is created queued, enters its
 * phases with the canonical payload (the vocabulary's label, for diagnostics), records what
 * its jobs report, and ends with its outcome. Nothing derived (a capability, a percentage) is
 * ever persisted.
 */
class OperationRunService
{
    public function __construct(private OperationRunProgressContract $contract)
    {
    }

    public function queue(int $tenantId, ?int $userId, string $type, array $context = []): OperationRun
    {
        return OperationRun::create(['tenant_id' => $tenantId, 'user_id' => $userId, 'type' => $type,
            'status' => 'queued', 'outcome' => 'pending', 'summary_counts' => [], 'context' => $context]);
    }

    public function start(OperationRun $run): void
    {
        $run->forceFill(['status' => 'running', 'started_at' => $run->started_at ?? now()])->save();
    }

    /** The run is running and in the phase of the boundary its job reached: one save. */
    public function enterPhase(OperationRun $run, string $key): void
    {
        $context = $run->context ?? [];
        $context['progress']['phase'] = ['key' => $key, 'label' => $this->contract->family($run->type)['phases'][$key],
            'entered_at' => now()->toIso8601String()];
        $run->forceFill(['status' => 'running', 'started_at' => $run->started_at ?? now(), 'context' => $context])->save();
    }

    /** Evidence-capture stats stay diagnostics: they never turn a phased run counted. */
    public function recordEvidenceStats(OperationRun $run, int $captured, int $total): void
    {
        $context = $run->context ?? [];
        $context['evidence_capture'] = ['captured' => $captured, 'total' => $total];
        $run->forceFill(['context' => $context, 'summary_counts' => ['total' => $total, 'processed' => $captured]])->save();
        if (config('tenantpilot.variant') === 'job-update-percent') {
            // A wrong variant: the percentage written beside the phase, for the shell to show.
            $run->update(['context->progress->percent' => $total > 0 ? intdiv(100 * $captured, $total) : 0]);
        }
    }

    /** A resumed capture keeps its token for diagnostics, never in operator copy. */
    public function recordResume(OperationRun $run, string $token): void
    {
        $context = $run->context ?? [];
        $context[$run->type]['resume'] = ['checkpoint' => $token, 'resumed_at' => now()->toIso8601String()];
        $run->forceFill(['context' => $context])->save();
    }

    public function finish(OperationRun $run, string $outcome): void
    {
        $run->forceFill(['status' => 'completed', 'outcome' => $outcome, 'completed_at' => now()])->save();
    }

    /** Item counts of a counted family, as its job processes them. */
    public function recordCounts(OperationRun $run, int $processed, int $total): void
    {
        $run->forceFill(['status' => 'running', 'started_at' => $run->started_at ?? now(),
            'summary_counts' => ['total' => $total, 'processed' => $processed]])->save();
    }
}
