"""The "View operation" link wraps run ids above 2^31-1 as a 32-bit integer (breaks the canonical link)."""
import re
import mutant


def wrap(n):
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n >= (1 << 31) else n


def present(req, resp, ref):
    resp["shell_html"] = re.sub(r'href="/admin/operations/(\d+)"',
                                lambda m: 'href="/admin/operations/%d"' % wrap(int(m.group(1))), resp["shell_html"])


mutant.run(present=present)
