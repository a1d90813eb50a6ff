"""Every piece in other elements: a list, a definition list, headings, wrappers with classes and data attributes."""
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = resp["shell_html"]
        h = h.replace('<div class="hint">', '<article class="rounded border p-2" data-testid="op-hint"><ul class="space-y-1">', 1)
        h = h.replace("<strong>", '<li><h3 class="font-semibold">', 1).replace("</strong> <em>", '</h3> <span class="badge badge-info">', 1)
        h = h.replace("</em>", "</span></li>", 1)
        h = h.replace("<div>", "<li><p>").replace("</div>\n", "</p></li>\n")
        h = h.replace("<nav>", '<li><footer class="links">').replace("</nav>", "</footer></li>")
        h = h.rsplit("</div>", 1)[0] + "</ul></article>"
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
