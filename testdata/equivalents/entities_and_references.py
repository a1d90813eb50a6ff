"""Text written with character references: numeric, hexadecimal and named, for letters and spaces."""
import html
import _path  # noqa: F401
import mutant


def encode(text):
    out = []
    for i, c in enumerate(html.unescape(text)):
        if c.isalpha() and i % 3 == 0:
            out.append("&#%d;" % ord(c) if i % 2 == 0 else "&#x%x;" % ord(c))
        elif c == " " and i % 2 == 0:
            out.append("&nbsp;")
        else:
            out.append(html.escape(c, quote=False))
    return "".join(out)


def present(req, resp, ref):
    if resp.get("status") == 200:
        import re
        resp["shell_html"] = re.sub(r">([^<>]+)<", lambda m: ">" + encode(m.group(1)) + "<", resp["shell_html"])
    return resp


mutant.run(present=present)
