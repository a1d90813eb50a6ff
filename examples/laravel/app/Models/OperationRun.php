<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Eloquent\Relations\BelongsTo;

/**
 * A long-running operation of a tenant. context and summary_counts are JSON columns read
 * through array casts: {} and [] are the same empty array, as everywhere in the application.
 */
class OperationRun extends Model
{
    protected $guarded = [];

    protected $casts = [
        'tenant_id' => 'integer',
        'user_id' => 'integer',
        'context' => 'array',
        'summary_counts' => 'array',
        'failure_summary' => 'array',
        'started_at' => 'datetime',
        'completed_at' => 'datetime',
    ];

    public function getCasts()
    {
        // The realism checks' wrong variants (config tenantpilot.variant): an object cast, or
        // none at all, where the application means array.
        $casts = parent::getCasts();
        switch (config('tenantpilot.variant')) {
            case 'casts-object':
                $casts['context'] = $casts['summary_counts'] = 'object';
                break;
            case 'json-without-cast':
                unset($casts['context'], $casts['summary_counts']);
                break;
        }
        return $casts;
    }

    /** The phase key, made readable: what a list of runs in the admin shows beside the type. */
    public function getProgressLabelAttribute(): string
    {
        return \Illuminate\Support\Str::headline((string) data_get($this->context, 'progress.phase.key', ''));
    }

    public function tenant(): BelongsTo
    {
        return $this->belongsTo(Tenant::class);
    }

    /**
     * A run as a row of the table gives it: what conform sends is the whole input, and the
     * model is built from it without touching the database.
     */
    public static function fromRow(array $row): self
    {
        $attributes = [];
        foreach ($row as $key => $value) {
            $attributes[$key] = in_array($key, ['context', 'summary_counts', 'failure_summary'], true)
                ? json_encode($value, JSON_PRESERVE_ZERO_FRACTION)
                : $value;
        }
        return (new self())->newFromBuilder($attributes);
    }
}
