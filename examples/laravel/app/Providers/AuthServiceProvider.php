<?php

namespace App\Providers;

use App\Models\OperationRun;
use App\Policies\OperationRunPolicy;
use Illuminate\Foundation\Support\Providers\AuthServiceProvider as ServiceProvider;
use Illuminate\Support\Facades\Gate;

class AuthServiceProvider extends ServiceProvider
{
    protected $policies = [OperationRun::class => OperationRunPolicy::class];

    public function boot(): void
    {
        $this->registerPolicies();
        Gate::define('view-tenant-operations', [OperationRunPolicy::class, 'viewTenantOperations']);
    }
}
