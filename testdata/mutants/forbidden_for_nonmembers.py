"""Non-members get 403 instead of 404, leaking that the run exists (breaks AR-001)."""
import mutant


def present(req, resp, ref):
    if resp["status"] == 404:
        resp["status"] = 403


mutant.run(present=present)
