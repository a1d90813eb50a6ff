"""Generic phased or composite copy for malformed metadata is not marked degraded."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["capability"] in ("phased", "composite") and r["degraded"]:
        r["degraded"] = False


mutant.run(resolve)
