"""Shared plumbing of the mutant adapters: each mutant is the reference contract (conform
serve-reference, or $CONFORM_REFERENCE) with one rule broken. The suite must reject every one."""

import json
import os
import subprocess
import sys

NAME = os.path.splitext(os.path.basename(sys.argv[0]))[0]
REFERENCE = os.environ.get("CONFORM_REFERENCE", "conform serve-reference")


class Reference:
    def __init__(self):
        self.proc = subprocess.Popen(REFERENCE, shell=True, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)
        self.extra = 10 ** 9

    def send(self, req):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        if req.get("cmd") == "stop":
            return None
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("the reference (%r) did not answer; set CONFORM_REFERENCE to a command that "
                     "serves it, e.g. \"conform serve-reference\"" % REFERENCE)
        return json.loads(line)

    def ask(self, cmd, **fields):
        """A side question to the reference, with a seq of its own."""
        self.extra += 1
        req = dict(cmd=cmd, seq=self.extra, **fields)
        return self.send(req)


def gate(run):
    counts = run.get("summary_counts")
    if not isinstance(counts, dict):
        return None
    p, t = counts.get("processed"), counts.get("total")
    if type(p) is not int or type(t) is not int or t <= 0 or p < 0 or p > t:
        return None
    return p, t


def shell_page(req, resp, ref, present):
    """The tenant shell of a mutant that breaks the visibility rule or the fragment: each run of
    the tenant is presented through the mutant, and listed when the mutant answers 200."""
    listed = []
    for run in req["runs"]:
        if run.get("tenant_id") != req["tenant_id"]:
            continue
        one = dict(cmd="present", run=run, actor=req["actor"])
        answer = ref.ask("present", run=run, actor=req["actor"])
        answer = present(one, answer, ref) or answer
        if answer.get("status") == 200:
            listed.append({"run_id": run.get("id", 0), "shell_html": answer["shell_html"]})
    resp["runs"] = listed if resp.get("status") == 200 else []
    return resp


def run(resolve=None, present=None, shell=None):
    ref = Reference()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        resp = ref.send(req)
        if resp is None:
            return
        if req["cmd"] == "start":
            resp["implementation"]["name"] = "mutant " + NAME
        elif req["cmd"] == "resolve" and resolve and "resolution" in resp:
            resp = resolve(req, resp, ref) or resp
        elif req["cmd"] == "present" and present and "status" in resp:
            resp = present(req, resp, ref) or resp
        elif req["cmd"] == "shell" and "status" in resp:
            if shell:
                resp = shell(req, resp, ref) or resp
            elif present:
                resp = shell_page(req, resp, ref, present)
        if "seq" in req:
            resp["seq"] = req["seq"]  # a hook may answer with a side question's reply
        sys.stdout.write(json.dumps(resp, ensure_ascii=False) + "\n")
        sys.stdout.flush()
