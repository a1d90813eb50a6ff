<?php

declare(strict_types=1);

namespace Conform\Adapter\Laravel;

use Illuminate\Support\ServiceProvider;

/** Registers php artisan conform:adapter and the conform config (auto-discovered). */
final class ConformServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(__DIR__ . '/../../config/conform.php', 'conform');
    }

    public function boot(): void
    {
        if ($this->app->runningInConsole()) {
            $this->commands([AdapterCommand::class]);
            $this->publishes([__DIR__ . '/../../config/conform.php' => config_path('conform.php')], 'conform-config');
        }
    }
}
