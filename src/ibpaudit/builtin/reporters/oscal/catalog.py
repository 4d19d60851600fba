"""The Normenkader as ibpaudit models it, as an OSCAL 1.1.2 catalog.

Groups for the two parts (security, privacy) hold a group per domain; each norm is a
control whose ID is the norm ID as a token (``GO.P01`` -> ``go.p01``), with the norm ID
itself as ``label`` and where it comes from (its source status: title-seen, id-seen,
secondary, inferred, provisional) as ``id-source``. A board's ``normkoppeling.yaml``
adds the official ID as a second ``label`` (class ``official``), so the provisional and
the official ID stay apart.
The norm's summary is its ``statement`` part, its maturity levels are ``maturity-level``
parts; every ibpaudit control that tests the norm is a sub-control with its checks per
level as ``assessment-objective`` parts holding one ``assessment-method`` per check. A
board's own controls are there too, marked ``origin: board``. The framework's sources
are back-matter resources, linked from the norms that cite them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ibpaudit.builtin.reporters.oscal import ids
from ibpaudit.builtin.reporters.oscal.ids import prop, props, token
from ibpaudit.i18n import Lang, Text
from ibpaudit.model import Catalog, CheckSpec, Control, Framework, Norm

SHIPPED_PREFIX = "ibpaudit:"
_PART_TITLES = {
    "security": Text(nl="Informatiebeveiliging", en="Information security"),
    "privacy": Text(nl="Privacy", en="Privacy"),
}
# What an auditor does to see a check's evidence (OSCAL's assessment methods).
_METHODS = {"attestation": ("INTERVIEW", "EXAMINE")}


def _text(value: Text | None, lang: Lang) -> str:
    return ids.one_line(value.get(lang)) if value is not None else ""


def _source_uuid(framework: Framework, source_id: str) -> str:
    return ids.stable_uuid("source", framework.id, source_id)


def _check(control: Control, check: CheckSpec, lang: Lang) -> dict[str, Any]:
    prose = _text(check.description, lang) or check.type
    params = json.dumps(dict(check.params), ensure_ascii=False, sort_keys=True, default=str)
    methods = _METHODS.get(check.type, ("TEST",))
    return {
        "id": f"{token(control.id)}_lvl-{check.level}_chk-{check.index}",
        "name": "assessment-method",
        "props": [
            *(prop("method", m, own=False) for m in methods),
            *props(("check-type", check.type), ("level", check.level)),
        ],
        "prose": f"{prose}\n\n`{params}`",
    }


def _subcontrol(control: Control, lang: Lang) -> dict[str, Any]:
    cid = token(control.id)
    parts: list[dict[str, Any]] = []
    if control.description is not None:
        parts.append(
            {"id": f"{cid}_smt", "name": "statement", "prose": control.description.get(lang)}
        )
    for level in control.levels:
        checks = [c for c in control.checks if c.level == level]
        parts.append(
            {
                "id": f"{cid}_lvl-{level}",
                "name": "assessment-objective",
                "props": props(("level", level)),
                "parts": [_check(control, c, lang) for c in checks],
            }
        )
    origin = "shipped" if control.path.startswith(SHIPPED_PREFIX) else "board"
    return {
        "id": cid,
        "class": "ibpaudit-control",
        "title": _text(control.title, lang),
        "props": [
            prop("label", control.id, own=False),
            *props(
                ("origin", origin),
                ("path", control.path),
                ("severity", control.severity),
                ("scope", control.scope),
                ("sectors", " ".join(control.sectors)),
                ("max-evidence-age", control.max_evidence_age),
                *(("tag", t) for t in control.tags),
            ),
        ],
        "parts": parts,
    }


def _norm(
    framework: Framework,
    norm: Norm,
    controls: list[Control],
    official: str | None,
    lang: Lang,
) -> dict[str, Any]:
    cid = token(norm.id)
    labels = [prop("label", norm.id, own=False, cls=norm.source)]
    if official is not None:
        labels.append(prop("label", official, own=False, cls="official"))
    parts: list[dict[str, Any]] = []
    if norm.summary is not None:
        parts.append({"id": f"{cid}_smt", "name": "statement", "prose": norm.summary.get(lang)})
    for level, wording in sorted(norm.levels.items()):
        name = framework.maturity_scale.get(level)
        parts.append(
            {
                "id": f"{cid}_lvl-{level}",
                "name": "maturity-level",
                "ns": ids.NS,
                "title": f"{level} {_text(name, lang)}".strip(),
                "props": props(("level", level)),
                "prose": wording.get(lang),
            }
        )
    out: dict[str, Any] = {
        "id": cid,
        "class": "norm",
        "title": _text(norm.title, lang),
        "props": [
            *labels,
            *props(
                ("id-source", norm.source),
                ("official-id-source", "normkoppeling.yaml" if official else None),
            ),
        ],
    }
    if norm.reference:
        out["links"] = [{"href": f"#{_source_uuid(framework, norm.reference)}", "rel": "reference"}]
    if parts:
        out["parts"] = parts
    if controls:
        out["controls"] = [_subcontrol(c, lang) for c in controls]
    return out


def _resource(framework: Framework, source: Mapping[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "uuid": _source_uuid(framework, str(source.get("id", ""))),
        "title": ids.one_line(source.get("title") or source.get("id")),
        "props": props(("source-id", source.get("id")), ("accessed", source.get("accessed"))),
    }
    if source.get("note"):
        resource["description"] = str(source["note"])
    if source.get("url"):
        resource["rlinks"] = [{"href": str(source["url"])}]
    return resource


def build(
    catalog: Catalog,
    mapping: Mapping[str, str],
    lang: Lang,
    now: datetime,
    tool_version: str,
) -> dict[str, Any]:
    """The ``{"catalog": ...}`` document; ``mapping`` is provisional -> official norm ID."""
    by_norm: dict[str, list[Control]] = {}
    for control in catalog.controls:
        by_norm.setdefault(control.norm, []).append(control)
    known = {n.id for fw in catalog.frameworks for n in fw.norms}
    groups: list[dict[str, Any]] = []
    resources: list[dict[str, Any]] = []
    for framework in catalog.frameworks:
        for part in dict.fromkeys(d.part for d in framework.domains):
            domains = []
            for domain in (d for d in framework.domains if d.part == part):
                norms = [n for n in framework.norms if n.domain == domain.id]
                domains.append(
                    {
                        "id": token(domain.id),
                        "class": "domain",
                        "title": _text(domain.title, lang),
                        "props": [
                            prop("label", domain.id, own=False),
                            *props(
                                ("number", domain.number), ("prefix-source", domain.prefix_source)
                            ),
                        ],
                        "controls": [
                            _norm(framework, n, by_norm.get(n.id, []), mapping.get(n.id), lang)
                            for n in norms
                        ],
                    }
                )
            title = _PART_TITLES.get(part)
            groups.append(
                {
                    "id": f"part-{token(part)}",
                    "class": "part",
                    "title": title.get(lang) if title else part,
                    "groups": [d for d in domains if d["controls"]] or domains,
                }
            )
        resources.extend(_resource(framework, s) for s in framework.sources)
    unknown = [c for c in catalog.controls if c.norm not in known]
    body: dict[str, Any] = {"groups": groups}
    if unknown:
        body["controls"] = [_subcontrol(c, lang) for c in unknown]
    if resources:
        body["back-matter"] = {"resources": resources}
    framework_props = [
        p
        for fw in catalog.frameworks
        for p in props(("framework", fw.id), ("framework-version", fw.version))
    ]
    metadata: dict[str, Any] = {
        "title": "; ".join(_text(fw.title, lang) for fw in catalog.frameworks) or "ibpaudit",
        "version": "+".join(fw.version for fw in catalog.frameworks) or tool_version,
        "oscal-version": ids.OSCAL_VERSION,
        "props": [
            *framework_props,
            *props(
                ("ibpaudit-version", tool_version),
                ("controls", len(catalog.controls)),
                (
                    "board-controls",
                    sum(not c.path.startswith(SHIPPED_PREFIX) for c in catalog.controls),
                ),
                ("norm-mappings", len(mapping)),
                *(
                    ("override", f"{o.kind} {o.id}: {o.path}")
                    for o in catalog.overrides
                    if o.applied
                ),
            ),
        ],
    }
    uuid = ids.content_uuid("catalog", {"metadata": metadata, **body})
    metadata = {"title": metadata["title"], "last-modified": _stamp(now), **metadata}
    return {"catalog": {"uuid": uuid, "metadata": metadata, **body}}


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def render(
    catalog: Catalog, mapping: Mapping[str, str], lang: Lang, now: datetime, tool_version: str
) -> bytes:
    document = build(catalog, mapping, lang, now, tool_version)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
