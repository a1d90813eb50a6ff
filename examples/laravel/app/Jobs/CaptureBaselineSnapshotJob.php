<?php

namespace App\Jobs;

/** Baseline capture: eligibility, the snapshot, evidence (full content), persistence, finalization. */
class CaptureBaselineSnapshotJob extends BaselineJob
{
    protected function boundaries(): array
    {
        return ['eligibility' => 'preparing', 'snapshot' => 'processing']
            + ($this->fullContent ? ['evidence capture' => 'fetching'] : [])
            + ['persistence' => 'persisting', 'finalization' => 'finalizing'];
    }
}
