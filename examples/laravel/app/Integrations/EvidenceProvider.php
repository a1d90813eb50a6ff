<?php

namespace App\Integrations;

use App\Models\OperationRun;

/**
 * The tenant's evidence source (Microsoft Graph in production): what the baseline jobs and the
 * review composition ask of the outside world. Faked wherever the jobs run under a test.
 */
interface EvidenceProvider
{
    /** Whether the job must end at this boundary, and how (blocked, failed, cancelled...); null: go on. */
    public function interruption(string $boundary): ?string;

    /** What full-content evidence capture captured, ['captured' => int, 'total' => int], or null. */
    public function captureEvidence(OperationRun $run): ?array;

    /** A resume token when evidence capture resumes from a checkpoint, or null. */
    public function resumeToken(OperationRun $run): ?string;

    /** The evidence snapshot's recent-operations summary ['total','failed','partial'], or null. */
    public function recentOperations(int $snapshotId): ?array;

    /** How a job that runs through ends: succeeded or partially_succeeded. */
    public function outcome(): string;
}
