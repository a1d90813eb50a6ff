<?php

namespace App\Support\OpsUx;

/**
 * Where a run is, from its status and outcome as PHP reads them: strtolower(trim($value)).
 * A terminal outcome ends the run whatever the status says; a value it does not know is never
 * active.
 */
class OperationStatusNormalizer
{
    public const OUTCOMES = ['pending', 'succeeded', 'partially_succeeded', 'blocked', 'failed', 'cancelled'];

    public function outcome(mixed $raw): string
    {
        $text = is_string($raw) ? strtolower(trim($raw)) : '';
        if ($text === '') {
            return 'pending';
        }
        return in_array($text, self::OUTCOMES, true) ? $text : 'unknown';
    }

    /** queued, running, completed or unknown. */
    public function lifecycle(mixed $status, mixed $outcome): string
    {
        $o = $this->outcome($outcome);
        $s = is_string($status) ? strtolower(trim($status)) : '';
        if ($o === 'unknown') {
            return 'unknown';
        }
        if ($o !== 'pending' || $s === 'completed') {
            return 'completed';
        }
        return in_array($s, ['queued', 'running'], true) ? $s : 'unknown';
    }

    public function label(string $lifecycle, mixed $outcome): string
    {
        return match ($lifecycle) {
            'queued' => 'Queued',
            'running' => 'Running',
            'completed' => match ($this->outcome($outcome)) {
                'partially_succeeded' => 'Partially succeeded',
                'blocked' => 'Blocked',
                'failed' => 'Failed',
                'cancelled' => 'Cancelled',
                default => 'Completed',
            },
            default => 'Status unknown',
        };
    }
}
