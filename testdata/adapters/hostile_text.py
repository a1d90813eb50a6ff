"""An implementation whose every word is an attack on whoever prints it: its name and version
clear the screen and set the terminal title, its labels, fragments and errors carry CI workflow
commands (::add-mask::, ::stop-commands::, a forged ::error) at the start of a line, OSC 52
clipboard writes and direction overrides. conform must print all of it as data."""
import json
import sys

EVIL = "\n::add-mask::secret\n::stop-commands::pwned\n::error file=x.go,line=1::forged\n\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[2J\u202eevil"

for line in sys.stdin:
    req = json.loads(line)
    cmd, seq = req.get("cmd"), req.get("seq", 0)
    if cmd == "start":
        print(json.dumps({"version": 3, "implementation": {"name": "evil" + EVIL, "language": "py\x1b]0;title\x07", "version": EVIL}}), flush=True)
    elif cmd == "stop":
        break
    elif cmd == "resolve":
        print(json.dumps({"seq": seq, "resolution": {"run_id": req["run"].get("id", 0), "family": req["run"].get("type", ""), "lifecycle": "running",
                          "active": True, "capability": "activity", "label": "In progress" + EVIL, "phase": None, "composite": None,
                          "percent": None, "bar": False, "degraded": False}}), flush=True)
    elif cmd == "present":
        print(json.dumps({"seq": seq, "status": 200, "shell_html": "<p>" + EVIL + "</p>"}), flush=True)
    else:
        print(json.dumps({"seq": seq, "error": "no" + EVIL}), flush=True)
