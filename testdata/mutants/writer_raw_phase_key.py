"""The jobs persist their own step names as the phase key (breaks "a persisted phase key is one of the family's")."""
import mutant

RAW = {"preparing": "eligibility_check", "fetching": "evidence_capture", "processing": "drift_evaluation",
       "persisting": "save_results", "finalizing": "finalize"}


def drive(req, resp, ref):
    for write in resp["writes"]:
        phase = write["context"].get("progress", {}).get("phase")
        if phase:
            phase["key"] = RAW[phase["key"]]


mutant.run(drive=drive)
