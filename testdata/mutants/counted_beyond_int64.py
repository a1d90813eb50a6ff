"""Counts beyond 64 bits pass the counted gate (breaks the integer range of the counted gate)."""
import mutant


def resolve(req, resp, ref):
    counts = req["run"].get("summary_counts")
    if isinstance(counts, dict):
        p, t = counts.get("processed"), counts.get("total")
        if all(type(x) is int for x in (p, t)) and max(abs(p), abs(t)) >= 2 ** 63 and 0 <= p <= t and t > 0 \
                and resp["resolution"]["active"] and resp["resolution"]["capability"] == "activity":
            r = resp["resolution"]
            r.update(capability="counted", label="Processing items", percent=100 * p // t, bar=True)


mutant.run(resolve)
