"""Tags in upper case, attributes in single quotes, void elements written as XHTML."""
import re
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = re.sub(r"<(/?)(div|strong|em|nav)\b", lambda m: "<" + m.group(1) + m.group(2).upper(), resp["shell_html"])
        h = re.sub(r'href="([^"]*)"', r"href='\1'", h)
        h = h.replace("<NAV>", "<NAV><br/>", 1)
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
