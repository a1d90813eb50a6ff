"""A member without operations.view gets 404 for the tenant shell (breaks "a member gets 200 and no run")."""
import mutant


def shell(req, resp, ref):
    rows = [m for m in req["actor"].get("memberships", []) if m.get("tenant_id") == req["tenant_id"]]
    if resp["status"] == 200 and not any("operations.view" in m.get("capabilities", []) for m in rows):
        resp["status"], resp["runs"] = 404, []
    return resp


mutant.run(shell=shell)
