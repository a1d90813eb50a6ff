<?php

return [
    'default' => env('DB_CONNECTION', 'sqlite'),
    'connections' => [
        // The application's own database in tests and in conform's in-memory lane.
        'sqlite' => [
            'driver' => 'sqlite',
            'database' => env('DB_DATABASE', ':memory:'),
            'prefix' => '',
            'foreign_key_constraints' => true,
        ],
        // conform's scratch database on the PostgreSQL lane (DATABASE_URL), or production.
        'pgsql' => [
            'driver' => 'pgsql',
            'url' => env('DATABASE_URL'),
            'charset' => 'utf8',
            'prefix' => '',
            'search_path' => 'public',
            'sslmode' => 'prefer',
        ],
    ],
    'migrations' => 'migrations',
];
