"""Inline styles that draw nothing like a bar (colour, weight, padding), and ARIA labels that repeat the copy."""
import _path  # noqa: F401
import mutant


def present(req, resp, ref):
    if resp.get("status") == 200:
        h = resp["shell_html"].replace('<div class="hint">', '<div class="hint" style="padding:8px;border-radius:6px;color:#111" role="status" aria-live="polite">', 1)
        h = h.replace("<strong>", '<strong style="font-weight:600">', 1)
        h = h.replace('">View operation</a>', '" aria-label="View operation" title="View operation">View operation</a>', 1)
        resp["shell_html"] = h
    return resp


mutant.run(present=present)
