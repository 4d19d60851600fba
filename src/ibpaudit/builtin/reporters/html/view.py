"""What the report shows, arranged from the results document: norms grouped by domain,
each with its controls and their checks grouped by maturity level; the attestations; the
evidence manifest with an anchor per file so every finding can link to its file's hash.

Texts stay in the document's ``{nl, en}`` form here; the template picks the language.
Keys the results schema makes optional are read with ``.get``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ibpaudit.reporting import clipped, shown

STATUSES = ("passed", "failed", "error", "skipped", "waived")
# The order of the "at a glance" tiles and of the status filter.
NORM_OUTCOMES = ("passed", "failed", "error", "waived", "skipped")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Place:
    """A location in the evidence: the document's location object plus the anchor of its
    file in the manifest (None when the file is not in the manifest)."""

    location: Mapping[str, Any]
    anchor: str | None


@dataclass(frozen=True)
class FindingView:
    status: str
    message: Any
    place: Place | None


@dataclass(frozen=True)
class CheckView:
    check: Mapping[str, Any]
    findings: tuple[FindingView, ...]
    evidence: tuple[Place, ...]
    folded: int = 0  # findings left out (all are in results.json)


@dataclass(frozen=True)
class LevelView:
    level: int
    reached: bool
    checks: tuple[CheckView, ...]


@dataclass(frozen=True)
class ControlView:
    control: Mapping[str, Any]
    anchor: str
    levels: tuple[LevelView, ...]


@dataclass(frozen=True)
class NormView:
    norm: Mapping[str, Any]
    anchor: str
    level: int
    controls: tuple[ControlView, ...]

    @property
    def open(self) -> bool:
        return self.norm.get("status") in ("failed", "error")


@dataclass(frozen=True)
class DomainView:
    id: str
    title: Any
    domain: Mapping[str, Any] | None
    anchor: str
    norms: tuple[NormView, ...]


@dataclass(frozen=True)
class AttestationView:
    control: ControlView
    check: CheckView


@dataclass(frozen=True)
class Report:
    domains: tuple[DomainView, ...]
    norms: tuple[NormView, ...]
    attention: tuple[NormView, ...]
    attestations: tuple[AttestationView, ...]
    outcomes: Mapping[str, int]
    file_anchors: Mapping[str, str]
    file_rows: tuple[str, ...]
    sums: str


class _Anchors:
    """Readable, unique fragment IDs (``norm-GB.02``) whatever characters an ID holds."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, prefix: str, key: object) -> str:
        base = f"{prefix}-{_UNSAFE_ID.sub('-', str(key)).strip('-') or 'x'}"
        anchor, n = base, 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{n}"
        self.used.add(anchor)
        return anchor


def _place(location: Mapping[str, Any] | None, files: Mapping[str, str]) -> Place | None:
    if not isinstance(location, Mapping) or "path" not in location:
        return None
    return Place(location, files.get(str(location["path"])))


def _message(message: Any) -> Any:
    """A finding's message with each language cut at :data:`MESSAGE_CHARS`."""
    if isinstance(message, Mapping):
        return {k: clipped(v, lang=k) if isinstance(v, str) else v for k, v in message.items()}
    return clipped(message) if isinstance(message, str) else message


def _check(check: Mapping[str, Any], files: Mapping[str, str]) -> CheckView:
    first, rest = shown(check.get("findings", ()))
    findings = tuple(
        FindingView(
            str(f.get("status", "")),
            _message(f.get("message", "")),
            _place(f.get("location"), files),
        )
        for f in first
    )
    evidence = tuple(p for e in check.get("evidence", ()) if (p := _place(e, files)) is not None)
    return CheckView(check, findings, evidence, rest)


def _control(control: Mapping[str, Any], anchor: str, files: Mapping[str, str]) -> ControlView:
    reached = control.get("level_reached") or 0
    by_level: dict[int, list[CheckView]] = {}
    for check in control.get("checks", ()):
        by_level.setdefault(int(check.get("level", 0)), []).append(_check(check, files))
    levels = tuple(
        LevelView(level, level <= reached, tuple(checks))
        for level, checks in sorted(by_level.items())
    )
    return ControlView(control, anchor, levels)


