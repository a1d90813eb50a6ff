"""A composite hint shows a percentage with a fullwidth percent sign (breaks FR-009)."""
import mutant

mutant.run(present=mutant.when_capability(["composite"], lambda h, req: mutant.add_to_hint(h, '<span>\uff18\uff10\uff05</span>')))
