"""A new summary_counts key (completed) is accepted as a counted source (breaks FR-012)."""
import mutant


def resolve(req, resp, ref):
    r, run = resp["resolution"], req["run"]
    counts = run.get("summary_counts")
    if r["capability"] == "activity" and isinstance(counts, dict) and "processed" not in counts:
        alt = dict(run, summary_counts=dict(counts, processed=counts.get("completed")))
        other = ref.ask("resolve", run=alt)["resolution"]
        if other["capability"] == "counted":
            resp["resolution"] = other


mutant.run(resolve)
