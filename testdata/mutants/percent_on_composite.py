"""Composite child counts become a percentage and a bar (breaks FR-009)."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    c = r["composite"]
    if r["capability"] == "composite" and c and c["children"] > 0:
        r["percent"] = 100 * (c["children"] - c["failed"] - c["partial"]) // c["children"]
        r["bar"] = True


def present(req, resp, ref):
    html = resp["shell_html"]
    if 'data-capability="composite"' in html and "recent operation" in html:
        resp["shell_html"] = html.replace("</section>", '<progress max="100" value="75"></progress>\n</section>')


mutant.run(resolve, present)
