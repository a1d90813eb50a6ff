<?php

namespace App\Jobs;

use App\Integrations\EvidenceProvider;
use App\Models\OperationRun;
use App\Services\OperationRunService;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;

/**
 * A baseline job walks its lifecycle boundaries in workflow order, entering each one's phase;
 * the evidence source may end it at a boundary (blocked, failed, cancelled), and it ends with
 * its outcome.
 */
abstract class BaselineJob implements ShouldQueue
{
    use Dispatchable, Queueable;

    public function __construct(public OperationRun $run, public bool $fullContent)
    {
    }

    /** @return array<string, string> boundary => phase key, in workflow order */
    abstract protected function boundaries(): array;

    public function handle(OperationRunService $runs, EvidenceProvider $evidence): void
    {
        foreach ($this->boundaries() as $boundary => $phase) {
            $runs->enterPhase($this->run, $phase);
            if ($phase === 'fetching') {
                if (($stats = $evidence->captureEvidence($this->run)) !== null) {
                    $runs->recordEvidenceStats($this->run, $stats['captured'], $stats['total']);
                }
                if (($token = $evidence->resumeToken($this->run)) !== null) {
                    $runs->recordResume($this->run, $token);
                    $runs->enterPhase($this->run, 'fetching');
                }
            }
            if (($outcome = $evidence->interruption($boundary)) !== null) {
                $runs->finish($this->run, $outcome);
                return;
            }
        }
        $runs->finish($this->run, $evidence->outcome());
    }
}
