"""A run type is read loosely: " Baseline_Capture" counts as baseline_capture (breaks "types are exact keys")."""
import mutant


def resolve(req, resp, ref):
    run = req["run"]
    t = run.get("type", "")
    if t.strip().lower() != t:
        answer = ref.ask("resolve", run=dict(run, type=t.strip().lower()))
        answer["resolution"]["family"] = t
        return answer


mutant.run(resolve)
