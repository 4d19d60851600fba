"""A run as an OSCAL 1.1.2 assessment-results document, rendered from the results
document alone (already redacted and inert, as every report gets it).

One result for the run (start and end; the as-of date as a property) reviews every norm
and every ibpaudit control. Each gets a finding whose target is satisfied or
not-satisfied, with the status, the level reached and the target level as properties.
Every evidence file is a back-matter resource with its dossier-relative path and SHA-256
hash; an observation per control and evidence file points at it (``relevant-evidence``)
with the line, row, sheet, column or page where known. Attestations are observations by
the methods EXAMINE and INTERVIEW whose origin is the person who signed. Waivers are risks
(``deviation-approved`` while active) with their approval in the risk log. The plugins
are components of the result, with their versions.

OSCAL wants the assessment plan an assessment-results document answers to
(``import-ap``). ibpaudit has no separate plan, so a minimal one (the same reviewed
controls, the dossier as the assessed system) is embedded as a base64 back-matter
resource and ``import-ap`` points at it: the file is self-contained.

UUIDs are uuid5 of their content, so two runs of the same dossier give the same document
apart from the timestamps (``last-modified``, ``start``, ``end``, ``collected``).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from ibpaudit.builtin.reporters.oscal import ids
from ibpaudit.builtin.reporters.oscal.ids import props, stable_uuid, token
from ibpaudit.i18n import Lang, Text
from ibpaudit.model import ReportOptions
from ibpaudit.reporting import clipped, folded, shown

AP_MEDIA_TYPE = "application/oscal.ap+json"
TIMESTAMP_KEYS = frozenset({"last-modified", "start", "end", "collected", "published"})
_LOCATION_KEYS = ("line", "row", "sheet", "column", "page")
_SATISFIED = {"passed"}
_WORDS = {
    "result": Text(
        nl="Geautomatiseerde audit van het IBP-dossier tegen het Normenkader IBP.",
        en="Automated audit of the IBP dossier against the Normenkader IBP.",
    ),
    "waiver": Text(nl="Ontheffing", en="Waiver"),
    "approved": Text(
        nl="Afwijking goedgekeurd (risico aanvaard)", en="Deviation approved (risk accepted)"
    ),
    "approved_by": Text(nl="goedgekeurd door", en="approved by"),
    "level": Text(nl="niveau", en="level"),
    "of_target": Text(nl="van doelniveau", en="of target"),
    "plan": Text(nl="auditplan", en="assessment plan"),
    "embedded": Text(nl="Ingesloten auditplan", en="Embedded assessment plan"),
    "system": Text(
        nl="Het IBP-dossier van het bestuur (ibpaudit.yaml en het bewijs); ibpaudit houdt "
        "geen OSCAL system security plan bij.",
        en="The board's IBP dossier (ibpaudit.yaml and its evidence); ibpaudit keeps no "
        "OSCAL system security plan.",
    ),
}


def _text(value: Any, lang: Lang) -> str:
    if isinstance(value, Mapping):
        return ids.one_line(value.get(lang) or value.get("nl") or value.get("en") or "")
    return ids.one_line(value) if value is not None else ""


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _times(results: Mapping[str, Any]) -> tuple[str, str]:
    run = results.get("run", {})
    try:
        start = datetime.fromisoformat(str(run["started_at"]))
    except (KeyError, ValueError):
        start = datetime.fromisoformat(f"{run.get('as_of', '1970-01-01')}T00:00:00+00:00")
    duration = run.get("duration_ms")
    end = start + timedelta(milliseconds=duration if isinstance(duration, int | float) else 0)
    return _stamp(start), _stamp(end)


def _without_timestamps(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_timestamps(v) for k, v in value.items() if k not in TIMESTAMP_KEYS}
    if isinstance(value, list):
        return [_without_timestamps(v) for v in value]
    return value


def _resource_uuid(path: str) -> str:
    return stable_uuid("evidence", path)


def _evidence_resources(results: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every evidence file (and every file a check or attestation cites) by path."""
    files: dict[str, dict[str, Any]] = {}
    for item in results.get("evidence", ()):
        files[str(item["path"])] = {"sha256": item.get("sha256"), "reader": item.get("reader")}
    for item in results.get("attestations", ()):
        files.setdefault(str(item["path"]), {"sha256": item.get("sha256"), "reader": None})
    for control in results.get("controls", ()):
        for location in _locations(control):
            files.setdefault(str(location["path"]), {"sha256": location.get("sha256")})
    out: dict[str, dict[str, Any]] = {}
    for path, info in sorted(files.items()):
        rlink: dict[str, Any] = {"href": path}
        if info.get("sha256"):
            rlink["hashes"] = [{"algorithm": "SHA-256", "value": info["sha256"]}]
        out[path] = {
            "uuid": _resource_uuid(path),
            "title": path,
            "props": props(("path", path), ("reader", info.get("reader"))),
            "rlinks": [rlink],
        }
    return out


