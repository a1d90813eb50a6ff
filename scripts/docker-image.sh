#!/usr/bin/env bash
# Builds the conform image (Dockerfile: FROM scratch, the static binary and an empty /tmp)
# from a binary built first, so no registry is needed, and checks that it runs.
#   scripts/docker-image.sh [TAG]     (default conform:dev): build and keep TAG
#   scripts/docker-image.sh --check   build, check and remove (what `make test` runs)
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-conform:dev}
check=
if [ "$tag" = --check ]; then check=1; tag="conform:check-$$"; fi
if ! docker info >/dev/null 2>&1; then
  if [ -n "${CONFORM_REQUIRE_POSTGRES:-}" ]; then echo "docker-image: Docker is required but not reachable" >&2; exit 1; fi
  echo "docker-image: skipped, Docker is not reachable"; exit 0
fi
ctx=$(mktemp -d)
cleanup() {
  rm -rf "$ctx"
  if [ -n "$check" ]; then docker rmi -f "$tag" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
# The image says its version: the tag or revision the binary is built from.
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
CGO_ENABLED=0 go build -buildvcs=auto -trimpath -ldflags "-s -w -X main.version=$version" -o "$ctx/conform" ./cmd/conform
mkdir "$ctx/tmp" && chmod 1777 "$ctx/tmp"
cp Dockerfile "$ctx/"
# The legacy builder's deprecation notice is noise here; a failed build shows everything.
if ! docker build -q -t "$tag" "$ctx" >"$ctx/build.log" 2>&1; then cat "$ctx/build.log" >&2; exit 1; fi
docker run --rm "$tag" --version
# It runs as an unprivileged user, and can write its temporary files.
[ "$(docker inspect -f '{{.Config.User}}' "$tag")" = "65532:65532" ] || { echo "docker-image: the image runs as root" >&2; exit 1; }
docker run --rm "$tag" run --lane fast --sweep 100 | tail -1
if [ -n "$check" ]; then echo "docker-image: built, ran and removed $tag"; else echo "docker-image: built $tag"; fi
