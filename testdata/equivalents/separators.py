"""Separators between the pieces: a middle dot, a bar, a dash, parentheses."""
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = resp["shell_html"].replace("</strong> <em>", "</strong> · <em>", 1)
        h = h.replace("</a> <a", "</a> | <a", 1)
        h = h.replace("</em>", "</em> —", 1)
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