def _locations(control: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """The evidence each check read, and the places of the findings a report shows (the
    first of each check: see :func:`ibpaudit.reporting.shown`; the finding's description
    says how many more there are, and results.json holds them all)."""
    for check in control.get("checks", ()):
        yield from check.get("evidence", ())
        for finding in shown(check.get("findings", ()))[0]:
            if finding.get("location"):
                yield finding["location"]


def _where(location: Mapping[str, Any]) -> str:
    parts = [str(location["path"])]
    parts += [f"{k} {location[k]}" for k in _LOCATION_KEYS if location.get(k) is not None]
    return ", ".join(parts)


def _evidence_observations(
    control: Mapping[str, Any], collected: str, lang: Lang
) -> list[dict[str, Any]]:
    by_path: dict[str, dict[str, Mapping[str, Any]]] = {}
    for location in _locations(control):
        by_path.setdefault(str(location["path"]), {})[_where(location)] = location
    observations = []
    for path, places in sorted(by_path.items()):
        evidence = []
        for where, location in sorted(places.items()):
            evidence.append(
                {
                    "href": f"#{_resource_uuid(path)}",
                    "description": where,
                    "props": props(
                        ("path", path),
                        ("sha256", location.get("sha256")),
                        *((k, location.get(k)) for k in _LOCATION_KEYS),
                    ),
                }
            )
        observations.append(
            {
                "uuid": stable_uuid("observation", control["id"], path),
                "title": f"{control['id']}: {path}",
                "description": _text(control.get("title"), lang) or str(control["id"]),
                "props": props(("control", control["id"]), ("path", path)),
                "methods": ["TEST"],
                "types": ["control-objective"],
                "relevant-evidence": evidence,
                "collected": collected,
            }
        )
    return observations


def _attestations(
    results: Mapping[str, Any], collected: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """Observations, the parties who signed, and the observation UUID per file path."""
    observations, parties, by_path = [], {}, {}
    for item in results.get("attestations", ()):
        signer = ids.one_line(item.get("signed_by") or "")
        observation: dict[str, Any] = {
            "uuid": stable_uuid("attestation", item["path"], item.get("sha256")),
            "title": ids.one_line(item.get("id") or item["path"]),
            "description": str(item.get("statement") or item.get("id") or item["path"]),
            "props": props(
                ("attestation", item.get("id")),
                ("role", item.get("role")),
                ("signed-by", signer),
                ("signed-on", item.get("signed_on")),
                ("valid-until", item.get("valid_until")),
            ),
            "methods": ["EXAMINE", "INTERVIEW"],
            "types": ["control-objective"],
            "relevant-evidence": [
                {
                    "href": f"#{_resource_uuid(str(item['path']))}",
                    "description": str(item["path"]),
                    "props": props(("path", item["path"]), ("sha256", item.get("sha256"))),
                }
            ],
            "collected": collected,
        }
        if signer:
            party = stable_uuid("party", signer)
            parties[party] = {"uuid": party, "type": "person", "name": signer}
            observation["origins"] = [{"actors": [{"type": "party", "actor-uuid": party}]}]
        observations.append(observation)
        by_path[str(item["path"])] = observation["uuid"]
    return observations, list(parties.values()), by_path


def _risk(waiver: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    active = waiver.get("state") == "active"
    reason = str(waiver.get("reason") or "")
    risk: dict[str, Any] = {
        "uuid": stable_uuid("waiver", waiver.get("control"), waiver.get("approved_on")),
        "title": f"{_WORDS['waiver'].get(lang)}: {waiver.get('control')}",
        "description": reason or str(waiver.get("control")),
        "statement": reason or str(waiver.get("control")),
        "props": props(
            ("control", waiver.get("control")),
            ("waiver-state", waiver.get("state")),
            ("requested-by", waiver.get("requested_by")),
            ("approved-by", waiver.get("approved_by")),
            ("approved-on", waiver.get("approved_on")),
            ("expires", waiver.get("expires")),
        ),
        "status": "deviation-approved" if active else "open",
    }
    if waiver.get("approved_on"):
        entry: dict[str, Any] = {
            "uuid": stable_uuid(
                "waiver-approval", waiver.get("control"), waiver.get("approved_on")
            ),
            "title": _WORDS["approved"].get(lang),
            "description": f"{_WORDS['approved_by'].get(lang)} {waiver.get('approved_by')}",
            "start": f"{waiver['approved_on']}T00:00:00Z",
            "status-change": "deviation-approved",
        }
        if waiver.get("expires"):
            entry["end"] = f"{waiver['expires']}T23:59:59Z"
        risk["risk-log"] = {"entries": [entry]}
    return risk


def _target(target_id: str, status: str, reached: Any, target: Any) -> dict[str, Any]:
    reason = (
        "pass" if status in _SATISFIED else "fail" if status in ("failed", "error") else "other"
    )
    return {
        "type": "objective-id",
        "target-id": target_id,
        "props": props(("status", status), ("level-reached", reached), ("target-level", target)),
        "status": {
            "state": "satisfied" if status in _SATISFIED else "not-satisfied",
            "reason": reason,
        },
    }


def _messages(control: Mapping[str, Any], lang: Lang) -> list[str]:
    """A line per finding a report shows, each message cut as in every report people
    read, and per check the exact number of findings left out."""
    out = []
    for check in control.get("checks", ()):
        level = f"{_WORDS['level'].get(lang)} {check.get('level')}"
        first, rest = shown(check.get("findings", ()))
        for finding in first:
            message = _text(finding.get("message"), lang)
            if message:
                message = clipped(message, lang=lang)
                out.append(f"[{finding.get('status')}] {level}: {message}")
        if rest:
            out.append(f"{level}: {folded(rest, lang)}")
    return out


def _plan(results: Mapping[str, Any], reviewed: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The minimal assessment plan the results answer to (timestamps: the as-of date)."""
    as_of = str(results.get("run", {}).get("as_of", "1970-01-01"))
    board = results.get("board", {})
    system = stable_uuid("system", board.get("name"))
    plan = {
        "uuid": stable_uuid("plan", board.get("name"), as_of, json.dumps(reviewed, sort_keys=True)),
        "metadata": {
            "title": f"ibpaudit: {_WORDS['plan'].get(lang)} {board.get('name') or ''}".strip(),
            "last-modified": f"{as_of}T00:00:00Z",
            "version": as_of,
            "oscal-version": ids.OSCAL_VERSION,
        },
        "import-ssp": {"href": f"#{system}"},
        "reviewed-controls": reviewed,
        "back-matter": {
            "resources": [
                {
                    "uuid": system,
                    "title": f"IBP dossier {board.get('name') or ''}".strip(),
                    "description": _WORDS["system"].get(lang),
                }
            ]
        },
    }
    return {"assessment-plan": plan}


def build(results: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The ``{"assessment-results": ...}`` document for one results document."""
    start, end = _times(results)
    run = results.get("run", {})
    controls = list(results.get("controls", ()))
    norms = list(results.get("norms", ()))
    resources = _evidence_resources(results)
    attest, parties, attest_by_path = _attestations(results, start)
    risks = {str(w.get("control")): _risk(w, lang) for w in results.get("waivers", ())}

    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    observed: dict[str, list[str]] = {}
    for control in controls:
        own = _evidence_observations(control, start, lang)
        observations.extend(own)
        uuids = [o["uuid"] for o in own]
        uuids += [
            attest_by_path[p]
            for p in sorted({str(loc["path"]) for loc in _locations(control)})
            if p in attest_by_path
        ]
        observed[str(control["id"])] = uuids
        status = str(control.get("status"))
        messages = _messages(control, lang)
        finding: dict[str, Any] = {
            "uuid": stable_uuid("finding", "control", control["id"]),
            "title": f"{control['id']}: {_text(control.get('title'), lang)}",
            "description": "\n".join(messages) or _text(control.get("reason"), lang) or status,
            "props": props(
                ("control", control["id"]),
                ("norm", control.get("norm")),
                ("status", status),
                ("severity", control.get("severity")),
                ("scope", control.get("scope")),
                ("stale", "true" if control.get("stale") else None),
            ),
            "target": _target(
                token(str(control["id"])),
                status,
                control.get("level_reached"),
                control.get("target_level"),
            ),
        }
        if control.get("reason"):
            finding["remarks"] = _text(control.get("reason"), lang)
        if uuids:
            finding["related-observations"] = [{"observation-uuid": u} for u in uuids]
        if str(control["id"]) in risks:
            finding["related-risks"] = [{"risk-uuid": risks[str(control["id"])]["uuid"]}]
        findings.append(finding)
    norm_findings = []
    for norm in norms:
        ids_of = [str(c) for c in norm.get("controls", ())]
        uuids = list(dict.fromkeys(u for c in ids_of for u in observed.get(c, ())))
        status = str(norm.get("status"))
        finding = {
            "uuid": stable_uuid("finding", "norm", norm["id"]),
            "title": f"{norm['id']}: {_text(norm.get('title'), lang)}",
            "description": f"{status}: {_WORDS['level'].get(lang)} {norm.get('level_reached')} "
            f"{_WORDS['of_target'].get(lang)} {norm.get('target_level')}",
            "props": props(
                ("norm", norm["id"]),
                ("official-id", norm.get("official_id")),
                ("id-source", norm.get("source")),
                ("next-level", norm.get("next_level")),
                *(("control", c) for c in ids_of),
            ),
            "target": _target(
                token(str(norm["id"])),
                status,
                norm.get("level_reached"),
                norm.get("target_level"),
            ),
        }
        if uuids:
            finding["related-observations"] = [{"observation-uuid": u} for u in uuids]
        related = [risks[c]["uuid"] for c in ids_of if c in risks]
        if related:
            finding["related-risks"] = [{"risk-uuid": r} for r in related]
        norm_findings.append(finding)

    selected = [token(str(n["id"])) for n in norms] + [token(str(c["id"])) for c in controls]
    reviewed = {
        "control-selections": [
            {"include-controls": [{"control-id": c} for c in dict.fromkeys(selected)]}
        ]
    }
    components = [
        {
            "uuid": stable_uuid("plugin", p.get("name"), p.get("origin")),
            "type": "software",
            "title": f"ibpaudit plugin {p.get('name')}",
            "description": f"ibpaudit plugin '{p.get('name')}' ({p.get('origin')})",
            "props": props(
                ("plugin", p.get("name")),
                ("origin", p.get("origin")),
                ("version", p.get("version")),
            ),
            "status": {"state": "operational"},
        }
        for p in results.get("plugins", ())
    ]
    plan = json.dumps(_plan(results, reviewed, lang), ensure_ascii=False, sort_keys=True)
    plan_uuid = stable_uuid("embedded-plan", plan)
    board = results.get("board", {})
    tool = results.get("tool", {})
    summary = results.get("summary", {})
    result: dict[str, Any] = {
        "uuid": stable_uuid("result", board.get("name"), run.get("as_of")),
        "title": f"ibpaudit {board.get('name') or ''} {run.get('as_of') or ''}".strip(),
        "description": _WORDS["result"].get(lang),
        "start": start,
        "end": end,
        "props": props(
            ("as-of", run.get("as_of")),
            ("target-level", run.get("target_level")),
            ("personal-data", run.get("personal_data")),
            *((f"summary-{k}", v) for k, v in summary.items() if isinstance(v, int)),
        ),
        "reviewed-controls": reviewed,
        "observations": [*observations, *attest],
        "findings": [*norm_findings, *findings],
    }
    if components:
        result["local-definitions"] = {"components": components}
    if risks:
        result["risks"] = list(risks.values())
    frameworks = results.get("frameworks", ())
    metadata: dict[str, Any] = {
        "title": f"ibpaudit: {board.get('name') or 'IBP'} ({run.get('as_of')})",
        "last-modified": end,
        "version": str(run.get("as_of")),
        "oscal-version": ids.OSCAL_VERSION,
        "props": props(
            ("tool", tool.get("name")),
            ("tool-version", tool.get("version")),
            ("results-schema-version", results.get("schema_version")),
            *(("catalog", f"{f.get('id')} {f.get('version')}") for f in frameworks),
            *(
                ("plugin", f"{p.get('name')} {p.get('version')}")
                for p in results.get("plugins", ())
            ),
        ),
    }
    if parties:
        metadata["parties"] = parties
    body: dict[str, Any] = {
        "metadata": metadata,
        "import-ap": {"href": f"#{plan_uuid}"},
        "results": [result],
        "back-matter": {
            "resources": [
                {
                    "uuid": plan_uuid,
                    "title": _WORDS["embedded"].get(lang),
                    "base64": {
                        "filename": "assessment-plan.json",
                        "media-type": AP_MEDIA_TYPE,
                        "value": base64.b64encode(plan.encode()).decode(),
                    },
                },
                *resources.values(),
            ]
        },
    }
    uuid = ids.content_uuid("assessment-results", _without_timestamps(body))
    return {"assessment-results": {"uuid": uuid, **body}}


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    document = build(results, options.lang)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
