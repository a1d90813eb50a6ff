<?php

namespace App\Support\OpsUx;

use App\Models\OperationRun;
use App\Models\User;
use Illuminate\Support\Facades\Gate;

/**
 * What the tenant shell shows of a run: the operation, where it is, one progress label, the
 * count line and hint when there are any, a bar only for counted runs, and the two canonical
 * links; nothing of a run the actor may not see.
 */
class OperationUxPresenter
{
    public function __construct(private OperationRunProgressContract $contract, private OperationStatusNormalizer $status)
    {
    }

    /** @return array{status: int, shell_html: string} */
    public function shellFor(OperationRun $run, ?User $user): array
    {
        $decision = Gate::forUser($user)->inspect('view', $run);
        if ($decision->denied()) {
            return ['status' => (int) ($decision->code() ?? 403), 'shell_html' => ''];
        }
        return ['status' => 200, 'shell_html' => $this->hint($run)];
    }

    /**
     * The tenant shell: the tenant's runs the user may view, in the order given, each with its
     * hint; 404 for anyone who is not a member of the tenant.
     *
     * @param iterable<OperationRun> $runs
     * @return array{status: int, runs: list<array{run_id: int, shell_html: string}>}
     */
    public function tenantShell(?User $user, int $tenantId, iterable $runs): array
    {
        if (Gate::forUser($user)->denies('view-tenant-operations', $tenantId)) {
            return ['status' => 404, 'runs' => []];
        }
        $listed = [];
        foreach ($runs as $run) {
            if ($run->tenant_id === $tenantId && Gate::forUser($user)->allows('view', $run)) {
                $listed[] = ['run_id' => (int) $run->getKey(), 'shell_html' => $this->hint($run)];
            }
        }
        return ['status' => 200, 'runs' => $listed];
    }

    public function hint(OperationRun $run): string
    {
        $res = $this->contract->resolve($run);
        $countLine = null;
        if ($res->capability === 'counted') {
            $countLine = $res->counts[0] . ' of ' . $res->counts[1] . ' processed';
        }
        $c = $res->composite;
        if ($c !== null && $c['children'] > 0) {
            $countLine = $c['children'] . ($c['children'] === 1 ? ' recent operation' : ' recent operations')
                . ($c['failed'] > 0 ? ', ' . $c['failed'] . ' failed' : '')
                . ($c['partial'] > 0 ? ', ' . $c['partial'] . ' partly finished' : '');
        }
        return view('components.operation-hint', [
            'runId' => (int) $run->getKey(),
            'tenantId' => (int) $run->tenant_id,
            'operation' => $this->contract->family((string) $run->type)['label'],
            'lifecycle' => $this->status->label($res->lifecycle, $run->outcome),
            'progress' => $res->label,
            'countLine' => $countLine,
            'hint' => $c['hint'] ?? '',
            'percent' => $res->bar ? $res->percent : null,
            'raw' => config('tenantpilot.variant') === 'raw-blade',
        ])->render();
    }
}
