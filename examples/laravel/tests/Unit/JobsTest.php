<?php

namespace Tests\Unit;

use App\Integrations\EvidenceProvider;
use App\Integrations\ScriptedEvidenceProvider;
use App\Jobs\CompareBaselineToTenantJob;
use App\Models\OperationRun;
use App\Models\Tenant;
use App\Services\OperationRunService;
use Illuminate\Foundation\Testing\RefreshDatabase;
use Tests\TestCase;

/** The compare job's writes, as the application's own feature test would check them. */
final class JobsTest extends TestCase
{
    use RefreshDatabase;

    public function test_a_resumed_compare_keeps_its_token_out_of_the_progress_payload(): void
    {
        $tenant = Tenant::create(['name' => 'Contoso']);
        $this->app->instance(EvidenceProvider::class, new ScriptedEvidenceProvider(['evidence' => ['captured' => 5, 'total' => 9], 'resume' => true]));
        $run = app(OperationRunService::class)->queue($tenant->id, null, 'baseline_compare', ['baseline_compare' => ['full_content' => true]]);
        CompareBaselineToTenantJob::dispatchSync($run, true);
        $run = OperationRun::findOrFail($run->id);
        $this->assertSame('completed', $run->status);
        $this->assertSame('finalizing', $run->context['progress']['phase']['key']);
        $this->assertStringStartsWith('resume-', $run->context['baseline_compare']['resume']['checkpoint']);
        $this->assertStringNotContainsString('resume-', json_encode($run->context['progress']));
        $this->assertSame(['total' => 9, 'processed' => 5], $run->summary_counts);
    }
}
