<?php

namespace App\Support\OpsUx;

/** What a run may show of its progress: the contract's answer, as conform resolve prints it. */
final class ProgressResolution
{
    public function __construct(
        public int $runId,
        public string $family,
        public string $lifecycle,
        public bool $active,
        public string $capability = 'none',
        public string $label = '',
        public ?string $phase = null,
        /** @var array{children: int, failed: int|null, partial: int|null, hint: string}|null */
        public ?array $composite = null,
        public ?int $percent = null,
        public bool $bar = false,
        public bool $degraded = false,
        /** @var array{0: int, 1: int}|null processed and total, for the count line */
        public ?array $counts = null,
    ) {
    }

    public function toArray(): array
    {
        return ['run_id' => $this->runId, 'family' => $this->family, 'lifecycle' => $this->lifecycle,
            'active' => $this->active, 'capability' => $this->capability, 'label' => $this->label,
            'phase' => $this->phase, 'composite' => $this->composite, 'percent' => $this->percent,
            'bar' => $this->bar, 'degraded' => $this->degraded];
    }
}
