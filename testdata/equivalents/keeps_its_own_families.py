"""An application that holds itself to its own families: it refuses, at the start, a registry
whose families are not spec 272's (docs/adapter-protocol.md allows it). The registries the
sweep makes up are then not swept, and conform says so; everything else is as the standard asks."""
import _path  # noqa: F401
import mutant

OWN = sorted(["baseline_capture", "baseline_compare", "tenant.review.compose", "tenant.review_pack.generate",
              "evidence.snapshot.generate", "provider.health_check", "support.diagnostics"])
send = mutant.Reference.send


def own_families_only(self, req):
    if req.get("cmd") == "start" and "registry" in req:
        types = sorted(f["type"] for f in req["registry"]["families"])
        if types != OWN:
            return {"error": "this application keeps its own run families; conform named " + ", ".join(types)}
    return send(self, req)


mutant.Reference.send = own_families_only
mutant.run()
