"""A numeric string ("12") passes the counted gate (breaks the integer rule of the counted gate)."""
import mutant


def resolve(req, resp, ref):
    run = req["run"]
    counts = run.get("summary_counts")
    if isinstance(counts, dict):
        fixed = {k: int(v) if isinstance(v, str) and v.strip().lstrip("-").isdigit() else v for k, v in counts.items()}
        if fixed != counts:
            return ref.ask("resolve", run=dict(run, summary_counts=fixed))


mutant.run(resolve)
