#!/usr/bin/env bash
# Makes sure the local PostgreSQL image exists when Docker is reachable. Without Docker it says
# so in one line and succeeds (the PostgreSQL tests then skip, saying why), unless
# CONFORM_REQUIRE_POSTGRES is set, in which case a missing PostgreSQL is an error.
set -uo pipefail
tag=${1:-conform-postgres:15}
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${CONFORM_DSN:-}" ]; then
  exit 0 # a server is given; no image needed
fi
if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  if [ -n "${CONFORM_REQUIRE_POSTGRES:-}" ]; then
    echo "pg-image: Docker is not reachable and CONFORM_REQUIRE_POSTGRES is set" >&2
    exit 2
  fi
  echo "pg-image: Docker is not reachable; the PostgreSQL tests will skip"
  exit 0
fi
docker image inspect "$tag" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ]; then
  if [ -n "${CONFORM_REQUIRE_POSTGRES:-}" ]; then
    echo "pg-image: building $tag needs root (debootstrap); run scripts/pg-image/build.sh as root" >&2
    exit 2
  fi
  echo "pg-image: $tag is missing and building it needs root; the PostgreSQL tests will skip"
  exit 0
fi
exec "$here/build.sh" "$tag"
