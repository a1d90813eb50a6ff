"""The counted percentage is rounded up instead of floored (breaks the counted gate)."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    counts = mutant.gate(req["run"])
    if r["capability"] == "counted" and counts:
        p, t = counts
        r["percent"] = -(-100 * p // t)


mutant.run(resolve)
