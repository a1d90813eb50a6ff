"""The hint polls the server every five seconds (wire:poll; breaks NFR-003)."""
import mutant

mutant.run(present=mutant.when_capability(["phased", "composite", "activity", "counted"], lambda h, req: h.replace("<div", "<div wire:poll.5s", 1)))
