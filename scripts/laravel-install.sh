#!/usr/bin/env bash
# Installs the example Laravel application (examples/laravel) into DIR, a copy of it, with
# Debian's composer, offline: Laravel itself comes from Debian's php-laravel-framework, the
# conform kit (adapters/php) from a path repository. The tree stays as it is.
#   scripts/laravel-install.sh DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:?usage: scripts/laravel-install.sh DIR}"
for need in php composer; do
  command -v "$need" >/dev/null || { echo "laravel-install: $need is not installed (apt-get install php-cli composer php-laravel-framework)" >&2; exit 2; }
done
[ -f /usr/share/php/Illuminate/autoload.php ] || { echo "laravel-install: Laravel is not installed (apt-get install php-laravel-framework)" >&2; exit 2; }
mkdir -p "$dir"
cp -R "$root/examples/laravel/." "$dir/"
rm -rf "$dir/vendor" "$dir/composer.lock" "$dir"/*_test.go
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
cd "$dir"
export COMPOSER_HOME="$home" COMPOSER_CACHE_DIR="$home/cache" COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_DISABLE_NETWORK=1
composer config repositories.0 '{"type": "path", "url": "'"$root"'/adapters/php", "options": {"symlink": true}}' >/dev/null
composer install --no-interaction --no-progress --quiet 2>&1 | grep -v 'curl extension' >&2 || true
[ -f vendor/autoload.php ] || { echo "laravel-install: composer install failed in $dir" >&2; exit 1; }
