<?php

declare(strict_types=1);

namespace Conform\Adapter\Laravel;

use Conform\Adapter\ProtocolServer;
use Illuminate\Console\Command;

/**
 * php artisan conform:adapter: serves conform's protocol on stdin and stdout from the
 * application's bridge (config conform.bridge). Nothing but protocol lines reaches stdout:
 * the framework logs to stderr while it serves.
 */
final class AdapterCommand extends Command
{
    protected $signature = 'conform:adapter';

    protected $description = "Serve the application's progress contract, presenter, policies and jobs to conform (docs/adapter-protocol.md)";

    public function handle(): int
    {
        config(['logging.default' => 'stderr']);
        $class = config('conform.bridge');
        if (!is_string($class) || !class_exists($class)) {
            fwrite(STDERR, "conform:adapter: config conform.bridge names no class (" . var_export($class, true) . ")\n");
            return self::FAILURE;
        }
        $bridge = $this->laravel->make($class);
        if (!$bridge instanceof Bridge) {
            fwrite(STDERR, "conform:adapter: {$class} does not implement " . Bridge::class . "\n");
            return self::FAILURE;
        }
        (new ProtocolServer(
            resolve: [$bridge, 'resolve'],
            present: [$bridge, 'present'],
            shell: [$bridge, 'shell'],
            implementation: ['name' => (string) config('app.name', 'laravel'), 'language' => 'php',
                'version' => 'Laravel ' . $this->laravel->version()],
            onStart: [$bridge, 'start'],
            drive: [$bridge, 'drive'],
            database: true,
        ))->run();
        return self::SUCCESS;
    }
}
