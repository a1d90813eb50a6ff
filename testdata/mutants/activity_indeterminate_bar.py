"""Activity runs show an indeterminate <progress> spinner (breaks "a bar only for counted runs")."""
import mutant


def present(req, resp, ref):
    if resp["status"] == 200 and ">In progress<" in resp["shell_html"]:
        resp["shell_html"] = mutant.before_end(resp["shell_html"], "<progress></progress>")


mutant.run(present=present)