def sha256sums(evidence: Iterable[Mapping[str, Any]]) -> str:
    """The manifest in ``sha256sum`` format, so ``sha256sum -c`` can check the dossier.
    GNU escaping: a name with a backslash or newline gets a leading backslash."""
    lines = []
    for entry in evidence:
        path, digest = str(entry.get("path", "")), str(entry.get("sha256", ""))
        if "\\" in path or "\n" in path or "\r" in path:
            escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            lines.append(f"\\{digest}  {escaped}")
        else:
            lines.append(f"{digest}  {path}")
    return "\n".join(lines)


def _domain_order(results: Mapping[str, Any]) -> list[tuple[str, Any, Mapping[str, Any] | None]]:
    known = [(str(d.get("id", "")), d.get("title"), d) for d in results.get("domains", ())]
    ids = {d for d, _, _ in known}
    extra: list[tuple[str, Any, Mapping[str, Any] | None]] = []
    for item in [*results.get("norms", ()), *results.get("controls", ())]:
        domain = str(item.get("domain", ""))
        if domain not in ids:
            ids.add(domain)
            extra.append((domain, None, None))
    return known + extra


def build(results: Mapping[str, Any]) -> Report:
    anchors = _Anchors()
    rows = tuple(anchors("file", i) for i in range(1, len(results.get("evidence", ())) + 1))
    files: dict[str, str] = {}
    for entry, anchor in zip(results.get("evidence", ()), rows, strict=True):
        files.setdefault(str(entry.get("path")), anchor)
    controls_of: dict[str, list[ControlView]] = {}
    all_controls = list(results.get("controls", ()))
    for i, control in enumerate(all_controls):
        view = _control(control, anchors("control", control.get("id", i)), files)
        controls_of.setdefault(str(control.get("norm", "")), []).append(view)

    norms_by_domain: dict[str, list[NormView]] = {}
    all_norms: list[NormView] = []
    for norm in results.get("norms", ()):
        own = controls_of.pop(str(norm.get("id", "")), [])
        norm_view = NormView(
            norm, anchors("norm", norm.get("id")), norm.get("level_reached") or 0, tuple(own)
        )
        norms_by_domain.setdefault(str(norm.get("domain", "")), []).append(norm_view)
        all_norms.append(norm_view)
    # Controls whose norm the document does not list still appear, under a stand-in norm.
    for norm_id, own in controls_of.items():
        first = own[0].control
        stand_in = {
            "id": norm_id,
            "domain": first.get("domain", ""),
            "title": {"nl": norm_id, "en": norm_id},
            "source": "unknown",
            "status": _worst(c.control.get("status", "") for c in own),
            "level_reached": first.get("level_reached"),
            "target_level": first.get("target_level", 0),
            "controls": [c.control.get("id") for c in own],
            "next_level": None,
        }
        norm_view = NormView(
            stand_in, anchors("norm", norm_id), stand_in["level_reached"] or 0, tuple(own)
        )
        norms_by_domain.setdefault(str(stand_in["domain"]), []).append(norm_view)
        all_norms.append(norm_view)

    domains = tuple(
        DomainView(domain_id, title, domain, anchors("domain", domain_id), tuple(members))
        for domain_id, title, domain in _domain_order(results)
        if (members := norms_by_domain.get(domain_id))
    )
    ordered = tuple(n for d in domains for n in d.norms)
    attestations = tuple(
        AttestationView(control, check)
        for norm in ordered
        for control in norm.controls
        for level in control.levels
        for check in level.checks
        if check.check.get("check") == "attestation"
    )
    outcomes = {s: sum(1 for n in all_norms if n.norm.get("status") == s) for s in NORM_OUTCOMES}
    return Report(
        domains=domains,
        norms=ordered,
        attention=tuple(n for n in ordered if n.norm.get("status") in ("failed", "error")),
        attestations=attestations,
        outcomes=outcomes,
        file_anchors=files,
        file_rows=rows,
        sums=sha256sums(results.get("evidence", ())),
    )


def _worst(statuses: Iterable[str]) -> str:
    present = set(statuses)
    return next((s for s in ("error", "failed", "waived", "passed") if s in present), "skipped")


def levels_text(levels: Sequence[int | None], none: str) -> str:
    return " → ".join(none if level is None else str(level) for level in levels)
