<?php

namespace App\Jobs;

use App\Integrations\EvidenceProvider;
use App\Models\OperationRun;
use App\Services\OperationRunService;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;

/** Composes a tenant review; its composite progress was written when the run was queued. */
class ComposeTenantReviewJob implements ShouldQueue
{
    use Dispatchable, Queueable;

    public function __construct(public OperationRun $run)
    {
    }

    public function handle(OperationRunService $runs, EvidenceProvider $evidence): void
    {
        $runs->start($this->run);
        $runs->finish($this->run, $evidence->interruption('composition') ?? $evidence->outcome());
    }
}
