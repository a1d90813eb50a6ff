"""A phase key is read loosely: " Fetching " counts as fetching (breaks "keys are exact")."""
import mutant


def resolve(req, resp, ref):
    run = req["run"]
    ctx = run.get("context")
    try:
        key = ctx["progress"]["phase"]["key"]
    except (TypeError, KeyError, IndexError):
        return None
    if isinstance(key, str) and key.strip().lower() != key:
        phase = dict(ctx["progress"]["phase"], key=key.strip().lower())
        progress = dict(ctx["progress"], phase=phase)
        return ref.ask("resolve", run=dict(run, context=dict(ctx, progress=progress)))


mutant.run(resolve)
