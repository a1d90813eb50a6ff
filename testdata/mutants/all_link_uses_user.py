"""The "Show all operations" link filters by the run's user instead of its tenant."""
import mutant


def present(req, resp, ref):
    run = req["run"]
    resp["shell_html"] = resp["shell_html"].replace(
        "tenant_id=%d\"" % run["tenant_id"], "tenant_id=%d\"" % run.get("user_id", 0))


mutant.run(present=present)
