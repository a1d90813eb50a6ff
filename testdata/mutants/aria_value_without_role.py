"""A phased hint carries an ARIA value on an element without a role (a screen reader bar; breaks FR-009)."""
import mutant

mutant.run(present=mutant.when_capability(["phased"], lambda h, req: mutant.add_to_hint(h, '<div class="op-step" aria-valuenow="40"></div>')))
