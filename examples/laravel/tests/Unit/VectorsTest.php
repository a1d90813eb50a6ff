<?php

namespace Tests\Unit;

use App\Models\OperationRun;
use App\Models\TenantMembership;
use App\Models\User;
use App\Support\OpsUx\OperationRunProgressContract;
use App\Support\OpsUx\OperationUxPresenter;
use RuntimeException;
use Tests\TestCase;

/**
 * conform's vectors as the application's own unit tests: every run, shell and access vector
 * (conform vectors --registry conform.yaml --out DIR, DIR in CONFORM_VECTORS) answered by the
 * application's contract, presenter and policy, with the reason of each on failure.
 */
final class VectorsTest extends TestCase
{
    public static function vectors(): iterable
    {
        $dir = getenv('CONFORM_VECTORS');
        if ($dir === false || !is_dir($dir)) {
            throw new RuntimeException('CONFORM_VECTORS must name the directory conform vectors --registry conform.yaml --out DIR wrote');
        }
        $files = glob($dir . '/*/*.json');
        if ($files === []) {
            throw new RuntimeException("no vectors under {$dir}");
        }
        foreach ($files as $file) {
            $v = json_decode(file_get_contents($file), true, 512, JSON_BIGINT_AS_STRING | JSON_THROW_ON_ERROR);
            yield $v['id'] => [$v];
        }
    }

    /** @dataProvider vectors */
    public function test_the_application_answers_as_the_vector_says(array $v): void
    {
        $run = OperationRun::fromRow($v['run']);
        switch ($v['kind']) {
            case 'run':
                $got = app(OperationRunProgressContract::class)->resolve($run)->toArray();
                $want = $v['want'];
                ksort($got);
                ksort($want);
                $this->assertSame($want, $got, $v['reason']);
                break;
            case 'access':
                $this->assertSame($v['access'], app(OperationUxPresenter::class)->shellFor($run, $this->user($v['actor']))['status'], $v['reason']);
                break;
            case 'shell':
                $viewer = ['user_id' => 1, 'memberships' => [['tenant_id' => $v['run']['tenant_id'], 'capabilities' => ['operations.view']]]];
                $p = app(OperationUxPresenter::class)->shellFor($run, $this->user($viewer));
                $this->assertSame(200, $p['status'], $v['reason']);
                $text = preg_replace('/\s+/', ' ', html_entity_decode(strip_tags($p['shell_html'])));
                foreach ($v['shell']['shows'] as $piece) {
                    $this->assertStringContainsString($piece, $text, $v['reason']);
                }
                foreach ($v['shell']['never'] ?? [] as $piece) {
                    $this->assertStringNotContainsString($piece, $text, $v['reason']);
                }
                foreach ($v['shell']['links'] as $link) {
                    $this->assertStringContainsString('href="' . $link['href'] . '"', $p['shell_html'], $v['reason']);
                }
                $bar = $v['shell']['bar'];
                $bar === null
                    ? $this->assertStringNotContainsString('<progress', $p['shell_html'], $v['reason'])
                    : $this->assertStringContainsString('value="' . $bar . '"', $p['shell_html'], $v['reason']);
                break;
            default:
                $this->fail("vector {$v['id']} has an unknown kind {$v['kind']}");
        }
    }

    private function user(array $actor): User
    {
        $user = (new User())->forceFill(['id' => $actor['user_id']]);
        $user->setRelation('memberships', collect($actor['memberships'])->map(fn (array $m) => (new TenantMembership())
            ->forceFill(['user_id' => $actor['user_id'], 'tenant_id' => $m['tenant_id'], 'capabilities' => $m['capabilities']])));
        return $user;
    }
}
