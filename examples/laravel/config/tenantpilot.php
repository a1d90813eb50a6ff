<?php

return [
    // A deliberately wrong variant of one class, for the realism checks (docs/adapters.md):
    // raw-blade, casts-object, json-without-cast, policy-403-nonmembers, job-update-percent,
    // label-accessor. Empty in every real use.
    'variant' => env('TENANTPILOT_VARIANT', ''),
];
