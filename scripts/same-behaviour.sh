#!/usr/bin/env bash
# same-behaviour.sh BEFORE [AFTER]: shows that a change of layout changed no behaviour. It builds
# conform at two revisions (AFTER defaults to the working tree), runs the same commands with
# each, and compares what they print, durations and the Go source lines of step definitions
# (which move with the code) aside:
#   conform run --format cucumber --seed 1          (every scenario, in process, sweep included,
#                                                    and the lines it prints)
#   conform run --impl python3 … --format cucumber  (the protocol's calling end, likewise)
#   conform vectors, conform vectors --registry …   (every vector, and generated ones)
#   conform matrix, conform docs, conform resolve   (the other commands' output)
# Exit 0 when every output is the same, 1 with a diff otherwise, 2 on a build error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
before=${1:?usage: scripts/same-behaviour.sh BEFORE-REV [AFTER-REV]}
after=${2:-}
command -v jq >/dev/null || { echo "same-behaviour: needs jq" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
  for d in "$work"/tree-*; do [ -d "$d" ] && git -C "$root" worktree remove --force "$d" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT

# build REV NAME: a binary of REV (empty: the working tree) at $work/NAME.
build() {
  local rev=$1 name=$2 src=$root
  if [ -n "$rev" ]; then
    src=$work/tree-$name
    git -C "$root" worktree add --detach --quiet "$src" "$rev"
  fi
  (cd "$src" && go build -o "$work/$name" ./cmd/conform) || { echo "same-behaviour: cannot build ${rev:-the working tree}" >&2; exit 2; }
}

# outputs BIN DIR: every compared output of BIN into DIR, durations removed.
outputs() {
  local bin=$1 dir=$2 nodur='walk(if type=="object" then del(.duration) | (if has("match") then del(.match.location) else . end) else . end)'
  mkdir -p "$dir"
  (cd "$root" && "$bin" run --format cucumber:"$dir/run.raw" --seed 1 >"$dir/run.log" 2>&1) || true
  (cd "$root" && "$bin" run --impl "python3 examples/adapters/python/adapter.py" --sweep 500 --seed 1 \
    --format cucumber:"$dir/impl.raw" >"$dir/impl.log" 2>&1) || true
  for f in run impl; do jq "$nodur" "$dir/$f.raw" >"$dir/$f.json"; rm "$dir/$f.raw"; done
  (cd "$root" && "$bin" vectors >"$dir/vectors.jsonl")
  (cd "$root" && "$bin" vectors --registry examples/registry/tenantpilot.yaml >"$dir/vectors-app.jsonl")
  (cd "$root" && "$bin" matrix >"$dir/matrix.txt" 2>&1) || true
  (cd "$root" && "$bin" docs >"$dir/docs.md")
  jq -c '.run' "$dir/vectors.jsonl" | grep -v '^null$' | (cd "$root" && "$bin" resolve) >"$dir/resolve.jsonl" 2>&1 || true
}

echo "same-behaviour: building $before and ${after:-the working tree}"
build "$before" before
build "$after" after
outputs "$work/before" "$work/out-before"
outputs "$work/after" "$work/out-after"
if diff -ru "$work/out-before" "$work/out-after"; then
  for f in "$work"/out-after/*; do printf '  same: %-18s %8d bytes\n' "$(basename "$f")" "$(wc -c <"$f")"; done
  echo "same-behaviour: $before and ${after:-the working tree} print the same"
else
  echo "same-behaviour: outputs differ (above)" >&2
  exit 1
fi
