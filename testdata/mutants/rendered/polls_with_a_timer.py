"""The hint reloads itself from a timer a script starts (breaks NFR-003; only a rendering sees it)."""
import _path  # noqa: F401
import mutant

SCRIPT = '<script>window.setInterval(function () { fetch(location.href); }, 5000);</script>'
mutant.run(present=mutant.when_capability(["phased", "composite", "activity", "counted"], lambda h, req: mutant.add_to_hint(h, SCRIPT)))
