<?php

// Compiled views, the package manifest and caches live in a directory of this process's,
// removed when it ends: the application leaves nothing behind in the tree or in /tmp. One a
// killed process left is removed by the next start.
$rmTree = static function (string $dir): void {
    if (!is_dir($dir)) {
        return;
    }
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::CHILD_FIRST);
    foreach ($it as $f) {
        $f->isDir() ? @rmdir($f->getPathname()) : @unlink($f->getPathname());
    }
    @rmdir($dir);
};
foreach (glob(sys_get_temp_dir() . '/tenantpilot-*-*') ?: [] as $left) {
    if (preg_match('/tenantpilot-(\d+)-/', $left, $m) && !file_exists('/proc/' . $m[1])) {
        $rmTree($left);
    }
}
$runtime = sys_get_temp_dir() . '/tenantpilot-' . getmypid() . '-' . bin2hex(random_bytes(4));
@mkdir($runtime . '/views', 0700, true);
@mkdir($runtime . '/cache', 0700, true);
$app = new Illuminate\Foundation\Application(dirname(__DIR__));
$app->useStoragePath($runtime);
$app->instance('tenantpilot.runtime', $runtime);
register_shutdown_function(static fn () => $rmTree($runtime));
foreach (['APP_PACKAGES_CACHE' => 'packages.php', 'APP_SERVICES_CACHE' => 'services.php', 'APP_CONFIG_CACHE' => 'config.php',
    'APP_ROUTES_CACHE' => 'routes.php', 'APP_EVENTS_CACHE' => 'events.php'] as $key => $file) {
    $_SERVER[$key] = $_ENV[$key] = $runtime . '/cache/' . $file;
}

$app->singleton(Illuminate\Contracts\Console\Kernel::class, App\Console\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, App\Exceptions\Handler::class);

return $app;
