"""The hint's operation label gets a click listener from a script: a control besides the two links (breaks AR-003; only a rendering sees it)."""
import _path  # noqa: F401
import mutant

SCRIPT = '<script>document.querySelector("strong").addEventListener("click", function () { location.reload(); });</script>'
mutant.run(present=mutant.when_capability(["phased", "composite", "activity"], lambda h, req: mutant.add_to_hint(h, SCRIPT)))
