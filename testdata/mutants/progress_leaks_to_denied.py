"""A 403 or 404 still carries the run's progress copy (breaks AR-002)."""
import mutant


def present(req, resp, ref):
    if resp["status"] != 200:
        run = req["run"]
        member = {"user_id": 1, "memberships": [{"tenant_id": run["tenant_id"], "capabilities": ["operations.view"]}]}
        resp["shell_html"] = ref.ask("present", run=run, actor=member)["shell_html"]


mutant.run(present=present)
