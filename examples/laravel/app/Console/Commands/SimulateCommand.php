<?php

namespace App\Console\Commands;

use App\Integrations\EvidenceProvider;
use App\Integrations\ScriptedEvidenceProvider;
use App\Jobs\CaptureBaselineSnapshotJob;
use App\Jobs\CompareBaselineToTenantJob;
use App\Jobs\SyncPoliciesJob;
use App\Models\Tenant;
use App\Models\TenantMembership;
use App\Models\User;
use App\Services\OperationRunService;
use App\Services\TenantReviews\TenantReviewService;
use Illuminate\Console\Command;

/**
 * A day of TenantPilot on the database it is given: tenants and operators, baseline captures
 * and compares that ran through, ended early or are still running, reviews composed from
 * snapshots, policy syncs under way. What conform audit then reads is what the jobs wrote.
 */
class SimulateCommand extends Command
{
    protected $signature = 'tenantpilot:simulate {--tenants=3 : how many tenants}';

    protected $description = "Run the application's jobs as a day of work would, on the configured database";

    public function handle(OperationRunService $runs): int
    {
        $paths = [
            ['path' => 'standard'],
            ['path' => 'full-content', 'evidence' => ['captured' => 14, 'total' => 40]],
            ['path' => 'full-content', 'evidence' => ['captured' => 3, 'total' => 9], 'stop' => ['at' => 'evidence capture', 'outcome' => 'failed']],
            ['path' => 'standard', 'stop' => ['at' => 'eligibility', 'outcome' => 'blocked']],
            ['path' => 'full-content', 'evidence' => ['captured' => 9, 'total' => 9], 'resume' => true, 'outcome' => 'partially_succeeded'],
        ];
        $written = 0;
        for ($t = 1; $t <= (int) $this->option('tenants'); $t++) {
            $tenant = Tenant::create(['name' => "Contoso {$t}"]);
            $user = User::create(['name' => "Operator {$t}", 'email' => "operator{$t}@example.test"]);
            TenantMembership::create(['user_id' => $user->id, 'tenant_id' => $tenant->id, 'capabilities' => ['operations.view']]);
            foreach ($paths as $i => $script) {
                foreach (['baseline_capture' => CaptureBaselineSnapshotJob::class, 'baseline_compare' => CompareBaselineToTenantJob::class] as $type => $job) {
                    $full = $script['path'] === 'full-content';
                    app()->instance(EvidenceProvider::class, new ScriptedEvidenceProvider(['resume' => $type === 'baseline_compare' && ($script['resume'] ?? false)] + $script));
                    $run = $runs->queue($tenant->id, $user->id, $type, [$type => ['full_content' => $full]]);
                    $job::dispatchSync($run, $full);
                    $written++;
                }
            }
            // A capture the worker has not finished: it stands in its processing phase.
            $running = $runs->queue($tenant->id, $user->id, 'baseline_capture', ['baseline_capture' => ['full_content' => false]]);
            $runs->enterPhase($running, 'preparing');
            $runs->enterPhase($running, 'processing');
            foreach ([null, ['total' => 12, 'failed' => 2, 'partial' => 1], ['total' => 0, 'failed' => 0, 'partial' => 0]] as $ops) {
                app()->instance(EvidenceProvider::class, new ScriptedEvidenceProvider(['operations' => $ops]));
                app(TenantReviewService::class)->composeFromSnapshot($tenant->id, $user->id, 100 + $t);
            }
            $sync = $runs->queue($tenant->id, $user->id, 'policy.sync');
            SyncPoliciesJob::dispatchSync($sync, 40, 17);
            $written += 5;
        }
        fwrite(STDERR, "tenantpilot: {$written} runs written\n");
        return self::SUCCESS;
    }
}
