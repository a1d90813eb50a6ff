#!/usr/bin/env bash
# The PHP implementation (adapters/php) through conform's protocol, in the fast lane and the
# PostgreSQL lane, as an application's CI would run it. Skips without php unless
# CONFORM_REQUIRE_PHP is set (as .ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v php >/dev/null; then
  if [ -n "${CONFORM_REQUIRE_PHP:-}" ]; then echo "php-lanes: php is required but not installed" >&2; exit 1; fi
  echo "php-lanes: skipped, php is not installed (apt-get install php-cli)"; exit 0
fi
go build -o /tmp/conform-php-lanes ./cmd/conform
trap 'rm -f /tmp/conform-php-lanes' EXIT
impl="php adapters/php/bin/conform-adapter.php"
/tmp/conform-php-lanes run --impl "$impl" --lane fast --format progress
if ! php -m | grep -qx pdo_pgsql; then
  # the kit's writers run on each scenario's database on the confidence lane
  if [ -n "${CONFORM_REQUIRE_PHP:-}" ]; then echo "php-lanes: PHP's pdo_pgsql is required but not installed (apt-get install php-pgsql)" >&2; exit 1; fi
  echo "php-lanes: the PostgreSQL lane skipped, PHP has no pdo_pgsql (apt-get install php-pgsql)"
elif docker info >/dev/null 2>&1 || [ -n "${CONFORM_DSN:-}" ]; then
  /tmp/conform-php-lanes run --impl "$impl" --lane confidence --sweep 1000 --format progress
elif [ -n "${CONFORM_REQUIRE_POSTGRES:-}" ]; then
  echo "php-lanes: PostgreSQL is required but Docker is not reachable and CONFORM_DSN is not set" >&2; exit 1
else
  echo "php-lanes: the PostgreSQL lane skipped, Docker is not reachable"
fi
