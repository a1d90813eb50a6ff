<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Relations\HasMany;
use Illuminate\Foundation\Auth\User as Authenticatable;

class User extends Authenticatable
{
    protected $guarded = [];

    public function memberships(): HasMany
    {
        return $this->hasMany(TenantMembership::class);
    }

    /** Whether the user is a member of the tenant, whatever it may do there. */
    public function isMemberOf(int $tenantId): bool
    {
        return $this->memberships->contains(fn (TenantMembership $m) => $m->tenant_id === $tenantId);
    }

    /** Whether any of the user's rows for the tenant grants the capability, spelt exactly. */
    public function mayInTenant(int $tenantId, string $capability): bool
    {
        return $this->memberships->contains(fn (TenantMembership $m) => $m->tenant_id === $tenantId
            && in_array($capability, (array) $m->capabilities, true));
    }
}
