<?php

namespace App\Jobs;

/** Baseline compare: coverage, evidence (full content, resumable), drift evaluation, persistence, finalization. */
class CompareBaselineToTenantJob extends BaselineJob
{
    protected function boundaries(): array
    {
        return ['coverage' => 'preparing']
            + ($this->fullContent ? ['evidence capture' => 'fetching'] : [])
            + ['drift evaluation' => 'processing', 'persistence' => 'persisting', 'finalization' => 'finalizing'];
    }
}
