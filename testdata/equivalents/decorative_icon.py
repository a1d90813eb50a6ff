"""A decorative icon hidden from the page and from screen readers, and a comment with no copy."""
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        resp["shell_html"] = mutant.add_to_hint(resp["shell_html"], '<!-- hint --><svg hidden aria-hidden="true" width="12" height="12"><circle cx="6" cy="6" r="5"></circle></svg>', "start")
    return resp


mutant.run(present=present)
