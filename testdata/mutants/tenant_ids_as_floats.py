"""Tenant ids pass through a float (as JSON.parse would): beyond 2^53 they round, in memberships and in links (breaks "64-bit ids")."""
import mutant


def as_float(v):
    return int(float(v)) if isinstance(v, int) and not isinstance(v, bool) else v


def run_fix(run):
    run["tenant_id"] = as_float(run.get("tenant_id"))
    return run


def actor_fix(actor):
    for m in actor.get("memberships", []):
        m["tenant_id"] = as_float(m.get("tenant_id"))
    return actor


resolve, present = mutant.rewritten(run=run_fix, actor=actor_fix)
mutant.run(present=present)
