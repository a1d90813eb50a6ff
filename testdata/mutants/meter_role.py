"""A composite hint shows its children as a meter (role="meter"; breaks FR-009)."""
import mutant

mutant.run(present=mutant.when_capability(["composite"], lambda h, req: mutant.add_to_hint(h, '<span role="meter" aria-valuenow="2" aria-valuemin="0" aria-valuemax="12"></span>')))
