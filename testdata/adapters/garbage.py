"""Answers the handshake, then prints garbage, wrong seqs and schema violations in turn."""
import json
import sys

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 1, "implementation": {"name": "garbage", "language": "python", "version": "0"}}), flush=True)
        continue
    n = req["seq"]  # the harness restarts this process after each failure; seq keeps counting
    if n % 3 == 0:
        print("this is not JSON", flush=True)
    elif n % 3 == 1:
        print(json.dumps({"seq": req["seq"] + 7, "error": "x"}), flush=True)
    else:
        print(json.dumps({"seq": req["seq"], "resolution": {"capability": "maybe"}}), flush=True)
