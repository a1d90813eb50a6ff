"""The two links in the other order: "in any order", says the standard."""
import re
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        m = re.search(r'(<a href="/admin/operations/[^"]*">View operation</a>) (<a href="[^"]*">Show all operations</a>)', resp["shell_html"])
        if m:
            resp["shell_html"] = resp["shell_html"].replace(m.group(0), m.group(2) + " " + m.group(1))
    return resp


mutant.run(present=present)
