<?php

namespace App\Support\OpsUx;

use App\Models\OperationRun;

/**
 * The one progress contract of operation runs (spec 272): terminal runs first, then phased >
 * composite > counted > activity, each family only up to what config/opsux.php lets it claim,
 * degrading safely when its metadata is missing or malformed. Capability is derived on every
 * read; nothing of it is persisted.
 */
class OperationRunProgressContract
{
    public const ACTIVITY_RUNNING = 'In progress';
    public const ACTIVITY_QUEUED = 'Waiting to start';
    public const COUNTED = 'Processing items';
    public const COMPOSITE_OK = 'Summarizing recent operations';
    public const COMPOSITE_ATTENTION = 'Summarizing operations that need attention';
    public const COMPOSITE_EMPTY = 'No recent operations to summarize';
    public const HINT_FAILED = 'Review failed operations before relying on this review';
    public const HINT_PARTIAL = 'Check partly finished operations before using this review';

    public function __construct(private OperationStatusNormalizer $status)
    {
    }

    /** @return array{label: string, claim: string, scope: string, phases: array<string, string>} */
    public function family(string $type): array
    {
        // Types hold dots (tenant.review.compose): read the map, never a dotted config key.
        return config('opsux.families')[$type] ?? ['label' => 'Operation', 'claim' => 'counted', 'scope' => 'unknown', 'phases' => []];
    }

    public function resolve(OperationRun $run): ProgressResolution
    {
        $type = (string) $run->type;
        $lifecycle = $this->status->lifecycle($run->status, $run->outcome);
        $res = new ProgressResolution((int) $run->getKey(), $type, $lifecycle, in_array($lifecycle, ['queued', 'running'], true));
        if (!$res->active) {
            return $res;
        }
        $family = $this->family($type);
        $context = $run->context;
        $counts = $run->summary_counts;
        switch ($family['claim']) {
            case 'phased':
                [$state, $phase] = $this->member($context, 'phase');
                if ($state === 'missing') {
                    return $this->missing($res, $counts);
                }
                $key = $this->isObject($phase) ? ($phase['key'] ?? null) : null;
                $res->capability = 'phased';
                if (is_string($key) && isset($family['phases'][$key])) {
                    $res->label = $this->phaseLabel($run, $family['phases'][$key], $key);
                    $res->phase = $key;
                } else {
                    $res->label = config('opsux.generic.phased');
                    $res->degraded = true;
                }
                return $res;
            case 'composite':
                [$state, $composite] = $this->member($context, 'composite');
                if ($state === 'missing') {
                    return $this->missing($res, $counts);
                }
                $summary = $state === 'present' ? $this->summary($composite, config('opsux.readings.partial_composite') === 'minimal') : null;
                $res->capability = 'composite';
                if ($summary === null) {
                    $res->label = config('opsux.generic.composite');
                    $res->degraded = true;
                    return $res;
                }
                [$c, $f, $p] = $summary;
                $res->label = $c === 0 ? self::COMPOSITE_EMPTY : ($f > 0 || $p > 0 ? self::COMPOSITE_ATTENTION : self::COMPOSITE_OK);
                $res->composite = ['children' => $c, 'failed' => $f, 'partial' => $p,
                    'hint' => $f > 0 ? self::HINT_FAILED : ($p > 0 ? self::HINT_PARTIAL : '')];
                return $res;
        }
        if ($family['claim'] === 'counted' || ($family['scope'] === 'deferred' && config('opsux.readings.deferred_counts') === 'counted')) {
            if ($this->counted($res, $counts)) {
                return $res;
            }
        }
        return $this->activity($res);
    }

    /** The operator label of a phase: the vocabulary's, never what the run persisted. */
    private function phaseLabel(OperationRun $run, string $label, string $key): string
    {
        if (config('tenantpilot.variant') === 'label-accessor') {
            return $run->progress_label; // a wrong variant: the model's accessor formats the key
        }
        return $label;
    }

    private function activity(ProgressResolution $res, bool $degraded = false): ProgressResolution
    {
        $res->capability = 'activity';
        $res->label = $res->lifecycle === 'queued' ? self::ACTIVITY_QUEUED : self::ACTIVITY_RUNNING;
        $res->degraded = $degraded;
        return $res;
    }

    /** Selected-family metadata missing: activity, degraded; counted only by the registry's reading. */
    private function missing(ProgressResolution $res, mixed $counts): ProgressResolution
    {
        if (config('opsux.readings.missing_with_counts') === 'counted' && $this->counted($res, $counts)) {
            return $res;
        }
        return $this->activity($res, true);
    }

    private function counted(ProgressResolution $res, mixed $counts): bool
    {
        $gate = $this->countedGate($counts);
        if ($gate === null) {
            return false;
        }
        [$p, $t] = $gate;
        $res->capability = 'counted';
        $res->label = self::COUNTED;
        $res->percent = self::floorPercent($p, $t);
        $res->bar = true;
        $res->degraded = false;
        $res->counts = $gate;
        return true;
    }

    /** @return array{0: int, 1: int}|null processed and total when both are truthful */
    public function countedGate(mixed $counts): ?array
    {
        if (!$this->isObject($counts)) {
            return null;
        }
        $p = $counts['processed'] ?? null;
        $t = $counts['total'] ?? null;
        if (!is_int($p) || !is_int($t) || $t <= 0 || $p < 0 || $p > $t) {
            return null;
        }
        return [$p, $t];
    }

    /** floor(100 * p / t) for 0 <= p <= t, exact for every 64-bit value. */
    public static function floorPercent(int $p, int $t): int
    {
        $q = 0;
        $r = 0;
        for ($i = 0; $i < 100; $i++) {
            if ($r >= $t - $p) {
                $r -= $t - $p;
                $q++;
            } else {
                $r += $p;
            }
        }
        return $q;
    }

    /** An object as PHP decodes one: a non-empty array that is not a list. */
    private function isObject(mixed $v): bool
    {
        return is_array($v) && $v !== [] && !array_is_list($v);
    }

    /** @return array{0: string, 1: mixed} missing, malformed or present, and the member */
    private function member(mixed $context, string $name): array
    {
        if (!$this->isObject($context)) {
            return ['missing', null];
        }
        $progress = $context['progress'] ?? null;
        if ($progress === null || $progress === []) {
            return ['missing', null];
        }
        if (!is_array($progress)) {
            return ['malformed', null];
        }
        $value = $progress[$name] ?? null;
        return $value === null || $value === [] ? ['missing', null] : ['present', $value];
    }

    /** @return array{0: int, 1: int|null, 2: int|null}|null children, failed, partial */
    private function summary(mixed $v, bool $minimal): ?array
    {
        if (!$this->isObject($v)) {
            return null;
        }
        $int = static fn ($x) => is_int($x) ? $x : null;
        [$c, $f, $p] = [$int($v['children'] ?? null), $int($v['failed'] ?? null), $int($v['partial'] ?? null)];
        if ($minimal && $c !== null && $c >= 0 && ($f === null || $p === null)) {
            foreach (['failed' => $f, 'partial' => $p] as $k => $n) {
                if ($n === null && ($v[$k] ?? null) !== null) {
                    return null;
                }
            }
            return ($f ?? 0) < 0 || ($p ?? 0) < 0 || ($f ?? 0) + ($p ?? 0) > $c ? null : [$c, $f, $p];
        }
        if ($c === null || $f === null || $p === null || $c < 0 || $f < 0 || $p < 0 || $f > $c || $p > $c - $f) {
            return null;
        }
        return [$c, $f, $p];
    }
}
