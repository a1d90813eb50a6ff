<?php

declare(strict_types=1);

namespace Conform\Adapter;

/**
 * A complete implementation of the OperationRun progress contract of spec 272, written from
 * docs/standards.md alone: the resolution of a run, the shell hint fragment, the visibility
 * rule and the tenant shell. It is what ProtocolServer serves in conform's CI
 * (adapters/php/bin/conform-adapter.php), and a model for an application's own contract
 * classes.
 *
 * Runs arrive as PHP arrays, exactly as an application reads operation_runs through array
 * casts: {} and [] are the same empty array, and an empty array, like null, is missing; a
 * list is an array whose keys are numbers, so it holds no member the contract reads.
 */
final class ProgressContract
{
    private const PHASES = ['preparing', 'fetching', 'processing', 'persisting', 'finalizing'];
    private const OUTCOMES = ['pending', 'succeeded', 'partially_succeeded', 'blocked', 'failed', 'cancelled'];
    private const OUTCOME_LABELS = [
        'partially_succeeded' => 'Partially succeeded', 'blocked' => 'Blocked', 'failed' => 'Failed', 'cancelled' => 'Cancelled',
    ];
    private const VIEW = 'operations.view';

    /** The generic copy and readings of spec 272; a registry may give the application's own. */
    public const SPEC_SETTINGS = [
        'generic_phased' => 'Phase progress pending.',
        'generic_composite' => 'Composite progress pending.',
        'partial_composite' => 'malformed',   // or 'minimal'
        'missing_with_counts' => 'activity',  // or 'counted'
        'deferred_counts' => 'activity',      // or 'counted'
    ];
    public const ACTIVITY_RUNNING = 'In progress';
    public const ACTIVITY_QUEUED = 'Waiting to start';
    public const COUNTED = 'Processing items';
    public const COMPOSITE_OK = 'Summarizing recent operations';
    public const COMPOSITE_ATTENTION = 'Summarizing operations that need attention';
    public const COMPOSITE_EMPTY = 'No recent operations to summarize';
    public const HINT_FAILED = 'Review failed operations before relying on this review';
    public const HINT_PARTIAL = 'Check partly finished operations before using this review';

    /** @var array<string, array{label: string, claim: string, scope: string}> */
    private array $families = [];
    /** @var array<string, array<string, string>> family => phase key => label */
    private array $vocabulary = [];
    /** @var array<string, string> */
    private array $settings = self::SPEC_SETTINGS;

    public function __construct()
    {
        $this->useRegistry(null);
    }

    /**
     * Holds the contract to a registry (the start request's), or to spec 272's when null.
     *
     * @param array{families: list<array{type: string, label: string, claim: string, scope: string, phases: list<array{key: string, label: string}>}>}|null $registry
     */
    public function useRegistry(?array $registry): void
    {
        $registry ??= ['families' => [
            ['type' => 'baseline_capture', 'label' => 'Baseline capture', 'claim' => 'phased', 'scope' => 'selected', 'phases' => [
                ['key' => 'preparing', 'label' => 'Checking capture eligibility'],
                ['key' => 'processing', 'label' => 'Building the baseline snapshot'],
                ['key' => 'fetching', 'label' => 'Capturing evidence'],
                ['key' => 'persisting', 'label' => 'Saving the baseline snapshot'],
                ['key' => 'finalizing', 'label' => 'Finishing baseline capture'],
            ]],
            ['type' => 'baseline_compare', 'label' => 'Baseline compare', 'claim' => 'phased', 'scope' => 'selected', 'phases' => [
                ['key' => 'preparing', 'label' => 'Checking compare coverage'],
                ['key' => 'fetching', 'label' => 'Capturing evidence'],
                ['key' => 'processing', 'label' => 'Comparing with the baseline'],
                ['key' => 'persisting', 'label' => 'Saving compare results'],
                ['key' => 'finalizing', 'label' => 'Finishing baseline compare'],
            ]],
            ['type' => 'tenant.review.compose', 'label' => 'Tenant review', 'claim' => 'composite', 'scope' => 'selected', 'phases' => []],
            ['type' => 'tenant.review_pack.generate', 'label' => 'Review pack generation', 'claim' => 'counted', 'scope' => 'counted rollout', 'phases' => []],
            ['type' => 'evidence.snapshot.generate', 'label' => 'Evidence snapshot', 'claim' => 'counted', 'scope' => 'counted rollout', 'phases' => []],
            ['type' => 'provider.health_check', 'label' => 'Provider health check', 'claim' => 'activity', 'scope' => 'deferred', 'phases' => []],
            ['type' => 'support.diagnostics', 'label' => 'Support diagnostics', 'claim' => 'activity', 'scope' => 'deferred', 'phases' => []],
        ]];
        $this->families = [];
        $this->vocabulary = [];
        $this->settings = self::SPEC_SETTINGS;
        if (isset($registry['generic'])) {
            $this->settings['generic_phased'] = $registry['generic']['phased'];
            $this->settings['generic_composite'] = $registry['generic']['composite'];
        }
        foreach (['partial_composite', 'missing_with_counts', 'deferred_counts'] as $k) {
            if (isset($registry['readings'][$k])) {
                $this->settings[$k] = $registry['readings'][$k];
            }
        }
        foreach ($registry['families'] as $f) {
            $this->families[$f['type']] = ['label' => $f['label'], 'claim' => $f['claim'], 'scope' => $f['scope']];
            foreach ($f['phases'] ?? [] as $p) {
                $this->vocabulary[$f['type']][$p['key']] = $p['label'];
            }
        }
    }

