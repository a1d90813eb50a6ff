"""A phased hint gets a percentage from CSS generated content, written as a CSS escape (breaks FR-009; only a rendering sees it)."""
import _path  # noqa: F401
import mutant

STYLE = '<style>.hint em::after { content: " \\34 0\\25"; }</style>'
mutant.run(present=mutant.when_capability(["phased"], lambda h, req: mutant.add_to_hint(h, STYLE)))
