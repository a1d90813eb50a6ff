"""A resolution without a phase says "" instead of null (breaks "phase is null, never empty")."""
import mutant


def resolve(req, resp, ref):
    if resp["resolution"]["phase"] is None:
        resp["resolution"]["phase"] = ""


mutant.run(resolve)