    /** The operator label of a family's phase, from the registry in force. */
    public function phaseLabel(string $family, string $key): string
    {
        $label = $this->vocabulary[$family][$key] ?? null;
        if ($label === null) {
            throw new \DomainException(sprintf('%s has no phase %s in the registry', $family, $key));
        }
        return $label;
    }

    /** A family the registry does not name: counted by its gate, activity otherwise. */
    private function family(string $type): array
    {
        return $this->families[$type] ?? ['label' => 'Operation', 'claim' => 'counted', 'scope' => 'unknown'];
    }

    // --- Lifecycle: tolerant of case and surrounding space, terminal outcome first.

    private static function outcome(mixed $raw): string
    {
        $text = is_string($raw) ? strtolower(trim($raw)) : '';
        if ($text === '') {
            return 'pending';
        }
        return in_array($text, self::OUTCOMES, true) ? $text : 'unknown';
    }

    public static function lifecycle(mixed $status, mixed $outcome): string
    {
        $o = self::outcome($outcome);
        $s = is_string($status) ? strtolower(trim($status)) : '';
        if ($o === 'unknown') {
            return 'unknown';
        }
        if ($o !== 'pending' || $s === 'completed') {
            return 'completed';
        }
        return in_array($s, ['queued', 'running'], true) ? $s : 'unknown';
    }

    // --- Reading what PHP decoded: an empty array or null is missing.

    private static function missing(mixed $v): bool
    {
        return $v === null || $v === [];
    }

    /** An object (a non-empty array that is not a list); lists and scalars are not. */
    private static function isObject(mixed $v): bool
    {
        return is_array($v) && $v !== [] && !array_is_list($v);
    }

    /** @return array{0: string, 1: mixed} ['missing'|'malformed'|'present', value] */
    private static function member(mixed $context, string $name): array
    {
        if (!self::isObject($context)) {
            return ['missing', null]; // a context that is not an object carries no metadata
        }
        $progress = $context['progress'] ?? null;
        if (self::missing($progress)) {
            return ['missing', null];
        }
        if (!is_array($progress)) {
            return ['malformed', null]; // a string, even one holding JSON text, a number, a boolean
        }
        $value = $progress[$name] ?? null; // a list has numbered members only
        return self::missing($value) ? ['missing', null] : ['present', $value];
    }

    /** An integer literal within 64 bits: json_decode gives int only for those. */
    private static function integer(mixed $v): ?int
    {
        return is_int($v) ? $v : null;
    }

    /** @return array{0: int, 1: int}|null */
    public static function countedGate(mixed $counts): ?array
    {
        if (!self::isObject($counts)) {
            return null;
        }
        $p = self::integer($counts['processed'] ?? null);
        $t = self::integer($counts['total'] ?? null);
        if ($p === null || $t === null || $t <= 0 || $p < 0 || $p > $t) {
            return null;
        }
        return [$p, $t];
    }

