"""Truthful counts win over phase truth (breaks the precedence of FR-011)."""
import mutant


def resolve(req, resp, ref):
    r, run = resp["resolution"], req["run"]
    counts = mutant.gate(run)
    if r["active"] and run["type"] in ("baseline_capture", "baseline_compare") and counts:
        p, t = counts
        r.update(capability="counted", label="Processing items", phase=None, percent=100 * p // t, bar=True, degraded=False)


mutant.run(resolve)
