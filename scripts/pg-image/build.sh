#!/usr/bin/env bash
# Builds the local PostgreSQL image conform's confidence lane uses where no registry is
# reachable: a Debian root file system with postgresql-15 from the host's own apt mirror,
# imported with `docker import` and given an entry point that behaves like the official image.
# Usage: scripts/pg-image/build.sh [TAG]   (default conform-postgres:15; reused when present)
set -euo pipefail
tag=${1:-${CONFORM_PG_IMAGE:-conform-postgres:15}}
here=$(cd "$(dirname "$0")" && pwd)

if docker image inspect "$tag" >/dev/null 2>&1 && [ -z "${CONFORM_PG_REBUILD:-}" ]; then
  echo "pg-image: $tag already present"
  exit 0
fi
# A rebuild replaces the image: the old one is removed at the end instead of left untagged.
old=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)

mirror=$(grep -hoE '^URIs: *[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hoE '^deb +[^ ]+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1 || true)
fi
[ -n "$mirror" ] || { echo "pg-image: no Debian mirror found in the host's apt sources" >&2; exit 2; }
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")

if ! command -v debootstrap >/dev/null; then
  echo "pg-image: installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

root=$(mktemp -d /tmp/conform-pg-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "pg-image: debootstrap $suite from $mirror (about a minute)"
debootstrap --variant=minbase --include=postgresql-15 "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
  || { tail -20 "$root.log" >&2; rm -f "$root.log"; exit 2; }
rm -f "$root.log"
install -m 0755 "$here/entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
rm -rf "$root/var/lib/postgresql/15/main" "$root/etc/postgresql/15/main" \
  "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
echo "pg-image: importing $tag"
tar -C "$root" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  - "$tag" >/dev/null
# A cluster made once at build time (see entrypoint.sh): containers start from a copy of it
# instead of running initdb.
echo "pg-image: baking a cluster into $tag"
baker="conform-pg-bake-$$"
base=$(docker image inspect --format '{{.Id}}' "$tag")
trap 'rm -rf "$root"; docker rm -f "$baker" >/dev/null 2>&1 || true' EXIT
docker run --name "$baker" "$tag" bake >/dev/null
docker commit --change 'CMD ["postgres"]' "$baker" "$tag" >/dev/null
docker rm "$baker" >/dev/null
docker rmi "$base" >/dev/null 2>&1 || true # the unbaked layer, now untagged
[ -z "$old" ] || docker rmi "$old" >/dev/null 2>&1 || true
echo "pg-image: built $tag"
