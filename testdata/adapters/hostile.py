"""Adapters that attack the harness, one kind per argument: each answers the start handshake
properly and then misbehaves in one way. conform must stay bounded in memory and time and
leave nothing behind."""
import json
import os
import subprocess
import sys
import time

KIND = sys.argv[1]


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


start = sys.stdin.readline()
if os.environ.get("CONFORM_TEST_STARTS"):
    with open(os.environ["CONFORM_TEST_STARTS"], "a") as f:
        f.write("start\n")
say({"version": 3, "implementation": {"name": KIND, "language": "python", "version": "0"}})

if KIND == "no_read":
    # Answers the handshake and then never reads again, nor answers. With CONFORM_TEST_READY
    # set to a file, it writes "ready" there once conform has asked (some question waits
    # unread on stdin) or, with CONFORM_TEST_READY_WHEN=full, once stdin's pipe is full (within
    # a page: a line that does not fit in what is left blocks conform's write): the readiness
    # line a test waits for.
    ready = os.environ.get("CONFORM_TEST_READY")
    if ready:
        import fcntl
        import struct
        import termios
        want = 1
        if os.environ.get("CONFORM_TEST_READY_WHEN") == "full":
            want = fcntl.fcntl(0, 1032) - 4096  # F_GETPIPE_SZ: the pipe's capacity
        while struct.unpack("i", fcntl.ioctl(0, termios.FIONREAD, b"\0\0\0\0"))[0] < want:
            time.sleep(0.01)
        with open(ready, "w") as f:
            f.write("ready\n")
    time.sleep(3600)
elif KIND == "setsid":
    # A grandchild leaves the process group and outlives its parent's kill.
    child = subprocess.Popen([sys.executable, "-c", "import os, time; os.setsid(); time.sleep(3600)"])
    with open(os.environ["CONFORM_TEST_PIDFILE"], "w") as f:
        f.write(str(child.pid))
    time.sleep(3600)

previous = 0
for line in sys.stdin:
    req = json.loads(line)
    if req.get("cmd") == "stop":
        break
    seq = req.get("seq", 0)
    if KIND == "huge_fragment":
        say({"seq": seq, "status": 200, "shell_html": "<p>" + "x" * (15 << 20) + "</p>"})
    elif KIND == "huge_listing":
        say({"seq": seq, "status": 200, "runs": [{"run_id": i, "shell_html": ""} for i in range(400000)]})
    elif KIND == "huge_error":
        say({"seq": seq, "error": "E" * (15 << 20)})
    elif KIND == "out_of_order":
        say({"seq": previous, "error": "an answer to an earlier request"})
        previous = seq
    elif KIND == "reported_errors":
        say({"seq": seq, "error": "this one request failed"})
    elif KIND == "huge_stderr":
        sys.stderr.write("x" * (8 << 20) + "\n")
        sys.stderr.flush()
        say({"seq": seq, "error": "see stderr"})
