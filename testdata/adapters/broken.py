"""Answers the handshake, then answers every request with one kind of broken line, named by
its argument: not_json, wrong_seq or schema_violation."""
import json
import sys

KIND = sys.argv[1]

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 3, "implementation": {"name": KIND, "language": "python", "version": "0"}}), flush=True)
    elif KIND == "not_json":
        print("this is not JSON", flush=True)
    elif KIND == "wrong_seq":
        print(json.dumps({"seq": req["seq"] + 7, "error": "x"}), flush=True)
    else:
        print(json.dumps({"seq": req["seq"], "resolution": {"capability": "maybe"}}), flush=True)
