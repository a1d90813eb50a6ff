"""The raw phase key is shown as the label (breaks FR-004, NFR-004)."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["capability"] == "phased" and r["phase"]:
        r["label"] = r["phase"]


def present(req, resp, ref):
    res = ref.ask("resolve", run=req["run"])["resolution"]
    if res["capability"] == "phased" and res["phase"]:
        resp["shell_html"] = resp["shell_html"].replace(res["label"], res["phase"])


mutant.run(resolve, present)
