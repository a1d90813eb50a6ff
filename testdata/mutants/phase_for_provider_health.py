"""Provider health gains phase copy from its context (breaks FR-012, EC-5)."""
import mutant


def resolve(req, resp, ref):
    run = req["run"]
    if run["type"] == "provider.health_check" and resp["resolution"]["active"]:
        as_capture = ref.ask("resolve", run=dict(run, type="baseline_capture"))["resolution"]
        if as_capture["capability"] == "phased":
            as_capture["family"] = run["type"]
            resp["resolution"] = as_capture


mutant.run(resolve)
