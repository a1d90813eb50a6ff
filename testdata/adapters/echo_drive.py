"""Answers start saying where its writers run (argv[1]: memory, database, or nothing), and
each drive with one write whose type tells what the request carried: the dsn, or "no dsn"."""
import json
import sys

WRITES = sys.argv[1] if len(sys.argv) > 1 else ""

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        start = {"version": 3, "implementation": {"name": "echo", "language": "python", "version": "0"}}
        if WRITES:
            start["writes"] = WRITES
        print(json.dumps(start), flush=True)
    elif req["cmd"] == "drive":
        row = {"id": 1, "tenant_id": req["tenant_id"], "user_id": req["user_id"], "type": req.get("dsn", "no dsn"),
               "status": "queued", "outcome": "pending", "summary_counts": [], "context": {}}
        print(json.dumps({"seq": req["seq"], "writes": [row]}), flush=True)
    elif req["cmd"] == "stop":
        break
