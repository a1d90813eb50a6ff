"""Answers the handshake, then answers every request with a broken line (wrong_seq)."""
import json
import sys

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 1, "implementation": {"name": "wrong_seq", "language": "python", "version": "0"}}), flush=True)
        continue
    kind = "wrong_seq"
    if kind == "not_json":
        print("this is not JSON", flush=True)
    elif kind == "wrong_seq":
        print(json.dumps({"seq": req["seq"] + 7, "error": "x"}), flush=True)
    else:
        print(json.dumps({"seq": req["seq"], "resolution": {"capability": "maybe"}}), flush=True)
