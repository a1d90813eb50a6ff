"""The pieces in another order: the links first, the progress label before the operation label."""
import re
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = resp["shell_html"]
        nav = re.search(r"<nav>.*?</nav>", h, re.S)
        title = re.search(r"<strong>.*?</em>", h, re.S)
        if nav and title:
            h = h.replace(nav.group(0), "").replace(title.group(0), nav.group(0))
            h = h.replace("</div>", "</div><p>" + title.group(0) + "</p>", 1) if "<div>" in h else h + "<p>" + title.group(0) + "</p>"
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
