<?php

namespace App\Jobs;

use App\Models\OperationRun;
use App\Services\OperationRunService;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;

/** policy.sync: a known list of policies, each one counted as it is written (spec 271). */
class SyncPoliciesJob implements ShouldQueue
{
    use Dispatchable, Queueable;

    public function __construct(public OperationRun $run, public int $policies, public ?int $stopAfter = null)
    {
    }

    public function handle(OperationRunService $runs): void
    {
        for ($done = 0; $done <= $this->policies; $done++) {
            $runs->recordCounts($this->run, $done, $this->policies);
            if ($done === $this->stopAfter) {
                return; // still running: the worker picks it up again
            }
        }
        $runs->finish($this->run, 'succeeded');
    }
}
