<?php

declare(strict_types=1);

namespace Conform\Adapter\Laravel;

use Conform\Adapter\WriteRecorder;

/**
 * What a Laravel application gives conform's adapter: each method answers one kind of request
 * from the application's own classes (docs/adapter-protocol.md). Runs and actors arrive as
 * json_decode(..., true) gives them.
 */
interface Bridge
{
    /** Holds the application to the registry conform names in start (null: spec 272's). */
    public function start(?array $registry): void;

    /** The resolution object of a run, as the application's progress contract decides it. */
    public function resolve(array $run): array;

    /** ['status' => 200|403|404, 'shell_html' => string] for an actor opening a run. */
    public function present(array $run, array $actor): array;

    /** ['status' => 200|404, 'runs' => [['run_id' => int, 'shell_html' => string], ...]]. */
    public function shell(array $actor, int $tenantId, array $runs): array;

    /**
     * Runs one writer scenario with the application's jobs, telling $recorder every save of
     * the run; $target holds tenant_id, user_id and dsn (the scenario database, or null).
     */
    public function drive(array $scenario, array $target, WriteRecorder $recorder): void;
}
