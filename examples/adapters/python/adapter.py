#!/usr/bin/env python3
"""An independent implementation of the OperationRun progress contract (spec 272), written from
docs/standards.md alone, speaking conform's adapter protocol (docs/adapter-protocol.md).

Run it under the harness:

    conform run --impl "python3 examples/adapters/python/adapter.py"

It reads one JSON request per line on stdin and writes one JSON response per line on stdout.
Standard library only; Python 3.8 or newer.
"""

import html
import json
import sys

# --- The registry: which family may claim what (docs/standards.md, "Which families may claim what")

FAMILIES = {
    "baseline_capture": ("Baseline capture", "phased", "selected"),
    "baseline_compare": ("Baseline compare", "phased", "selected"),
    "tenant.review.compose": ("Tenant review", "composite", "selected"),
    "tenant.review_pack.generate": ("Review pack generation", "counted", "counted rollout"),
    "evidence.snapshot.generate": ("Evidence snapshot", "counted", "counted rollout"),
    "provider.health_check": ("Provider health check", "activity", "deferred"),
    "support.diagnostics": ("Support diagnostics", "activity", "deferred"),
}
# A family the registry does not name: counted when its gate passes, activity otherwise.
UNKNOWN_FAMILY = ("Operation", "counted", "unknown")

# --- The phase vocabulary (docs/standards.md, "The phase vocabulary")

VOCABULARY = {
    "baseline_capture": {
        "preparing": "Checking capture eligibility",
        "fetching": "Capturing evidence",
        "processing": "Building the baseline snapshot",
        "persisting": "Saving the baseline snapshot",
        "finalizing": "Finishing baseline capture",
    },
    "baseline_compare": {
        "preparing": "Checking compare coverage",
        "fetching": "Capturing evidence",
        "processing": "Comparing with the baseline",
        "persisting": "Saving compare results",
        "finalizing": "Finishing baseline compare",
    },
}

# --- Copy (docs/standards.md, "Degradation" and "Composite summaries")

# The application's generic copy and readings: spec 272's, or the registry's (use_registry).
SETTINGS = {
    "generic_phased": "Phase progress pending.",
    "generic_composite": "Composite progress pending.",
    "partial_composite": "malformed",     # or "minimal"
    "missing_with_counts": "activity",    # or "counted"
    "deferred_counts": "activity",        # or "counted"
}
ACTIVITY_RUNNING = "In progress"
ACTIVITY_QUEUED = "Waiting to start"
COUNTED = "Processing items"
COMPOSITE_OK = "Summarizing recent operations"
COMPOSITE_ATTENTION = "Summarizing operations that need attention"
COMPOSITE_EMPTY = "No recent operations to summarize"
HINT_FAILED = "Review failed operations before relying on this review"
HINT_PARTIAL = "Check partly finished operations before using this review"

OUTCOMES = ["pending", "succeeded", "partially_succeeded", "blocked", "failed", "cancelled"]
TERMINAL = {"succeeded", "partially_succeeded", "blocked", "failed", "cancelled"}
OUTCOME_LABELS = {
    "partially_succeeded": "Partially succeeded",
    "blocked": "Blocked",
    "failed": "Failed",
    "cancelled": "Cancelled",
}

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
VIEW_CAPABILITY = "operations.view"


# --- Lifecycle (docs/standards.md, "Precedence": tolerant of ASCII case and of the surrounding
# space PHP's trim() removes, nothing more)

PHP_SPACE = " \t\n\r\x00\x0b"


def normalize(raw):
    """PHP's strtolower(trim($raw)): ASCII case only, PHP's space only."""
    if not isinstance(raw, str):
        return ""
    text = raw.strip(PHP_SPACE)
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def outcome_of(raw):
    text = normalize(raw or "")
    if text == "":
        return "pending"
    return text if text in OUTCOMES else "unknown"


def lifecycle_of(status, outcome):
    o = outcome_of(outcome)
    s = normalize(status)
    if o == "unknown":
        return "unknown"
    if o in TERMINAL or s == "completed":
        return "completed"
    if s in ("queued", "running"):
        return s
    return "unknown"


# --- Reading JSON values the way PHP reads them: {} and [] are the same empty array, and an
# empty array, like null, is missing; a non-empty list is an array with numbered keys, so it
# has no member the contract reads.

