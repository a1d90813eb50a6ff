<?php

declare(strict_types=1);

namespace Conform\Adapter;

/**
 * Records what an application's jobs persist while conform drives a writer scenario: the
 * operation_runs row after each save, in order. The application wires it to its model's events
 * (with Eloquent: OperationRun::saved(fn ($run) => $recorder->saved($run->getAttributes()))),
 * so the answer is what the model really saved, not what the job meant to.
 *
 * context and summary_counts may come as the JSON text the database holds or as decoded
 * arrays; ids and timestamps as the driver gives them.
 */
final class WriteRecorder
{
    /** @var list<array<string, mixed>> */
    private array $writes = [];

    /** @param array<string, mixed> $row the run's attributes after a save */
    public function saved(array $row): void
    {
        $out = [];
        foreach (['id', 'tenant_id', 'user_id'] as $k) {
            if (isset($row[$k])) {
                $out[$k] = (int) $row[$k];
            }
        }
        $out += ['id' => 0, 'tenant_id' => 0];
        foreach (['type', 'status', 'outcome'] as $k) {
            $out[$k] = (string) ($row[$k] ?? '');
        }
        foreach (['summary_counts', 'context'] as $k) {
            $v = $row[$k] ?? null;
            $out[$k] = is_string($v) ? json_decode($v, false, 512, JSON_BIGINT_AS_STRING | JSON_THROW_ON_ERROR) : $v;
        }
        foreach (['started_at', 'completed_at', 'created_at', 'updated_at'] as $k) {
            if (isset($row[$k]) && $row[$k] !== '') {
                $out[$k] = $row[$k] instanceof \DateTimeInterface ? $row[$k]->format(DATE_RFC3339) : (string) $row[$k];
            }
        }
        $this->writes[] = $out;
    }

    /** @return list<array<string, mixed>> */
    public function writes(): array
    {
        return $this->writes;
    }
}
