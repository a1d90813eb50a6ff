"""Phased runs render a progress bar (breaks FR-009 and SC-002)."""
import mutant


def resolve(req, resp, ref):
    if resp["resolution"]["capability"] == "phased":
        resp["resolution"]["bar"] = True


def present(req, resp, ref):
    if resp["status"] == 200 and ref.ask("resolve", run=req["run"])["resolution"]["capability"] == "phased":
        resp["shell_html"] = mutant.before_end(resp["shell_html"], '<progress max="100"></progress>')


mutant.run(resolve, present)
