<?php

namespace App\Services\TenantReviews;

use App\Integrations\EvidenceProvider;
use App\Jobs\ComposeTenantReviewJob;
use App\Models\OperationRun;
use App\Services\OperationRunService;

/**
 * Tenant reviews are composed from an evidence snapshot. The run is queued with the
 * snapshot's recent-operations summary as its composite progress, when the snapshot has one:
 * the only honest source of it; without one, nothing is invented.
 */
class TenantReviewService
{
    public function __construct(private OperationRunService $runs, private EvidenceProvider $evidence)
    {
    }

    public function composeFromSnapshot(int $tenantId, ?int $userId, int $snapshotId): OperationRun
    {
        $context = ['evidence_snapshot_id' => $snapshotId];
        if (($ops = $this->evidence->recentOperations($snapshotId)) !== null) {
            $context['progress']['composite'] = ['children' => $ops['total'], 'failed' => $ops['failed'],
                'partial' => $ops['partial'], 'source' => 'evidence_snapshot'];
        }
        $run = $this->runs->queue($tenantId, $userId, 'tenant.review.compose', $context);
        ComposeTenantReviewJob::dispatchSync($run);
        return $run;
    }
}
