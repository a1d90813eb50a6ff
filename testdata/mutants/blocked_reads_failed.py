"""A blocked run's lifecycle label reads "Failed" (breaks a row of the lifecycle table)."""
import mutant


def present(req, resp, ref):
    resp["shell_html"] = resp["shell_html"].replace(">Blocked<", ">Failed<")


mutant.run(present=present)
