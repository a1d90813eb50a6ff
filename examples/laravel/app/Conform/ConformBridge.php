<?php

namespace App\Conform;

use App\Integrations\EvidenceProvider;
use App\Integrations\ScriptedEvidenceProvider;
use App\Jobs\CaptureBaselineSnapshotJob;
use App\Jobs\CompareBaselineToTenantJob;
use App\Models\OperationRun;
use App\Models\Tenant;
use App\Models\TenantMembership;
use App\Models\User;
use App\Services\OperationRunService;
use App\Services\TenantReviews\TenantReviewService;
use App\Support\OpsUx\OperationRunProgressContract;
use App\Support\OpsUx\OperationUxPresenter;
use Conform\Adapter\Laravel\Bridge;
use Conform\Adapter\WriteRecorder;
use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\DB;
use InvalidArgumentException;

/**
 * conform's requests, answered by TenantPilot's own classes: the progress contract, the
 * presenter and its Blade component, the policy, and the run service with its jobs. Runs and
 * actors conform sends are the whole input: they become models without touching the database.
 */
class ConformBridge implements Bridge
{
    private ?WriteRecorder $recorder = null;
    private ?string $connection = null;

    public function __construct(private OperationRunProgressContract $contract, private OperationUxPresenter $presenter)
    {
        // Every write of a run reaches the recorder while conform drives a writer scenario:
        // created and updated, not saved, which also fires for a save that wrote nothing.
        $record = fn (OperationRun $run) => $this->recorder?->saved($run->getAttributes());
        OperationRun::created($record);
        OperationRun::updated($record);
    }

    public function start(?array $registry): void
    {
        if ($registry === null) {
            return;
        }
        // The application holds config/opsux.php to the registry conform names: its own
        // conform.yaml, or the ones the sweep makes up.
        $families = [];
        foreach ($registry['families'] as $f) {
            $families[$f['type']] = ['label' => $f['label'], 'claim' => $f['claim'], 'scope' => $f['scope'],
                'phases' => array_column($f['phases'], 'label', 'key')];
        }
        config(['opsux.families' => $families, 'opsux.generic' => $registry['generic'],
            'opsux.readings' => $registry['readings'], 'opsux.summary_counts' => $registry['summary_counts']]);
    }

    public function resolve(array $run): array
    {
        return $this->contract->resolve(OperationRun::fromRow($run))->toArray();
    }

    public function present(array $run, array $actor): array
    {
        return $this->presenter->shellFor(OperationRun::fromRow($run), $this->user($actor));
    }

    public function shell(array $actor, int $tenantId, array $runs): array
    {
        return $this->presenter->tenantShell($this->user($actor), $tenantId, array_map([OperationRun::class, 'fromRow'], $runs));
    }

    public function drive(array $scenario, array $target, WriteRecorder $recorder): void
    {
        $this->useDatabase($target['dsn']);
        if ($target['dsn'] === null) {
            // In memory the application's tables start empty: the scenario's tenant and user.
            Tenant::query()->firstOrCreate(['id' => $target['tenant_id']], ['name' => 'Tenant ' . $target['tenant_id']]);
            if ($target['user_id'] > 0) {
                User::query()->firstOrCreate(['id' => $target['user_id']], ['name' => 'Operator ' . $target['user_id']]);
            }
        }
        $target['user_id'] = $target['user_id'] > 0 ? $target['user_id'] : null;
        app()->instance(EvidenceProvider::class, new ScriptedEvidenceProvider($scenario));
        $runs = app(OperationRunService::class);
        $this->recorder = $recorder;
        try {
            $full = $scenario['path'] === 'full-content';
            switch ($scenario['family']) {
                case 'baseline_capture':
                    $run = $runs->queue($target['tenant_id'], $target['user_id'], 'baseline_capture', ['baseline_capture' => ['full_content' => $full]]);
                    CaptureBaselineSnapshotJob::dispatchSync($run, $full);
                    break;
                case 'baseline_compare':
                    $run = $runs->queue($target['tenant_id'], $target['user_id'], 'baseline_compare', ['baseline_compare' => ['full_content' => $full]]);
                    CompareBaselineToTenantJob::dispatchSync($run, $full);
                    break;
                case 'tenant.review.compose':
                    app(TenantReviewService::class)->composeFromSnapshot($target['tenant_id'], $target['user_id'], 1);
                    break;
                default:
                    throw new InvalidArgumentException('TenantPilot has no job for ' . $scenario['family']);
            }
        } finally {
            $this->recorder = null;
        }
    }

    /**
     * The scenario's database conform made (its DSN) or, without one, the application's own
     * schema in memory, migrated once, with the scenario's tenant and user.
     */
    private function useDatabase(?string $dsn): void
    {
        $name = $dsn !== null ? 'conform_scenario' : config('conform.memory_connection');
        if ($dsn !== null && config("database.connections.{$name}.url") !== $dsn) {
            DB::purge($name);
            config(["database.connections.{$name}" => ['driver' => 'pgsql', 'url' => $dsn, 'charset' => 'utf8', 'prefix' => '', 'search_path' => 'public']]);
        }
        if ($dsn === null && $this->connection !== $name) {
            config(["database.connections.{$name}" => ['driver' => 'sqlite', 'database' => ':memory:', 'prefix' => '', 'foreign_key_constraints' => true]]);
            DB::setDefaultConnection($name);
            Artisan::call('migrate', ['--database' => $name, '--force' => true]);
        }
        DB::setDefaultConnection($name);
        $this->connection = $name;
    }

    /** The actor as a user whose memberships are the rows conform sends; never loaded. */
    private function user(array $actor): User
    {
        $user = (new User())->forceFill(['id' => $actor['user_id'] ?? 0]);
        $user->setRelation('memberships', collect($actor['memberships'] ?? [])->map(fn (array $m) => (new TenantMembership())
            ->forceFill(['user_id' => $actor['user_id'] ?? 0, 'tenant_id' => $m['tenant_id'], 'capabilities' => $m['capabilities'] ?? []])));
        return $user;
    }
}
