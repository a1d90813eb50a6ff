"""The tenant shell lists every run the actor may view, of any tenant (breaks "only the current tenant's runs")."""
import mutant


def shell(req, resp, ref):
    if resp["status"] != 200:
        return None
    listed = []
    for run in req["runs"]:
        answer = ref.ask("present", run=run, actor=req["actor"])
        if answer["status"] == 200:
            listed.append({"run_id": run.get("id", 0), "shell_html": answer["shell_html"]})
    resp["runs"] = listed
    return resp


mutant.run(shell=shell)
