"""Answers the handshake, then hangs on every third request."""
import json
import sys
import time

n = 0
for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 1, "implementation": {"name": "hang", "language": "python", "version": "0"}}), flush=True)
        continue
    n += 1
    if n % 3 == 0:
        time.sleep(3600)
    print(json.dumps({"seq": req.get("seq"), "error": "not implemented"}), flush=True)
