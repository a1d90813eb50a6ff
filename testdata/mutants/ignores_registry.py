"""The implementation keeps its own families whatever registry it is started with (breaks "held to the registry in force")."""
import mutant

mutant.correct.use_registry = lambda registry: None
mutant.run()
