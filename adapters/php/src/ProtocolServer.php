<?php

declare(strict_types=1);

namespace Conform\Adapter;

/**
 * Speaks conform's adapter protocol (docs/adapter-protocol.md) on behalf of an application:
 * one JSON request per line on stdin, one JSON response per line on stdout, in order.
 *
 * The application provides the answers as callables:
 *   resolve(array $run): array                  the resolution object of a run
 *   present(array $run, array $actor): array    ['status' => 200|403|404, 'shell_html' => string]
 *   shell(array $actor, int $tenantId, array $runs): array   optional:
 *                                               ['status' => 200|404, 'runs' => [['run_id' => int, 'shell_html' => string], ...]]
 *   drive(array $scenario, array $target, WriteRecorder $recorder): void   optional:
 *                                               runs one writer scenario with the application's own
 *                                               service and job code; $target holds tenant_id, user_id
 *                                               and dsn (the scratch database, or null); the model's
 *                                               saves reach $recorder->saved(), wired to its events
 * Without a shell callable the tenant shell is built from present: 404 for an actor who is not
 * a member of the tenant, else that tenant's runs that present answers 200 for. Without a drive
 * callable, drive requests fail: conform then reports that the writers are not wired.
 *
 * A callable that throws fails that one request ({"seq": N, "error": "..."}) and the server goes
 * on. Nothing but protocol lines reaches stdout: whatever the callables echo is sent to stderr.
 * Dependency-free, PHP 8.1 or newer.
 */
final class ProtocolServer
{
    public const VERSION = 3;

    /** @var callable */
    private $resolve;
    /** @var callable */
    private $present;
    /** @var callable|null */
    private $shell;
    /** @var callable|null */
    private $onStart;
    /** @var callable|null */
    private $drive;

    /**
     * @param array{name: string, language?: string, version?: string} $implementation
     * @param callable|null $onStart called with the start request's registry (or null), to hold
     *                               the application to the families conform names
     * @param bool $database whether drive runs the writers on the database the request names
     *                       (conform then reads the writes from it and holds the answer to them)
     */
    public function __construct(
        callable $resolve,
        callable $present,
        ?callable $shell = null,
        private array $implementation = ['name' => 'php implementation'],
        ?callable $onStart = null,
        ?callable $drive = null,
        private bool $database = false,
    ) {
        $this->resolve = $resolve;
        $this->present = $present;
        $this->shell = $shell;
        $this->onStart = $onStart;
        $this->drive = $drive;
    }

    /**
     * Serves until stop or the end of input.
     *
     * @param resource $in
     * @param resource $out
     * @param resource $err
     */
    public function run($in = STDIN, $out = STDOUT, $err = STDERR): void
    {
        while (($line = fgets($in)) !== false) {
            $line = trim($line);
            if ($line === '') {
                continue;
            }
            $request = json_decode($line, true, 512, JSON_BIGINT_AS_STRING);
            if (!is_array($request)) {
                fwrite($err, 'conform adapter: a request that is not a JSON object: ' . substr($line, 0, 200) . "\n");
                continue;
            }
            $cmd = $request['cmd'] ?? null;
            if ($cmd === 'stop') {
                return;
            }
            $reply = $this->answer($request, $err);
            fwrite($out, json_encode($reply, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
            fflush($out);
        }
    }

    /**
     * @param array<string, mixed> $request
     * @param resource $err
     * @return array<string, mixed>
     */
    private function answer(array $request, $err): array
    {
        $cmd = $request['cmd'] ?? null;
        $seq = $request['seq'] ?? 0;
        ob_start();
        try {
            switch ($cmd) {
                case 'start':
                    if ($this->onStart !== null) {
                        ($this->onStart)($request['registry'] ?? null);
                    }
                    $start = ['version' => self::VERSION, 'implementation' => [
                        'name' => $this->implementation['name'],
                        'language' => $this->implementation['language'] ?? 'php',
                        'version' => $this->implementation['version'] ?? PHP_VERSION,
                    ]];
                    if ($this->drive !== null) {
                        $start['writes'] = $this->database ? 'database' : 'memory';
                    }
                    return $start;
                case 'resolve':
                    return ['seq' => $seq, 'resolution' => ($this->resolve)($request['run'])];
                case 'present':
                    $p = ($this->present)($request['run'], $request['actor']);
                    return ['seq' => $seq, 'status' => (int) $p['status'], 'shell_html' => (string) $p['shell_html']];
                case 'shell':
                    $page = $this->shell !== null
                        ? ($this->shell)($request['actor'], (int) $request['tenant_id'], $request['runs'])
                        : $this->shellFromPresent($request['actor'], (int) $request['tenant_id'], $request['runs']);
                    return ['seq' => $seq, 'status' => (int) $page['status'], 'runs' => array_values($page['runs'])];
                case 'drive':
                    if ($this->drive === null) {
                        return ['seq' => $seq, 'error' => 'no writers are wired: give ProtocolServer a drive callable (docs/adapters.md)'];
                    }
                    $recorder = new WriteRecorder();
                    ($this->drive)($request['scenario'], ['tenant_id' => (int) $request['tenant_id'],
                        'user_id' => (int) $request['user_id'], 'dsn' => $request['dsn'] ?? null], $recorder);
                    return ['seq' => $seq, 'writes' => $recorder->writes()];
                default:
                    return ['seq' => $seq, 'error' => 'unknown cmd ' . json_encode($cmd)];
            }
        } catch (\Throwable $e) {
            return ['seq' => $seq, 'error' => get_class($e) . ': ' . $e->getMessage()];
        } finally {
            $stray = ob_get_clean();
            if ($stray !== false && $stray !== '') {
                fwrite($err, $stray);
            }
        }
    }

    /**
     * @param array<string, mixed> $actor
     * @param list<array<string, mixed>> $runs
     * @return array{status: int, runs: list<array{run_id: int, shell_html: string}>}
     */
    private function shellFromPresent(array $actor, int $tenantId, array $runs): array
    {
        $member = false;
        foreach ($actor['memberships'] ?? [] as $m) {
            $member = $member || ($m['tenant_id'] ?? null) === $tenantId;
        }
        if (!$member) {
            return ['status' => 404, 'runs' => []];
        }
        $listed = [];
        foreach ($runs as $run) {
            if (($run['tenant_id'] ?? null) !== $tenantId) {
                continue;
            }
            $p = ($this->present)($run, $actor);
            if ((int) $p['status'] === 200) {
                $listed[] = ['run_id' => (int) ($run['id'] ?? 0), 'shell_html' => (string) $p['shell_html']];
            }
        }
        return ['status' => 200, 'runs' => $listed];
    }
}
