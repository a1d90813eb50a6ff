"""A review without operations summary data invents a failed-children summary (breaks EC-4)."""
import mutant

HINT = "Review failed operations before relying on this review"


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["family"] == "tenant.review.compose" and r["active"] and (r["composite"] is None or r["composite"]["children"] == 0):
        r.update(capability="composite", label="Summarizing operations that need attention", degraded=False,
                 composite={"children": 0, "failed": 0, "partial": 0, "hint": HINT})


mutant.run(resolve)
