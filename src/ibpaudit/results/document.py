"""Build the versioned results document (schema ``results.schema.json``) of one run.

Every report is rendered from this document alone, so it carries everything an
auditor needs to trace a verdict: findings with their locations and file hashes,
the evidence manifest, the plugins and the run's inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ibpaudit import __version__
from ibpaudit.model import (
    BoardConfig,
    ControlResult,
    Evidence,
    FailOn,
    Finding,
    Norm,
    NormMapping,
    RunRecord,
    School,
    Status,
    Text,
    rowfindings,
)
from ibpaudit.model import attestation as attestations
from ibpaudit.model.findings import FindingList
from ibpaudit.results import gate

SCHEMA_VERSION = "1"
_ORDER = (Status.ERROR, Status.FAILED, Status.WAIVED, Status.PASSED, Status.SKIPPED)


def _worst(statuses: Sequence[Status]) -> Status:
    for status in _ORDER:
        if status in statuses:
            return status
    return Status.SKIPPED


def _text(value: Text | None) -> dict[str, str] | None:
    return value.to_json() if value is not None else None


def _board(config: BoardConfig, org: Evidence | None, root: Path) -> dict[str, Any]:
    meta = org.metadata if org is not None and org.error is None else {}
    board = meta.get("bestuur")
    name = config.board or (board.get("naam") if isinstance(board, dict) else board)
    schools = []
    for school in meta.get("scholen") or ():
        if isinstance(school, dict) and school.get("brin"):
            schools.append({"brin": str(school["brin"]), "name": str(school.get("naam", ""))})
    return {
        "name": str(name or root.resolve().name),
        "sector": config.sector or meta.get("sector"),
        "schools": schools,
    }


def _control(result: ControlResult, domain: str, as_of: Any) -> dict[str, Any]:
    control = result.control
    return {
        "id": control.id,
        "norm": control.norm,
        "domain": domain,
        "title": control.title.to_json(),
        "description": _text(control.description),
        "severity": control.severity,
        "tags": list(control.tags),
        "path": control.path,
        "status": result.status.value,
        "reason": _text(result.reason),
        "level_reached": result.level_reached,
        "target_level": result.target_level,
        "levels": list(control.levels),
        "waiver": (
            result.waiver.to_json(as_of, result.status is Status.WAIVED) if result.waiver else None
        ),
        "duration_ms": round(result.duration_ms, 3),
        "scope": control.scope,
        "stale": result.stale,
        "schools": [
            {"brin": brin, "status": status.value, "level": level}
            for brin, status, level in result.schools
        ],
        "checks": [
            {
                "level": c.spec.level,
                "index": c.spec.index,
                "check": c.spec.type,
                "plugin": c.plugin,
                "description": c.description.to_json(),
                "status": c.status.value,
                "findings": FindingList(c.outcome.findings),
                "evidence": [loc.to_json() for loc in c.outcome.evidence],
                "duration_ms": round(c.duration_ms, 3),
                **({"school": c.school} if c.school is not None else {}),
            }
            for c in result.checks
        ],
    }


def _schools(controls: Sequence[ControlResult], schools: Sequence[School]) -> list[dict[str, Any]]:
    """Results rolled up per school: the controls judged per school, and board-wide
    controls with findings that name the school."""
    if not schools:
        return []
    # One pass over the findings: (control index, BRIN) -> how many name that school.
    named: Counter[tuple[int, str]] = Counter(
        (i, brin)
        for i, result in enumerate(controls)
        for c in result.checks
        for brin, status in rowfindings.schools(c.outcome.findings)
        if status is not Status.PASSED
    )
    out = []
    for school in schools:
        states: list[dict[str, Any]] = []
        findings = 0
        for i, result in enumerate(controls):
            count = named[(i, school.brin)]
            findings += count
            own = next((x for x in result.schools if x[0] == school.brin), None)
            if own is not None:
                states.append({"id": result.control.id, "status": own[1].value, "level": own[2]})
            elif count:
                states.append(
                    {
                        "id": result.control.id,
                        "status": result.status.value,
                        "level": result.level_reached,
                    }
                )
        worst = _worst([Status(s["status"]) for s in states]) if states else Status.PASSED
        out.append(
            {**school.to_json(), "status": worst.value, "controls": states, "findings": findings}
        )
    return out


def _official(mapping: Mapping[str, NormMapping] | None, norm_id: str) -> str | None:
    found = (mapping or {}).get(norm_id)
    return found.official if found else None


def _next_level(
    norm: Norm | None, evaluated: Sequence[ControlResult], level: int | None
) -> dict[str, Any] | None:
    """The growth path: what the framework says of the next level, and which of the
    catalog's checks stand between the board and it."""
    if not evaluated or any(r.status is Status.ERROR for r in evaluated):
        return None
    step = (level or 1) + 1
    if step > 5:
        return None
    needs = [
        check.description.to_json()
        for result in evaluated
        for check in result.checks
        if check.spec.level <= step and check.status is not Status.PASSED
    ]
    norm_text = norm.levels.get(step) if norm else None
    if norm_text is None and not needs:
        return None
    return {"level": step, "text": norm_text.to_json() if norm_text else None, "checks": needs}


