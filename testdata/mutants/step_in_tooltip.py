"""A phased hint tells its step in a tooltip, "Step 3 of 5" (quantified progress; breaks FR-005, FR-009)."""
import mutant

mutant.run(present=mutant.when_capability(["phased"], lambda h, req: h.replace("<section", '<section title="Step 3 of 5"', 1).replace('<div class="hint"', '<div class="hint" title="Step 3 of 5"', 1)))
