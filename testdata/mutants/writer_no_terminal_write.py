"""The job ends without recording its outcome: the run stays running (breaks "the last write ends the run with the scenario's outcome")."""
import mutant


def drive(req, resp, ref):
    resp["writes"] = resp["writes"][:-1]


mutant.run(drive=drive)
