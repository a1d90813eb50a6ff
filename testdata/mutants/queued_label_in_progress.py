"""A queued run's activity label reads "In progress" instead of "Waiting to start"."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["label"] == "Waiting to start":
        r["label"] = "In progress"


mutant.run(resolve)
