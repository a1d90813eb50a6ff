<?php

declare(strict_types=1);

namespace Conform\Adapter;

/**
 * The kit's own writers: the three jobs of spec 272 as small as they can be, saving an
 * operation_runs row the way a model does (the whole row, after each change) and telling the
 * recorder after each save. An application wires its real service and job code instead
 * (docs/adapters.md); these show the shape, and hold the kit to the trace rules.
 *
 * Given a DSN they run on that database (the scratch database conform made for the scenario,
 * PDO pgsql); without one, in memory.
 */
final class ReferenceWriters
{
    /** Each job's lifecycle boundaries, in workflow order, with the phase entered at each. */
    private const BOUNDARIES = [
        'baseline_capture' => ['eligibility' => 'preparing', 'snapshot' => 'processing', 'evidence capture' => 'fetching',
            'persistence' => 'persisting', 'finalization' => 'finalizing'],
        'baseline_compare' => ['coverage' => 'preparing', 'evidence capture' => 'fetching', 'drift evaluation' => 'processing',
            'persistence' => 'persisting', 'finalization' => 'finalizing'],
    ];

    private int $nextId = 5000;

    public function __construct(private ProgressContract $contract)
    {
    }

    /**
     * Runs one writer scenario.
     *
     * @param array<string, mixed> $scenario the drive request's scenario
     * @param array{tenant_id: int, user_id: int, dsn: ?string} $target
     */
    public function drive(array $scenario, array $target, WriteRecorder $recorder): void
    {
        $db = $target['dsn'] !== null ? self::connect($target['dsn']) : null;
        $run = ['tenant_id' => $target['tenant_id'], 'user_id' => $target['user_id'], 'type' => $scenario['family'],
            'status' => 'queued', 'outcome' => 'pending', 'summary_counts' => [], 'context' => []];
        $save = function () use (&$run, $db, $recorder): void {
            $run = $db !== null ? self::saveTo($db, $run) : $this->saveInMemory($run);
            $recorder->saved($run);
        };
        $stop = $scenario['stop'] ?? null;
        $end = function (string $outcome) use (&$run, $save): void {
            $run['status'] = 'completed';
            $run['outcome'] = $outcome;
            $save();
        };

        if ($scenario['family'] === 'tenant.review.compose') {
            $run['context'] = ['evidence_snapshot_id' => 1];
            if (($ops = $scenario['operations'] ?? null) !== null) {
                $run['context']['progress'] = ['composite' => ['children' => $ops['total'], 'failed' => $ops['failed'],
                    'partial' => $ops['partial'], 'source' => 'evidence_snapshot']];
            }
            $save();
            $run['status'] = 'running';
            $save();
            $end($stop['outcome'] ?? ($scenario['outcome'] ?: 'succeeded'));
            return;
        }

        $family = $scenario['family'];
        $full = $scenario['path'] === 'full-content';
        $run['context'] = [$family => ['full_content' => $full]];
        $save();
        foreach (self::BOUNDARIES[$family] as $boundary => $key) {
            if ($key === 'fetching' && !$full) {
                continue;
            }
            $this->enter($run, $key);
            $save();
            if ($key === 'fetching') {
                if (($stats = $scenario['evidence'] ?? null) !== null) {
                    $run['context']['evidence_capture'] = ['captured' => $stats['captured'], 'total' => $stats['total']];
                    $run['summary_counts'] = ['total' => $stats['total'], 'processed' => $stats['captured']];
                    $save();
                }
                if ($scenario['resume'] ?? false) {
                    $run['context'][$family]['resume'] = ['checkpoint' => 'php-resume-' . $run['id']];
                    $this->enter($run, $key);
                    $save();
                }
            }
            if ($stop !== null && $stop['at'] === $boundary) {
                $end($stop['outcome']);
                return;
            }
        }
        $end($scenario['outcome'] ?: 'succeeded');
    }

    /** @param array<string, mixed> $run */
    private function enter(array &$run, string $key): void
    {
        $run['status'] = 'running';
        $run['context']['progress']['phase'] = ['key' => $key, 'label' => $this->contract->phaseLabel($run['type'], $key),
            'entered_at' => gmdate('Y-m-d\TH:i:s\Z')];
    }

    /** @param array<string, mixed> $run @return array<string, mixed> */
    private function saveInMemory(array $run): array
    {
        $run['id'] ??= ++$this->nextId;
        return $run;
    }

    /** A postgres:// DSN as PDO takes it. */
    private static function connect(string $dsn): \PDO
    {
        if (!extension_loaded('pdo_pgsql')) {
            throw new \RuntimeException('the writers run on the scenario\'s PostgreSQL database and need PHP\'s pdo_pgsql (apt-get install php-pgsql)');
        }
        $u = parse_url($dsn);
        if ($u === false || !in_array($u['scheme'] ?? '', ['postgres', 'postgresql'], true)) {
            throw new \InvalidArgumentException('the drive request\'s dsn is not a postgres:// URL');
        }
        parse_str($u['query'] ?? '', $q);
        $pdo = sprintf('pgsql:host=%s;port=%d;dbname=%s;sslmode=%s', $u['host'] ?? 'localhost', $u['port'] ?? 5432,
            ltrim($u['path'] ?? '', '/'), $q['sslmode'] ?? 'prefer');
        return new \PDO($pdo, isset($u['user']) ? urldecode($u['user']) : null, isset($u['pass']) ? urldecode($u['pass']) : null,
            [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
    }

    /**
     * Saves the whole row, as a model does, and returns it as the database now holds it.
     *
     * @param array<string, mixed> $run
     * @return array<string, mixed>
     */
    private static function saveTo(\PDO $db, array $run): array
    {
        $cols = 'id, tenant_id, user_id, type, status, outcome, summary_counts::text AS summary_counts, context::text AS context, '
            . 'started_at, completed_at, created_at, updated_at';
        $values = [$run['status'], $run['outcome'], json_encode($run['summary_counts'], JSON_THROW_ON_ERROR),
            json_encode($run['context'], JSON_THROW_ON_ERROR)];
        if (!isset($run['id'])) {
            $st = $db->prepare('INSERT INTO operation_runs (status, outcome, summary_counts, context, tenant_id, user_id, type) '
                . 'VALUES (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?) RETURNING ' . $cols);
            $st->execute([...$values, $run['tenant_id'], $run['user_id'] ?: null, $run['type']]);
        } else {
            $st = $db->prepare('UPDATE operation_runs SET status = ?, outcome = ?, summary_counts = ?::jsonb, context = ?::jsonb, '
                . "updated_at = now(), started_at = CASE WHEN ? = 'running' THEN coalesce(started_at, now()) ELSE started_at END, "
                . "completed_at = CASE WHEN ? = 'completed' THEN now() ELSE completed_at END WHERE id = ? RETURNING " . $cols);
            $st->execute([...$values, $run['status'], $run['status'], $run['id']]);
        }
        $row = $st->fetch(\PDO::FETCH_ASSOC);
        $row['summary_counts'] = json_decode($row['summary_counts'], true, 512, JSON_THROW_ON_ERROR);
        $row['context'] = json_decode($row['context'], true, 512, JSON_THROW_ON_ERROR);
        return $row;
    }
}
