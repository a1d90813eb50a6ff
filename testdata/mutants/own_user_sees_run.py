"""The run's own user sees it without being a member of its tenant (breaks AR-001)."""
import mutant


def present(req, resp, ref):
    run, actor = req["run"], req["actor"]
    if resp["status"] == 404 and actor["user_id"] == run.get("user_id") and actor["user_id"] != 0:
        viewer = {"user_id": actor["user_id"], "memberships": [{"tenant_id": run["tenant_id"], "capabilities": ["operations.view"]}]}
        return ref.ask("present", run=run, actor=viewer)


mutant.run(present=present)
