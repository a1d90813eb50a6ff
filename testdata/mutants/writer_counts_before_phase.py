"""Baseline jobs write item counts from the moment they are queued, before any phase
(breaks "a non-counted family never writes counts that pass the gate while its metadata is missing")."""
import mutant


def drive(req, resp, ref):
    if req["scenario"]["family"] != "tenant.review.compose":
        for write in resp["writes"]:
            write["summary_counts"] = {"processed": 0, "total": 25}


mutant.run(drive=drive)
