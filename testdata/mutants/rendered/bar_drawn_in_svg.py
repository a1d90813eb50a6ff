"""A composite hint draws its children as an SVG bar (breaks FR-009; only a rendering sees it)."""
import _path  # noqa: F401
import mutant

BAR = ('<svg width="160" height="8" aria-hidden="true"><rect width="160" height="8" fill="#eee"></rect>'
       '<rect width="120" height="8" fill="#16a34a"></rect></svg>')
mutant.run(present=mutant.when_capability(["composite"], lambda h, req: mutant.add_to_hint(h, BAR)))
