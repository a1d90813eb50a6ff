"""The counted count line reads "3/12 processed" instead of "3 of 12 processed"."""
import re
import mutant


def present(req, resp, ref):
    resp["shell_html"] = re.sub(r">(\d+) of (\d+) processed<", r">\1/\2 processed<", resp["shell_html"])


mutant.run(present=present)
