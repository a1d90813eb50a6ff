"""Status and outcome are compared exactly: "Running" is not running (breaks the tolerant normalizer)."""
import mutant

KNOWN = {"queued", "running", "completed"}
OUTCOMES = {"", "pending", "succeeded", "partially_succeeded", "blocked", "failed", "cancelled"}


def resolve(req, resp, ref):
    run = req["run"]
    if run.get("status") not in KNOWN or run.get("outcome", "") not in OUTCOMES:
        r = resp["resolution"]
        if r["lifecycle"] != "unknown":
            r.update(lifecycle="unknown", active=False, capability="none", label="", phase=None,
                     composite=None, percent=None, bar=False, degraded=False)


mutant.run(resolve)
