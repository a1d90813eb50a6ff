"""An unknown family is marked degraded (breaks "only selected families are ever degraded")."""
import mutant

KNOWN = {"baseline_capture", "baseline_compare", "tenant.review.compose", "tenant.review_pack.generate",
         "evidence.snapshot.generate", "provider.health_check", "support.diagnostics"}


def resolve(req, resp, ref):
    r = resp["resolution"]
    if r["active"] and req["run"].get("type") not in KNOWN:
        r["degraded"] = True


mutant.run(resolve)
