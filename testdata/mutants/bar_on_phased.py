"""Phased runs render a progress bar (breaks FR-009 and SC-002)."""
import mutant


def resolve(req, resp, ref):
    if resp["resolution"]["capability"] == "phased":
        resp["resolution"]["bar"] = True


def present(req, resp, ref):
    html = resp["shell_html"]
    if 'data-capability="phased"' in html:
        resp["shell_html"] = html.replace("</section>", '<progress max="100"></progress>\n</section>')


mutant.run(resolve, present)
