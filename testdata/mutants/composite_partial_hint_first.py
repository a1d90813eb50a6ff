"""With failed and partly finished children, the hint speaks of the partial ones (breaks "failed first")."""
import mutant


def resolve(req, resp, ref):
    c = resp["resolution"]["composite"]
    if c and c["failed"] > 0 and c["partial"] > 0:
        c["hint"] = "Check partly finished operations before using this review"


mutant.run(resolve)
