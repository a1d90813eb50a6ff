"""Terminal runs keep showing their last phase or composite copy (breaks FR-011, US1-AS3)."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["lifecycle"] == "completed":
        live = dict(req["run"], status="running", outcome="pending")
        alive = ref.ask("resolve", run=live)["resolution"]
        if alive["capability"] in ("phased", "composite"):
            for k in ("capability", "label", "phase", "composite"):
                r[k] = alive[k]


mutant.run(resolve)
