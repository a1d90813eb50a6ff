"""A phased hint draws a bar with two styled boxes, a track and a fill (breaks FR-009; only a rendering sees it)."""
import _path  # noqa: F401
import mutant

BAR = ('<div class="op-track" style="width:200px;height:6px;background:#e5e7eb">'
       '<div class="op-fill" style="width:80px;height:6px;background:#2563eb"></div></div>')
mutant.run(present=mutant.when_capability(["phased"], lambda h, req: mutant.add_to_hint(h, BAR)))
