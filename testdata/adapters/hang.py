"""Answers the handshake, then never answers a request."""
import json
import sys
import time

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 3, "implementation": {"name": "hang", "language": "python", "version": "0"}}), flush=True)
        continue
    time.sleep(3600)
