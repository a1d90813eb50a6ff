<?php

namespace App\Integrations;

use App\Models\OperationRun;

/**
 * A fake evidence source that answers as a script says: the shape of conform's writer
 * scenarios (docs/adapter-protocol.md), so conform and the application's own tests drive the
 * jobs through every path.
 */
class ScriptedEvidenceProvider implements EvidenceProvider
{
    public function __construct(private array $script)
    {
    }

    public function interruption(string $boundary): ?string
    {
        $stop = $this->script['stop'] ?? null;
        return $stop !== null && $stop['at'] === $boundary ? $stop['outcome'] : null;
    }

    public function captureEvidence(OperationRun $run): ?array
    {
        return $this->script['evidence'] ?? null;
    }

    public function resumeToken(OperationRun $run): ?string
    {
        return ($this->script['resume'] ?? false) ? 'resume-' . $run->getKey() . '-' . substr(md5((string) $run->created_at), 0, 6) : null;
    }

    public function recentOperations(int $snapshotId): ?array
    {
        return $this->script['operations'] ?? null;
    }

    public function outcome(): string
    {
        return ($this->script['outcome'] ?? '') ?: 'succeeded';
    }
}
