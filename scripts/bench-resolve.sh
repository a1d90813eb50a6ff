#!/usr/bin/env bash
# Compares `conform resolve` with `jq -c .` on the same JSON Lines file of mixed runs, and
# reports both throughputs, their ratio and conform's peak RSS. Usage:
#   scripts/bench-resolve.sh [RUNS ...]        (default: 1000000 3000000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "bench-resolve: needs jq (apt-get install jq)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-resolve: needs GNU time (apt-get install time)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/conform" ./cmd/conform
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 3000000)
for n in "${sizes[@]}"; do
  python3 - "$n" > "$dir/runs.jsonl" <<'PY'
import json, random, sys
random.seed(42)
fams = ["baseline_capture", "baseline_compare", "tenant.review.compose", "tenant.review_pack.generate",
        "evidence.snapshot.generate", "provider.health_check", "support.diagnostics", "unregistered.sync"]
keys = ["preparing", "fetching", "processing", "persisting", "finalizing", "uploading"]
out = sys.stdout
for i in range(int(sys.argv[1])):
    f = random.choice(fams)
    st, oc = random.choice([("running", "pending"), ("queued", ""), ("completed", "succeeded"), ("running", "failed")])
    ctx = {}
    r = random.random()
    if r < 0.4:
        ctx = {"progress": {"phase": {"key": random.choice(keys), "label": "x", "entered_at": "2026-05-05T10:00:00Z"}}}
    elif r < 0.6:
        ctx = {"progress": {"composite": {"children": 12, "failed": random.randint(0, 3), "partial": 1, "source": "evidence_snapshot"}}}
    counts = {"processed": random.randint(0, 12), "total": 12} if random.random() < 0.5 else {}
    out.write(json.dumps({"id": i + 1, "tenant_id": 7, "user_id": 3, "type": f, "status": st, "outcome": oc,
                          "summary_counts": counts, "context": ctx, "created_at": "2026-05-05T09:59:00Z"}, separators=(",", ":")))
    out.write("\n")
PY
  bytes=$(stat -c %s "$dir/runs.jsonl")
  t0=$(date +%s.%N); jq -c . "$dir/runs.jsonl" > /dev/null; t1=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/rss" "$dir/conform" resolve "$dir/runs.jsonl" > /dev/null
  t2=$(date +%s.%N)
  python3 - "$n" "$bytes" "$t0" "$t1" "$t2" "$(cat "$dir/rss")" <<'PY'
import sys
n, size, t0, t1, t2, rss = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:6]), int(sys.argv[6])
jq, conform = t1 - t0, t2 - t1
print(f"{n} runs ({size/1e6:.0f} MB): jq -c . {jq:.2f} s ({n/jq/1e3:.0f}k runs/s), conform resolve {conform:.2f} s "
      f"({n/conform/1e3:.0f}k runs/s): {jq/conform:.2f}x jq; conform peak RSS {rss/1024:.1f} MiB")
PY
done
