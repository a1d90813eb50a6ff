<?php

namespace App\Integrations;

use App\Models\OperationRun;
use RuntimeException;

/** The production provider. This example has no tenant to reach: it refuses to be called. */
class LiveEvidenceProvider implements EvidenceProvider
{
    public function interruption(string $boundary): ?string
    {
        throw new RuntimeException('no evidence source is configured in this example');
    }

    public function captureEvidence(OperationRun $run): ?array
    {
        throw new RuntimeException('no evidence source is configured in this example');
    }

    public function resumeToken(OperationRun $run): ?string
    {
        return null;
    }

    public function recentOperations(int $snapshotId): ?array
    {
        throw new RuntimeException('no evidence source is configured in this example');
    }

    public function outcome(): string
    {
        return 'succeeded';
    }
}
