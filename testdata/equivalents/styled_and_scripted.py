"""A style sheet for colours and spacing, a visible check-mark icon drawn in SVG, and a script that only sets a class: rendered, the hint reads the same."""
import _path  # noqa: F401
import mutant

EXTRA = ('<style>.hint{font-family:sans-serif;color:#1f2937}.hint strong{margin-right:4px}.ok{color:green}</style>'
         '<svg class="ok" width="12" height="12" aria-hidden="true"><path d="M1 6l3 3 7-7" stroke="currentColor" fill="none"></path></svg>'
         '<script>document.currentScript.parentNode.classList.add("ready");</script>')


def present(req, resp, ref):
    if resp.get("status") == 200:
        resp["shell_html"] = mutant.add_to_hint(resp["shell_html"], EXTRA, "start")
    return resp


mutant.run(present=present)
