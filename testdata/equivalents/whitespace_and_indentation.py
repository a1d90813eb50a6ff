"""Markup indented over many lines, with tabs and runs of spaces inside and between elements."""
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = resp["shell_html"].replace(">", ">\n\t\t  ").replace("<", "\n    <")
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
