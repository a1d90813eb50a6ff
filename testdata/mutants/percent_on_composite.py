"""Composite child counts become a percentage and a bar (breaks FR-009)."""
import mutant


def resolve(req, resp, ref):
    r = resp["resolution"]
    c = r["composite"]
    if r["capability"] == "composite" and c and c["children"] > 0:
        r["percent"] = 100 * (c["children"] - c["failed"] - c["partial"]) // c["children"]
        r["bar"] = True


def present(req, resp, ref):
    r = ref.ask("resolve", run=req["run"])["resolution"]
    if resp["status"] == 200 and r["capability"] == "composite" and r["composite"] and r["composite"]["children"] > 0:
        resp["shell_html"] = mutant.before_end(resp["shell_html"], '<progress max="100" value="75"></progress>')


mutant.run(resolve, present)
