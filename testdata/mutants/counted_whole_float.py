"""A whole float (12.0, 1e2) passes the counted gate as an integer (breaks the integer-literal rule)."""
import mutant


def loose(v):
    return isinstance(v, float) and v == int(v) and not isinstance(v, bool)


def resolve(req, resp, ref):
    run = req["run"]
    counts = run.get("summary_counts")
    if isinstance(counts, dict) and any(loose(counts.get(k)) for k in ("processed", "total")):
        fixed = dict(counts, **{k: int(v) for k, v in counts.items() if k in ("processed", "total") and loose(v)})
        return ref.ask("resolve", run=dict(run, summary_counts=fixed))


mutant.run(resolve)
