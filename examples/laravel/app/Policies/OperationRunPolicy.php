<?php

namespace App\Policies;

use App\Models\OperationRun;
use App\Models\User;
use Illuminate\Auth\Access\Response;

/**
 * The only gate of a run (AR-001, AR-002): out of the run's tenant, the run does not exist for
 * the actor (404); a member without operations.view there may not see it (403).
 */
class OperationRunPolicy
{
    public const VIEW = 'operations.view';

    public function view(?User $user, OperationRun $run): Response
    {
        if ($user === null || !$user->isMemberOf($run->tenant_id)) {
            if (config('tenantpilot.variant') === 'policy-403-nonmembers') {
                return Response::deny('This action is unauthorized.', 403); // a wrong variant
            }
            return Response::deny('Not found.', 404);
        }
        return $user->mayInTenant($run->tenant_id, self::VIEW) ? Response::allow() : Response::deny('This action is unauthorized.', 403);
    }

    /** The tenant's operations list: its members only; the others do not learn it exists. */
    public function viewTenantOperations(?User $user, int $tenantId): Response
    {
        return $user !== null && $user->isMemberOf($tenantId) ? Response::allow() : Response::deny('Not found.', 404);
    }
}
