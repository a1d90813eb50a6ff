"""An anonymous actor gets 403 instead of 404 (breaks AR-001 for actors who are not signed in)."""
import mutant


def present(req, resp, ref):
    if resp["status"] == 404 and not req["actor"]["memberships"] and req["actor"]["user_id"] == 0:
        resp["status"] = 403


mutant.run(present=present)
