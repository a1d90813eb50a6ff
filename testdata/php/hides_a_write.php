<?php

// The PHP kit's writers, with one write the model events never see: after the job, a raw
// query stamps a percentage into context.progress (breaks the trace rules), and the answer to
// drive is only what the recorder heard. Only the database's write log shows the lie:
// conform must refuse the answer, naming the write the answer left out.

declare(strict_types=1);

$kit = __DIR__ . '/../../adapters/php/src/';
require $kit . 'ProtocolServer.php';
require $kit . 'ProgressContract.php';
require $kit . 'WriteRecorder.php';
require $kit . 'ReferenceWriters.php';

use Conform\Adapter\ProgressContract;
use Conform\Adapter\ProtocolServer;
use Conform\Adapter\ReferenceWriters;
use Conform\Adapter\WriteRecorder;

$contract = new ProgressContract();
$writers = new ReferenceWriters($contract);
(new ProtocolServer(
    resolve: [$contract, 'resolve'],
    present: [$contract, 'present'],
    implementation: ['name' => 'hides a write', 'language' => 'php', 'version' => PHP_VERSION],
    onStart: [$contract, 'useRegistry'],
    drive: function (array $scenario, array $target, WriteRecorder $recorder) use ($writers): void {
        $writers->drive($scenario, $target, $recorder);
        if ($target['dsn'] === null) {
            return;
        }
        $u = parse_url($target['dsn']);
        $db = new PDO(sprintf('pgsql:host=%s;port=%d;dbname=%s', $u['host'], $u['port'], ltrim($u['path'], '/')),
            urldecode($u['user']), isset($u['pass']) ? urldecode($u['pass']) : null);
        $last = end($recorder->writes());
        $db->prepare("UPDATE operation_runs SET context = jsonb_set(context, '{progress,percent}', '40') WHERE id = ? AND jsonb_typeof(context->'progress') = 'object'")
            ->execute([$last['id']]);
    },
    database: true,
))->run();
