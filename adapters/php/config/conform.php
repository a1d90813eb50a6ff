<?php

// conform's adapter in a Laravel application (php artisan vendor:publish --tag=conform-config).
return [
    // The class that answers conform's requests from the application's own classes: it
    // implements Conform\Adapter\Laravel\Bridge.
    'bridge' => env('CONFORM_BRIDGE', 'App\\Conform\\ConformBridge'),

    // Where the application's writers run when conform gives no scenario database (the
    // in-memory lane): a connection the bridge migrates on start. On PostgreSQL conform
    // sends the scenario database's DSN and the writers run there.
    'memory_connection' => env('CONFORM_MEMORY_CONNECTION', 'conform_memory'),

    // The application's registry of run families, as conform reads it (conform.yaml).
    'registry' => env('CONFORM_REGISTRY', 'conform.yaml'),
];
