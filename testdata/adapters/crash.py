"""Answers the handshake, then dies on the first request."""
import json
import sys

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "start":
        print(json.dumps({"version": 3, "implementation": {"name": "crash", "language": "python", "version": "0"}}), flush=True)
        continue
    sys.stderr.write("Traceback: pretend something broke\n")
    sys.exit(3)
