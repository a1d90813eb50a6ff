"""Shared plumbing of the mutant adapters: each mutant is a correct implementation of the
contract (the Python example of examples/adapters/python, itself held to every scenario,
vector and the sweep by the adapter tests) with one rule broken. The suite must reject every
one. The correct answers come in process, so a mutant is one program, not two."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "adapters", "python"))
import adapter as correct  # noqa: E402

NAME = os.path.splitext(os.path.basename(sys.argv[0]))[0]


class Reference:
    """The correct answers, as protocol responses."""

    def __init__(self):
        self.extra = 10 ** 9

    def send(self, req):
        cmd, seq = req.get("cmd"), req.get("seq", 0)
        if cmd == "start":
            if "registry" in req:
                correct.use_registry(req["registry"])
            return {"version": 3, "implementation": {"name": "correct", "language": "python", "version": "0"}}
        if cmd == "stop":
            return None
        if cmd == "resolve":
            return {"seq": seq, "resolution": correct.resolve(req["run"])}
        if cmd == "present":
            status, fragment = correct.present(req["run"], req["actor"])
            return {"seq": seq, "status": status, "shell_html": fragment}
        if cmd == "shell":
            status, listed = correct.tenant_shell(req["actor"], req["tenant_id"], req["runs"])
            return {"seq": seq, "status": status, "runs": listed}
        if cmd == "drive":
            return {"seq": seq, "writes": correct.drive(req["scenario"], req["tenant_id"], req["user_id"])}
        return {"seq": seq or 0, "error": "unknown cmd %r" % cmd}

    def ask(self, cmd, **fields):
        """A side question to the reference, with a seq of its own."""
        self.extra += 1
        req = dict(cmd=cmd, seq=self.extra, **fields)
        return self.send(req)




def before_end(html, snippet):
    """Inserts snippet before the fragment's last closing tag."""
    at = html.rfind("</")
    return html[:at] + snippet + html[at:] if at >= 0 else html + snippet


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


def run(resolve=None, present=None, shell=None, drive=None):
    ref = Reference()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        resp = ref.send(req)
        if resp is None:
            return
        if req["cmd"] == "start" and "implementation" in resp:
            resp["implementation"]["name"] = "mutant " + NAME
        elif req["cmd"] == "resolve" and resolve and "resolution" in resp:
            resp = resolve(req, resp, ref) or resp
        elif req["cmd"] == "present" and present and "status" in resp:
            resp = present(req, resp, ref) or resp
        elif req["cmd"] == "drive" and drive and "writes" in resp:
            resp = drive(req, resp, ref) or resp
        elif req["cmd"] == "shell" and "status" in resp:
            if shell:
                resp = shell(req, resp, ref) or resp
            elif present:
                resp = shell_page(req, resp, ref, present)
        if "seq" in req:
            resp["seq"] = req["seq"]  # a hook may answer with a side question's reply
        sys.stdout.write(json.dumps(resp, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def rewritten(run=None, actor=None):
    """Hooks that answer every request as the reference answers it for the run (and actor) as
    the mutant misreads them: run(run) and actor(actor) return the misread copies."""
    run = run or (lambda r: r)
    actor = actor or (lambda a: a)

    def resolve(req, resp, ref):
        return ref.ask("resolve", run=run(json.loads(json.dumps(req["run"]))))

    def present(req, resp, ref):
        return ref.ask("present", run=run(json.loads(json.dumps(req["run"]))), actor=actor(json.loads(json.dumps(req["actor"]))))

    return resolve, present


def add_to_hint(html, snippet, where="end"):
    """The fragment with snippet put inside its root element, at its end or its start."""
    if where == "start":
        at = html.find(">")
        return html[:at + 1] + snippet + html[at + 1:] if at >= 0 else snippet + html
    return before_end(html, snippet)


def when_capability(caps, edit):
    """A present hook that edits the fragment of 200 answers whose capability is one of caps."""
    def present(req, resp, ref):
        if resp.get("status") == 200 and ref.ask("resolve", run=req["run"])["resolution"]["capability"] in caps:
            resp["shell_html"] = edit(resp["shell_html"], req)
        return resp
    return present
