"""A phased hint shows a percentage written with the Arabic percent sign (breaks FR-009)."""
import mutant

mutant.run(present=mutant.when_capability(["phased"], lambda h, req: mutant.add_to_hint(h, '<span>\u0664\u0660\u066a</span>')))