    /** floor(100 * p / t) for 0 <= p <= t, exact for every 64-bit value (no overflow). */
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

    /**
     * children, failed, partial; with $minimal (the registry's reading), a summary whose children
     * count is there and whose failed or partial count is absent gives null for what is unknown.
     *
     * @return array{0: int, 1: int|null, 2: int|null}|null
     */
    private static function summary(mixed $v, bool $minimal = false): ?array
    {
        if (!self::isObject($v)) {
            return null;
        }
        $c = self::integer($v['children'] ?? null);
        $f = self::integer($v['failed'] ?? null);
        $p = self::integer($v['partial'] ?? null);
        if ($minimal && $c !== null && $c >= 0 && ($f === null || $p === null)) {
            foreach (['failed' => $f, 'partial' => $p] as $k => $n) {
                if ($n === null && ($v[$k] ?? null) !== null) {
                    return null; // present but no integer: malformed
                }
            }
            if (($f ?? 0) < 0 || ($p ?? 0) < 0 || ($f ?? 0) + ($p ?? 0) > $c) {
                return null;
            }
            return [$c, $f, $p];
        }
        if ($c === null || $f === null || $p === null) {
            return null; // an absent count is unknown, never zero
        }
        if ($c < 0 || $f < 0 || $p < 0 || $f > $c || $p > $c - $f) {
            return null;
        }
        return [$c, $f, $p];
    }

    /**
     * The resolution of a run: the object conform resolve prints.
     *
     * @param array<string, mixed> $run
     * @return array<string, mixed>
     */
    public function resolve(array $run): array
    {
        $type = $run['type'] ?? '';
        $lifecycle = self::lifecycle($run['status'] ?? null, $run['outcome'] ?? null);
        $active = in_array($lifecycle, ['queued', 'running'], true);
        $res = [
            'run_id' => (int) ($run['id'] ?? 0), 'family' => (string) $type, 'lifecycle' => $lifecycle,
            'active' => $active, 'capability' => 'none', 'label' => '', 'phase' => null,
            'composite' => null, 'percent' => null, 'bar' => false, 'degraded' => false,
        ];
        if (!$active) {
            return $res;
        }
        $activity = function (bool $degraded = false) use (&$res, $lifecycle): array {
            $res['capability'] = 'activity';
            $res['label'] = $lifecycle === 'queued' ? self::ACTIVITY_QUEUED : self::ACTIVITY_RUNNING;
            $res['degraded'] = $degraded;
            return $res;
        };
        $counted = function () use (&$res, $run): ?array {
            $gate = self::countedGate($run['summary_counts'] ?? null);
            if ($gate === null) {
                return null;
            }
            $res['capability'] = 'counted';
            $res['label'] = self::COUNTED;
            $res['percent'] = self::floorPercent($gate[0], $gate[1]);
            $res['bar'] = true;
            $res['degraded'] = false;
            return $res;
        };
        $missing = function () use ($activity, $counted): array {
            if ($this->settings['missing_with_counts'] === 'counted' && ($c = $counted()) !== null) {
                return $c;
            }
            return $activity(true);
        };
        ['claim' => $claim, 'scope' => $scope] = $this->family((string) $type);
        if ($claim === 'phased') {
            [$state, $phase] = self::member($run['context'] ?? null, 'phase');
            if ($state === 'missing') {
                return $missing();
            }
            $key = self::isObject($phase) ? ($phase['key'] ?? null) : null;
            if (is_string($key) && isset($this->vocabulary[$type][$key])) {
                $res['capability'] = 'phased';
                $res['label'] = $this->vocabulary[$type][$key];
                $res['phase'] = $key;
                return $res;
            }
            $res['capability'] = 'phased';
            $res['label'] = $this->settings['generic_phased'];
            $res['degraded'] = true;
            return $res;
        }
        if ($claim === 'composite') {
            [$state, $composite] = self::member($run['context'] ?? null, 'composite');
            if ($state === 'missing') {
                return $missing();
            }
            $s = $state === 'present' ? self::summary($composite, $this->settings['partial_composite'] === 'minimal') : null;
            if ($s === null) {
                $res['capability'] = 'composite';
                $res['label'] = $this->settings['generic_composite'];
                $res['degraded'] = true;
                return $res;
            }
            [$c, $f, $p] = $s;
            $res['capability'] = 'composite';
            $res['label'] = $c === 0 ? self::COMPOSITE_EMPTY : ($f > 0 || $p > 0 ? self::COMPOSITE_ATTENTION : self::COMPOSITE_OK);
            $res['composite'] = ['children' => $c, 'failed' => $f, 'partial' => $p,
                'hint' => $f > 0 ? self::HINT_FAILED : ($p > 0 ? self::HINT_PARTIAL : '')];
            return $res;
        }
        if ($claim === 'counted' || ($scope === 'deferred' && $this->settings['deferred_counts'] === 'counted')) {
            if (($c = $counted()) !== null) {
                return $c;
            }
        }
        return $activity();
    }

