#!/usr/bin/env bash
# The example Laravel application (examples/laravel) gated where it lives, as its own CI would:
# conform through php artisan conform:adapter in the fast lane and on PostgreSQL (its own
# migrations on conform's scratch databases, its jobs writing there), then its PHPUnit suite
# over conform's vectors. The conform audit of what its jobs wrote, and its wrong variants,
# are Go tests (examples/laravel/gate_test.go). Skips without php or Debian's Laravel unless
# CONFORM_REQUIRE_PHP is set (as .ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v php >/dev/null || [ ! -f /usr/share/php/Illuminate/autoload.php ] || ! command -v composer >/dev/null || ! command -v phpunit >/dev/null; then
  if [ -n "${CONFORM_REQUIRE_PHP:-}" ]; then echo "laravel-lanes: php-cli, php-laravel-framework, composer and phpunit are required" >&2; exit 1; fi
  echo "laravel-lanes: skipped, php-cli, php-laravel-framework, composer or phpunit is not installed"; exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/conform" ./cmd/conform
scripts/laravel-install.sh "$work/app"
cd "$work/app"
start=$(date +%s)
"$work/conform" run --impl "php artisan conform:adapter" --lane fast --format progress
echo "laravel-lanes: fast lane $(( $(date +%s) - start )) s"
if docker info >/dev/null 2>&1 || [ -n "${CONFORM_DSN:-}" ]; then
  start=$(date +%s)
  "$work/conform" run --impl "php artisan conform:adapter" --lane confidence --sweep 1000 --format progress
  echo "laravel-lanes: confidence lane $(( $(date +%s) - start )) s"
elif [ -n "${CONFORM_REQUIRE_POSTGRES:-}" ]; then
  echo "laravel-lanes: PostgreSQL is required but Docker is not reachable and CONFORM_DSN is not set" >&2; exit 1
else
  echo "laravel-lanes: the PostgreSQL lane skipped, Docker is not reachable"
fi
"$work/conform" vectors --out "$work/vectors" >/dev/null
CONFORM_VECTORS="$work/vectors" phpunit --colors=never
