#!/usr/bin/env bash
# Reproduces the audit benchmark of docs/benchmarks.md: seeds N runs (default 1,000,000) into a
# scratch database on the server at DSN, then times `psql \copy` of the table and
# `conform audit` over it (--parallel 1, 2 and 4: connections reading id ranges on one
# snapshot) three times each, with peak RSS, and drops the scratch database.
# Usage: scripts/bench-audit.sh DSN [N]
set -euo pipefail
dsn=${1:?usage: scripts/bench-audit.sh DSN [RUNS]}
runs=${2:-1000000}
cd "$(dirname "$0")/.."
go build -o /tmp/conform-bench-bin ./cmd/conform
target=$(/tmp/conform-bench-bin seed --dsn "$dsn" --runs "$runs" --seed 7 --bad 0.1)
name=${target##*/}; name=${name%%\?*}
trap '/tmp/conform-bench-bin seed --dsn "$dsn" --drop "$name"; rm -f /tmp/conform-bench-bin' EXIT
for i in 1 2 3; do
  /usr/bin/time -f "psql copy: %e s wall, %M KB peak RSS" psql "$target" -q -c "\\copy (select * from operation_runs) to /dev/null"
  for p in 1 2 4; do
    /usr/bin/time -f "conform audit --parallel $p: %e s wall, %M KB peak RSS" /tmp/conform-bench-bin audit --dsn "$target" --parallel "$p" --format json >/dev/null || true
  done
done
