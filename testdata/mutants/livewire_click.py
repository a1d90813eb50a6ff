"""The hint binds a Livewire click (wire:click) on a span: a mutating control (breaks AR-003)."""
import mutant

mutant.run(present=mutant.when_capability(["phased", "composite"], lambda h, req: mutant.add_to_hint(h, '<span wire:click="retry">Retry</span>')))
