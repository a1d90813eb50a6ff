"""The implementation reads the registry it is started with but keeps the built-in claim of a built-in type (half-reads the registry)."""
import mutant

BUILTIN = dict(mutant.correct.FAMILIES)
original = mutant.correct.use_registry


def use_registry(registry):
    original(registry)
    for t, (label, claim, scope) in list(mutant.correct.FAMILIES.items()):
        if t in BUILTIN:
            mutant.correct.FAMILIES[t] = (label, BUILTIN[t][1], scope)


mutant.correct.use_registry = use_registry
mutant.run()
