#!/usr/bin/env php
<?php

// conform's adapter protocol in front of the PHP implementation of the progress contract:
//   conform run --impl "php adapters/php/bin/conform-adapter.php"
// An application wires its own contract classes the same way (docs/adapters.md).

declare(strict_types=1);

require __DIR__ . '/../src/ProtocolServer.php';
require __DIR__ . '/../src/ProgressContract.php';
require __DIR__ . '/../src/WriteRecorder.php';
require __DIR__ . '/../src/ReferenceWriters.php';

use Conform\Adapter\ProgressContract;
use Conform\Adapter\ProtocolServer;
use Conform\Adapter\ReferenceWriters;

$contract = new ProgressContract();
$writers = new ReferenceWriters($contract);
(new ProtocolServer(
    resolve: [$contract, 'resolve'],
    present: [$contract, 'present'],
    implementation: ['name' => 'php reference', 'language' => 'php', 'version' => PHP_VERSION],
    onStart: [$contract, 'useRegistry'],
    drive: [$writers, 'drive'],
    database: true,
))->run();