def build(record: RunRecord) -> dict[str, Any]:
    """The results document of one run (``results.schema.json``, version
    :data:`SCHEMA_VERSION`), from the run's record alone."""
    options, config, catalog, controls = (
        record.options,
        record.config,
        record.catalog,
        record.controls,
    )
    waivers, mapping, target = record.waivers, record.mapping, record.target
    norms_out: list[dict[str, Any]] = []
    by_norm: dict[str, list[ControlResult]] = {}
    for result in controls:
        by_norm.setdefault(result.control.norm, []).append(result)
    domain_of: dict[str, str] = {}
    for norm_id, results_ in by_norm.items():
        found = catalog.norm(norm_id)
        norm = found[1] if found else None
        domain_of[norm_id] = norm.domain if norm else norm_id.split(".")[0]
        evaluated = [r for r in results_ if r.status is not Status.SKIPPED]
        levels = [r.level_reached for r in evaluated if r.level_reached is not None]
        level = min(levels) if levels else None
        next_level = _next_level(norm, evaluated, level)
        norms_out.append(
            {
                "id": norm_id,
                "domain": domain_of[norm_id],
                "title": (norm.title if norm else Text(norm_id, norm_id)).to_json(),
                "source": norm.source if norm else "unknown",
                "official_id": _official(mapping, norm_id),
                "status": _worst([r.status for r in results_]).value,
                "level_reached": level,
                "target_level": target,
                "controls": [r.control.id for r in results_],
                "next_level": next_level,
            }
        )
    domains_out = []
    for fw in catalog.frameworks:
        for domain in sorted(fw.domains, key=lambda d: (d.part != "security", d.number)):
            members = [n for n in norms_out if n["domain"] == domain.id]
            if not members:
                continue
            levels = [n["level_reached"] for n in members if n["level_reached"] is not None]
            domains_out.append(
                {
                    "id": domain.id,
                    "number": domain.number,
                    "part": domain.part,
                    "title": domain.title.to_json(),
                    "status": _worst([Status(n["status"]) for n in members]).value,
                    "level_reached": min(levels) if levels else None,
                    "norms": len(members),
                    "norms_at_target": sum(1 for n in members if n["status"] == "passed"),
                }
            )
    counts = {s.value: sum(1 for r in controls if r.status is s) for s in Status}
    problems: list[dict[str, Any]] = (
        [
            {"kind": "plugin", "source": p.plugin, "message": p.message.to_json()}
            for p in record.plugin_problems
        ]
        + [
            {"kind": "catalog", "source": p.path, "message": p.message.to_json()}
            for p in catalog.problems
        ]
        + [
            # An unreadable evidence file is an evidence error even when no control needs it:
            # the board meant it to count, and a silent pass would hide it.
            {"kind": "evidence", "source": ev.file.path, "message": ev.error.to_json()}
            for ev in record.evidence
            if ev.error is not None
        ]
    )
    open_waivers = sum(1 for w in waivers if w.active(options.as_of))
    summary: dict[str, Any] = {
        "controls": len(controls),
        **counts,
        "norms": len(norms_out),
        "norms_at_target": sum(1 for n in norms_out if n["status"] == "passed"),
        "stale": sum(1 for r in controls if r.stale),
        "waivers_open": open_waivers,
        "waiver_ceiling": config.waiver_ceiling,
    }
    summary["exit_code"] = int(gate.audit_code(summary, len(problems)))
    git = record.committed
    used = {r.waiver.control for r in controls if r.waiver and r.status is Status.WAIVED}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ibpaudit", "version": __version__},
        "run": {
            "as_of": options.as_of.isoformat(),
            "started_at": record.started_at.isoformat(timespec="seconds"),
            "duration_ms": round(record.duration_ms, 3),
            "lang": options.lang,
            "target_level": target,
            "root": str(options.root),
            "command": list(options.command),
            "dossier_as_data": record.dossier_as_data,
            "report_folders": list(record.report_folders),
            "unread_files": [u.to_json() for u in record.unread],
            "selection": record.selection.to_json(),
        },
        "board": _board(config, record.organisation, options.root),
        "schools": _schools(controls, record.schools),
        "plugins": [i.to_json() for i in record.plugins],
        # What the dossier changed in the shipped catalog, applied or refused: every
        # report names it (see the "trust" part of each reporter).
        "overrides": [o.to_json() for o in catalog.overrides],
        "problems": problems,
        "evidence": [
            {
                "path": ev.file.path,
                "sha256": ev.file.sha256,
                "size": ev.file.size,
                "modified": ev.file.modified,
                "committed": (
                    git[ev.file.path].isoformat() if git and ev.file.path in git else None
                ),
                "reader": ev.reader or None,
                "error": _text(ev.error),
                "problems": [
                    Finding(Status.ERROR, p.message, p.location).to_json() for p in ev.problems
                ],
            }
            for ev in record.evidence
        ],
        "frameworks": [
            {
                "id": fw.id,
                "title": fw.title.to_json(),
                "version": fw.version,
                "aliases": dict(fw.aliases),
            }
            for fw in catalog.frameworks
        ],
        "waivers": [w.to_json(options.as_of, w.control in used) for w in waivers],
        "attestations": [
            attestations.summary(ev) for ev in record.attestations if ev.error is None
        ],
        "controls": [_control(r, domain_of[r.control.norm], options.as_of) for r in controls],
        "norms": norms_out,
        "domains": domains_out,
        "summary": summary,
    }


def add_gate(
    document: Mapping[str, Any], fail_on: FailOn, baseline: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The document with its baseline comparison (if any) and the CI gate's verdict.

    ``summary.exit_code`` stays the audit's own verdict against the target level;
    ``gate.exit_code`` is what ``--fail-on`` (and ``--baseline``) make of it.
    """
    regressions = baseline["regressions"] if baseline is not None else ()
    code, fired = gate.exit_code(document, fail_on, regressions)
    out = dict(document)
    if baseline is not None:
        out["baseline"] = dict(baseline)
    out["gate"] = {"fail_on": fail_on.to_json(), "fired": fired, "exit_code": int(code)}
    return out
