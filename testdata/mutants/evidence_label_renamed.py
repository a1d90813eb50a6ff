"""Evidence snapshot runs show the operation label "Evidence snapshot generation" (breaks the registry's label)."""
import mutant


def present(req, resp, ref):
    if req["run"].get("type") == "evidence.snapshot.generate":
        resp["shell_html"] = resp["shell_html"].replace(">Evidence snapshot<", ">Evidence snapshot generation<")


mutant.run(present=present)