MISSING, MALFORMED = object(), object()


def as_object(value):
    """Returns a dict, MISSING (null, {} or []) or MALFORMED (anything else)."""
    if value is None or value == [] or value == {}:
        return MISSING
    if isinstance(value, dict):
        return value
    return MALFORMED


def integer(value):
    """A JSON integer literal within 64 bits; json.loads gives int only for integer literals."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    if value < INT64_MIN or value > INT64_MAX:
        return None
    return value


def member(context, name):
    """context.progress[name]: MISSING when nothing is there, MALFORMED when progress is not an object."""
    ctx = as_object(context)
    if not isinstance(ctx, dict):
        return MISSING  # a context that is not an object carries no metadata at all
    raw = ctx.get("progress")
    progress = as_object(raw)
    if progress is MISSING:
        return MISSING
    if isinstance(raw, list):
        return MISSING  # numbered members only: no phase, no composite
    if progress is MALFORMED:
        return MALFORMED
    value = progress.get(name)
    if value is None or value == [] or value == {}:
        return MISSING
    return value


def counted_gate(counts):
    if not isinstance(counts, dict):
        return None
    processed, total = integer(counts.get("processed")), integer(counts.get("total"))
    if processed is None or total is None or total <= 0 or processed < 0 or processed > total:
        return None
    return processed, total


def resolve(run):
    family = run.get("type", "")
    lifecycle = lifecycle_of(run.get("status"), run.get("outcome"))
    res = {
        "run_id": run.get("id", 0), "family": family, "lifecycle": lifecycle,
        "active": lifecycle in ("queued", "running"), "capability": "none", "label": "",
        "phase": None, "composite": None, "percent": None, "bar": False, "degraded": False,
    }
    if not res["active"]:
        return res

    def activity(degraded=False):
        res.update(capability="activity", degraded=degraded,
                   label=ACTIVITY_QUEUED if lifecycle == "queued" else ACTIVITY_RUNNING)
        return res

    def counted():
        gate = counted_gate(run.get("summary_counts"))
        if not gate:
            return None
        processed, total = gate
        res.update(capability="counted", label=COUNTED, percent=(100 * processed) // total, bar=True, degraded=False)
        return res

    def missing():
        if SETTINGS["missing_with_counts"] == "counted" and counted():
            return res
        return activity(degraded=True)

    _, claim, scope = FAMILIES.get(family, UNKNOWN_FAMILY)
    if claim == "phased":
        phase = member(run.get("context"), "phase")
        if phase is MISSING:
            return missing()
        key = phase.get("key") if isinstance(phase, dict) else None
        if isinstance(key, str) and key in VOCABULARY[family]:
            res.update(capability="phased", label=VOCABULARY[family][key], phase=key)
            return res
        res.update(capability="phased", label=SETTINGS["generic_phased"], degraded=True)
        return res
    if claim == "composite":
        composite = member(run.get("context"), "composite")
        if composite is MISSING:
            return missing()
        summary = read_summary(composite, SETTINGS["partial_composite"] == "minimal")
        if summary is None:
            res.update(capability="composite", label=SETTINGS["generic_composite"], degraded=True)
            return res
        children, failed, partial = summary  # failed and partial are None when unknown
        hint = HINT_FAILED if (failed or 0) > 0 else HINT_PARTIAL if (partial or 0) > 0 else ""
        if children == 0:
            label = COMPOSITE_EMPTY
        elif failed or partial:
            label = COMPOSITE_ATTENTION
        else:
            label = COMPOSITE_OK
        res.update(capability="composite", label=label,
                   composite={"children": children, "failed": failed, "partial": partial, "hint": hint})
        return res
    if claim == "counted" or (scope == "deferred" and SETTINGS["deferred_counts"] == "counted"):
        if counted():
            return res
    return activity()


def read_summary(value, minimal=False):
    """children, failed, partial; with minimal (the registry's reading), a summary whose
    children count is there and whose failed or partial count is absent gives None for what is
    unknown (never zero)."""
    if not isinstance(value, dict):
        return None
    children, failed, partial = (integer(value.get(k)) for k in ("children", "failed", "partial"))
    if None in (children, failed, partial):
        if not minimal or children is None or children < 0:
            return None  # an absent count is unknown, never zero
        for k, v in (("failed", failed), ("partial", partial)):
            if v is None and value.get(k) is not None:
                return None  # present but not an integer: malformed
        if (failed is not None and failed < 0) or (partial is not None and partial < 0) or (failed or 0) + (partial or 0) > children:
            return None
        return children, failed, partial
    if children < 0 or failed < 0 or partial < 0 or failed + partial > children:
        return None
    return children, failed, partial


# --- Visibility and the shell hint (docs/standards.md, "Visibility" and "The shell hint")

def access(actor, run):
    """404 out of the run's tenant, 403 for a member without operations.view there. A tenant
    listed twice is one membership with the capabilities of both rows; only the exact
    spelling of the capability counts."""
    rows = [m for m in actor.get("memberships", []) if m.get("tenant_id") == run.get("tenant_id")]
    if not rows:
        return 404
    return 200 if any(VIEW_CAPABILITY in m.get("capabilities", []) for m in rows) else 403


def lifecycle_label(lifecycle, outcome):
    if lifecycle == "queued":
        return "Queued"
    if lifecycle == "running":
        return "Running"
    if lifecycle == "completed":
        return OUTCOME_LABELS.get(outcome_of(outcome), "Completed")
    return "Status unknown"


def shell(run, res):
    esc = html.escape
    parts = [
        '<div class="hint">',
        "<strong>%s</strong> <em>%s</em>" % (
            esc(FAMILIES.get(run.get("type", ""), UNKNOWN_FAMILY)[0]),
            esc(lifecycle_label(res["lifecycle"], run.get("outcome")))),
    ]
    if res["label"]:
        parts.append("<div>%s</div>" % esc(res["label"]))
    if res["capability"] == "counted":
        processed, total = counted_gate(run.get("summary_counts"))
        parts.append("<div>%d of %d processed</div>" % (processed, total))
        parts.append('<progress max="100" value="%d"></progress>' % res["percent"])
    composite = res["composite"]
    if composite and composite["children"] > 0:
        line = "%d recent operation%s" % (composite["children"], "" if composite["children"] == 1 else "s")
        if composite["failed"]:  # None (unknown) says nothing
            line += ", %d failed" % composite["failed"]
        if composite["partial"]:
            line += ", %d partly finished" % composite["partial"]
        parts.append("<div>%s</div>" % esc(line))
        if composite["hint"]:
            parts.append("<div>%s</div>" % esc(composite["hint"]))
    parts.append('<nav><a href="/admin/operations/%d">View operation</a> '
                 '<a href="/admin/operations?tenant_id=%d">Show all operations</a></nav>'
                 % (run.get("id", 0), run.get("tenant_id", 0)))
    parts.append("</div>")
    return "\n".join(parts)


def present(run, actor):
    status = access(actor, run)
    if status != 200:
        return status, ""  # nothing of the run reaches a 403 or a 404
    return status, shell(run, resolve(run))


def tenant_shell(actor, tenant_id, runs):
    """The shell of one tenant: 404 for a non-member (the tenant's existence does not leak
    either); otherwise that tenant's runs the actor may view, in the order given."""
    if not any(m.get("tenant_id") == tenant_id for m in actor.get("memberships", [])):
        return 404, []
    listed = []
    for run in runs:
        if run.get("tenant_id") == tenant_id and access(actor, run) == 200:
            listed.append({"run_id": run.get("id", 0), "shell_html": shell(run, resolve(run))})
    return 200, listed


def use_registry(registry):
    """Holds this implementation to the registry conform sends in the start request: the
    application's families, with their labels, claims, scopes and phases."""
    FAMILIES.clear()
    VOCABULARY.clear()
    SETTINGS.update(generic_phased=registry["generic"]["phased"], generic_composite=registry["generic"]["composite"],
                    **registry["readings"])
    for f in registry["families"]:
        FAMILIES[f["type"]] = (f["label"], f["claim"], f["scope"])
        if f["phases"]:
            VOCABULARY[f["type"]] = {p["key"]: p["label"] for p in f["phases"]}


# --- The writers (docs/standards.md, "What writers persist")
#
# The application's jobs, as small as they can be: each run is a row saved after every
# change, like a model, and drive answers the row after each save. A real adapter runs the
# application's own service and job code here, with its external systems faked.

# Each job's lifecycle boundaries, in workflow order, and the phase it enters at each.
BOUNDARIES = {
    "baseline_capture": [("eligibility", "preparing"), ("snapshot", "processing"), ("evidence capture", "fetching"),
                         ("persistence", "persisting"), ("finalization", "finalizing")],
    "baseline_compare": [("coverage", "preparing"), ("evidence capture", "fetching"), ("drift evaluation", "processing"),
                         ("persistence", "persisting"), ("finalization", "finalizing")],
}
_next_run = [1000]


def drive(scenario, tenant_id, user_id):
    """Runs one writer scenario and returns the run's row after each save."""
    import copy
    import datetime

    family, full = scenario["family"], scenario["path"] == "full-content"
    stop = scenario.get("stop")
    _next_run[0] += 1
    writes = []
    run = {"id": _next_run[0], "tenant_id": tenant_id, "user_id": user_id, "type": family,
           "status": "queued", "outcome": "pending", "summary_counts": [], "context": {}}

    def save():
        writes.append(copy.deepcopy(run))

    def enter(key):
        # Running and in its phase in one save; the label is the vocabulary's, for diagnostics.
        run["status"] = "running"
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        run["context"].setdefault("progress", {})["phase"] = {
            "key": key, "label": VOCABULARY[family][key], "entered_at": now}
        save()

    def end(outcome):
        run["status"], run["outcome"] = "completed", outcome
        save()
        return writes

    if family == "tenant.review.compose":
        ops = scenario.get("operations")
        run["context"] = {"evidence_snapshot_id": 1}
        if ops is not None:  # the summary comes with the queued run, from the snapshot
            run["context"]["progress"] = {"composite": {
                "children": ops["total"], "failed": ops["failed"], "partial": ops["partial"], "source": "evidence_snapshot"}}
        save()
        run["status"] = "running"
        save()
        return end(stop["outcome"] if stop else scenario.get("outcome") or "succeeded")

    run["context"] = {family: {"full_content": full}}
    save()
    for name, key in BOUNDARIES[family]:
        if key == "fetching" and not full:
            continue
        enter(key)
        if key == "fetching":
            stats = scenario.get("evidence")
            if stats is not None:
                run["context"]["evidence_capture"] = dict(stats)
                run["summary_counts"] = {"total": stats["total"], "processed": stats["captured"]}
                save()
            if scenario.get("resume"):
                run["context"].setdefault(family, {})["resume"] = {"checkpoint": "resume-%d" % run["id"]}
                enter(key)
        if stop and stop["at"] == name:
            return end(stop["outcome"])
    return end(scenario.get("outcome") or "succeeded")


# --- The protocol loop

def main():
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        cmd, seq = request.get("cmd"), request.get("seq")
        if cmd == "start":
            if "registry" in request:
                use_registry(request["registry"])
            reply = {"version": 3, "implementation": {
                "name": "python example", "language": "python", "version": sys.version.split()[0]}}
        elif cmd == "stop":
            return
        elif cmd == "resolve":
            try:
                reply = {"seq": seq, "resolution": resolve(request["run"])}
            except Exception as exc:  # one request fails, the adapter goes on
                reply = {"seq": seq, "error": "%s: %s" % (type(exc).__name__, exc)}
        elif cmd == "present":
            try:
                status, fragment = present(request["run"], request["actor"])
                reply = {"seq": seq, "status": status, "shell_html": fragment}
            except Exception as exc:
                reply = {"seq": seq, "error": "%s: %s" % (type(exc).__name__, exc)}
        elif cmd == "shell":
            try:
                status, listed = tenant_shell(request["actor"], request["tenant_id"], request["runs"])
                reply = {"seq": seq, "status": status, "runs": listed}
            except Exception as exc:
                reply = {"seq": seq, "error": "%s: %s" % (type(exc).__name__, exc)}
        elif cmd == "drive":
            try:
                reply = {"seq": seq, "writes": drive(request["scenario"], request["tenant_id"], request["user_id"])}
            except Exception as exc:
                reply = {"seq": seq, "error": "%s: %s" % (type(exc).__name__, exc)}
        else:
            reply = {"seq": seq or 0, "error": "unknown cmd %r" % cmd}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
