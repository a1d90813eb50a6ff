<?php

// The progress vocabulary of TenantPilot's operations (App\Support\OpsUx). conform.yaml says
// the same to conform; the adapter holds this config to the registry conform names.
return [
    'families' => [
        'baseline_capture' => ['label' => 'Baseline capture', 'claim' => 'phased', 'scope' => 'selected', 'phases' => [
            'preparing' => 'Checking capture eligibility',
            'processing' => 'Building the baseline snapshot',
            'fetching' => 'Capturing evidence',
            'persisting' => 'Saving the baseline snapshot',
            'finalizing' => 'Finishing baseline capture',
        ]],
        'baseline_compare' => ['label' => 'Baseline compare', 'claim' => 'phased', 'scope' => 'selected', 'phases' => [
            'preparing' => 'Checking compare coverage',
            'fetching' => 'Capturing evidence',
            'processing' => 'Comparing with the baseline',
            'persisting' => 'Saving compare results',
            'finalizing' => 'Finishing baseline compare',
        ]],
        'tenant.review.compose' => ['label' => 'Tenant review', 'claim' => 'composite', 'scope' => 'selected', 'phases' => []],
        'tenant.review_pack.generate' => ['label' => 'Review pack generation', 'claim' => 'counted', 'scope' => 'counted rollout', 'phases' => []],
        'evidence.snapshot.generate' => ['label' => 'Evidence snapshot', 'claim' => 'counted', 'scope' => 'counted rollout', 'phases' => []],
        'policy.sync' => ['label' => 'Policy sync', 'claim' => 'counted', 'scope' => 'counted rollout', 'phases' => []],
        'provider.health_check' => ['label' => 'Provider health check', 'claim' => 'activity', 'scope' => 'deferred', 'phases' => []],
        'support.diagnostics' => ['label' => 'Support diagnostics', 'claim' => 'activity', 'scope' => 'deferred', 'phases' => []],
        'restore.execute' => ['label' => 'Restore', 'claim' => 'activity', 'scope' => 'activity', 'phases' => []],
    ],
    // What a selected family with malformed metadata shows (spec 272's wording).
    'generic' => ['phased' => 'Phase progress pending.', 'composite' => 'Composite progress pending.'],
    'readings' => ['partial_composite' => 'malformed', 'missing_with_counts' => 'activity', 'deferred_counts' => 'activity'],
    'summary_counts' => ['total', 'processed', 'succeeded', 'failed', 'skipped'],
];
