"""The hint has an icon bound to a click handler: a control besides the two links (breaks AR-003)."""
import mutant

mutant.run(present=mutant.when_capability(["phased", "composite", "counted", "activity"], lambda h, req: mutant.add_to_hint(h, '<i class="op-refresh" onclick="location.reload()">&#x21bb;</i>', "start")))