    // --- Visibility and the shell hint.

    /**
     * Out of the run's tenant: 404; a member without operations.view there: 403. A tenant
     * listed twice is one membership with the capabilities of both rows; a capability counts
     * only spelt exactly.
     *
     * @param array<string, mixed> $actor
     */
    public static function access(array $actor, array $run): int
    {
        $member = false;
        foreach ($actor['memberships'] ?? [] as $m) {
            if (($m['tenant_id'] ?? null) === ($run['tenant_id'] ?? null)) {
                $member = true;
                if (in_array(self::VIEW, $m['capabilities'] ?? [], true)) {
                    return 200;
                }
            }
        }
        return $member ? 403 : 404;
    }

    private static function lifecycleLabel(string $lifecycle, mixed $outcome): string
    {
        return match ($lifecycle) {
            'queued' => 'Queued',
            'running' => 'Running',
            'completed' => self::OUTCOME_LABELS[self::outcome($outcome)] ?? 'Completed',
            default => 'Status unknown',
        };
    }

    /** @param array<string, mixed> $run */
    public function shellHtml(array $run, array $res): string
    {
        $e = static fn (string $s): string => htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        $parts = ['<div class="op-hint">',
            '<strong>' . $e($this->family((string) ($run['type'] ?? ''))['label']) . '</strong> <em>'
                . $e(self::lifecycleLabel($res['lifecycle'], $run['outcome'] ?? null)) . '</em>'];
        if ($res['label'] !== '') {
            $parts[] = '<div>' . $e($res['label']) . '</div>';
        }
        if ($res['capability'] === 'counted') {
            [$p, $t] = self::countedGate($run['summary_counts'] ?? null);
            $parts[] = '<div>' . $p . ' of ' . $t . ' processed</div>';
            $parts[] = '<progress max="100" value="' . $res['percent'] . '"></progress>';
        }
        $c = $res['composite'];
        if ($c !== null && $c['children'] > 0) {
            $line = $c['children'] . ($c['children'] === 1 ? ' recent operation' : ' recent operations');
            if ($c['failed'] > 0) {
                $line .= ', ' . $c['failed'] . ' failed';
            }
            if ($c['partial'] > 0) {
                $line .= ', ' . $c['partial'] . ' partly finished';
            }
            $parts[] = '<div>' . $e($line) . '</div>';
            if ($c['hint'] !== '') {
                $parts[] = '<div>' . $e($c['hint']) . '</div>';
            }
        }
        $parts[] = '<nav><a href="/admin/operations/' . (int) ($run['id'] ?? 0) . '">View operation</a> '
            . '<a href="/admin/operations?tenant_id=' . (int) ($run['tenant_id'] ?? 0) . '">Show all operations</a></nav>';
        $parts[] = '</div>';
        return implode("\n", $parts);
    }

    /**
     * The run as an actor opens it: the status, and the fragment only for 200.
     *
     * @return array{status: int, shell_html: string}
     */
    public function present(array $run, array $actor): array
    {
        $status = self::access($actor, $run);
        if ($status !== 200) {
            return ['status' => $status, 'shell_html' => '']; // nothing of the run reaches a denied actor
        }
        return ['status' => 200, 'shell_html' => $this->shellHtml($run, $this->resolve($run))];
    }
}
