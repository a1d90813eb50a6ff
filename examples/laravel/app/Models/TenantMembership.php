<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;

/** One row of a user's membership of a tenant; a tenant may be listed twice. */
class TenantMembership extends Model
{
    public $timestamps = false;
    public $incrementing = false;
    protected $primaryKey = null;
    protected $guarded = [];
    protected $casts = ['tenant_id' => 'integer', 'user_id' => 'integer', 'capabilities' => 'array'];
}
