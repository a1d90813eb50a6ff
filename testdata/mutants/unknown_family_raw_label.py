"""An unknown family shows its raw type as the operation label instead of "Operation"."""
import html
import mutant


def present(req, resp, ref):
    t = req["run"].get("type", "")
    if ">Operation<" in resp["shell_html"] and t.strip():
        resp["shell_html"] = resp["shell_html"].replace(">Operation<", ">" + html.escape(t) + "<", 1)


mutant.run(present=present)
