"""Malformed or missing metadata makes the request fail instead of degrading (breaks FR-010, SC-004)."""
import mutant


def resolve(req, resp, ref):
    if resp["resolution"]["degraded"]:
        return {"seq": resp["seq"], "error": "malformed progress metadata"}


mutant.run(resolve)
