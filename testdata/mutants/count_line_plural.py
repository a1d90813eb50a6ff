"""The composite count line says "1 recent operations" (breaks the count line wording)."""
import mutant


def present(req, resp, ref):
    resp["shell_html"] = resp["shell_html"].replace(">1 recent operation<", ">1 recent operations<") \
        .replace(">1 recent operation,", ">1 recent operations,")


mutant.run(present=present)
