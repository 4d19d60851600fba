"""What the report shows, arranged from the results document: norms grouped by domain,
each with its controls and their checks grouped by maturity level; the attestations; the
evidence manifest with an anchor per file so every finding can link to its file's hash;
the norms below target for the verdict banner, most severe first; and the legend's words.

Texts stay in the document's ``{nl, en}`` form here; the template picks the language.
Keys the results schema makes optional are read with ``.get``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ibpaudit.builtin.reporters.html.labels import TERMS, term_anchor, term_value
from ibpaudit.reporting import clipped, shown, statuses

STATUSES = ("passed", "failed", "error", "skipped", "waived")
# The order of the "at a glance" tiles and of the status filter.
NORM_OUTCOMES = ("passed", "failed", "error", "waived", "skipped")
# How a failed check for a level above the control's target level is shown: a next step,
# not a failure (the engine's climb stops below it, so it cannot keep the control down).
NEXT_LEVEL = "next_level"
# The verdict banner names this many norms below target; the rest are counted.
BANNER_NORMS = 10
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
# The legend's groups, in order: each is a kind of :data:`labels.TERMS`.
LEGEND_KINDS = ("norm_status", "status", "level_state", "norm_source", "provenance", "state")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Place:
    """A location in the evidence: the document's location object plus the anchor of its
    file in the manifest (None when the file is not in the manifest)."""

    location: Mapping[str, Any]
    anchor: str | None


@dataclass(frozen=True)
class FindingView:
    """One finding as the report shows it."""

    status: str
    message: Any
    place: Place | None
    shown: str  # the status as the report shows it: ``next_level`` for a next step


@dataclass(frozen=True)
class CheckView:
    """One check with the findings shown and the evidence it used."""

    check: Mapping[str, Any]
    findings: tuple[FindingView, ...]
    evidence: tuple[Place, ...]
    shown: str  # the check's status, or ``next_level`` (see NEXT_LEVEL)
    folded: int = 0  # findings left out (all are in results.json)


@dataclass(frozen=True)
class LevelView:
    """A control's checks for one maturity level."""

    level: int
    reached: bool
    checks: tuple[CheckView, ...]
    above_target: bool = False


@dataclass(frozen=True)
class ControlView:
    """A control with its checks grouped by maturity level."""

    control: Mapping[str, Any]
    anchor: str
    levels: tuple[LevelView, ...]


@dataclass(frozen=True)
class NormView:
    """A norm with its controls; ``level`` is the level it reached (0 for none)."""

    norm: Mapping[str, Any]
    anchor: str
    level: int
    controls: tuple[ControlView, ...]

    @property
    def open(self) -> bool:
        return self.norm.get("status") in ("failed", "error")

    @property
    def state(self) -> str:
        """``waived``, ``below`` or ``at`` the target: how its level meter is drawn."""
        if self.norm.get("status") == "waived":
            return "waived"
        return "below" if self.level < int(self.norm.get("target_level") or 0) else "at"

    @property
    def title_unseen(self) -> bool:
        """The catalog says in the title itself that the official title was not seen."""
        title = self.norm.get("title") or {}
        words = TERMS["provenance"]["title_not_seen"].word
        return isinstance(title, Mapping) and any(
            w.casefold() in str(title.get(lang, "")).casefold()
            for w, lang in zip(words, ("nl", "en"), strict=True)
        )

    @property
    def severity(self) -> int:
        """The highest severity among the controls that keep it from the target."""
        open_ = [c for c in self.controls if c.control.get("status") in ("failed", "error")]
        return max(
            (SEVERITY_RANK.get(str(c.control.get("severity")), 0) for c in open_ or self.controls),
            default=0,
        )


@dataclass(frozen=True)
class DomainView:
    """A domain with its norms; ``domain`` is None for one the document does not list."""

    id: str
    title: Any
    domain: Mapping[str, Any] | None
    anchor: str
    norms: tuple[NormView, ...]
    state: str  # waived, below, at (the target) or none (no level): how it is drawn


@dataclass(frozen=True)
class LegendEntry:
    """One word of the legend; ``known`` is False for a value the table does not know."""

    kind: str
    value: str
    anchor: str
    known: bool


@dataclass(frozen=True)
class AttestationView:
    """An attestation check and the control it belongs to."""

    control: ControlView
    check: CheckView


@dataclass(frozen=True)
class Report:
    """Everything the page shows, arranged (see :func:`build`)."""

    domains: tuple[DomainView, ...]
    norms: tuple[NormView, ...]
    attention: tuple[NormView, ...]
    below: tuple[NormView, ...]  # the attention list, most severe and lowest level first
    legend: tuple[tuple[str, tuple[LegendEntry, ...]], ...]
    attestations: tuple[AttestationView, ...]
    outcomes: Mapping[str, int]
    file_anchors: Mapping[str, str]
    file_rows: tuple[str, ...]
    sums: str

    @property
    def banner(self) -> tuple[NormView, ...]:
        return self.below[:BANNER_NORMS]

    @property
    def banner_more(self) -> int:
        return max(len(self.below) - BANNER_NORMS, 0)

    @property
    def legend_anchors(self) -> frozenset[str]:
        return frozenset(e.anchor for _, entries in self.legend for e in entries)


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


def _shown(status: str, ahead: bool) -> str:
    return NEXT_LEVEL if ahead and status == "failed" else status


def _check(check: Mapping[str, Any], files: Mapping[str, str], target: int) -> CheckView:
    """A check's view; ``target`` is its control's target level: a check for a level
    above it that failed is a next step (the document's own level and status say so)."""
    ahead = int(check.get("level", 0)) > target
    first, rest = shown(check.get("findings", ()))
    findings = tuple(
        FindingView(
            status := str(f.get("status", "")),
            _message(f.get("message", "")),
            _place(f.get("location"), files),
            _shown(status, ahead),
        )
        for f in first
    )
    evidence = tuple(p for e in check.get("evidence", ()) if (p := _place(e, files)) is not None)
    shown_as = _shown(str(check.get("status", "")), ahead)
    return CheckView(check, findings, evidence, shown_as, rest)


def _control(
    control: Mapping[str, Any], anchor: str, files: Mapping[str, str], target: int
) -> ControlView:
    reached = control.get("level_reached") or 0
    own_target = int(control.get("target_level") or target)
    by_level: dict[int, list[CheckView]] = {}
    for check in control.get("checks", ()):
        by_level.setdefault(int(check.get("level", 0)), []).append(_check(check, files, own_target))
    levels = tuple(
        LevelView(level, level <= reached, tuple(checks), level > own_target)
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


def _domain_state(status: str, level: int | None, target: int) -> str:
    if status == "waived":
        return "waived"
    if level is None:
        return "none"
    return "below" if level < target else "at"


def _legend(results: Mapping[str, Any]) -> tuple[tuple[str, tuple[LegendEntry, ...]], ...]:
    """Every word of :data:`TERMS`, and after each kind's own words the values of that kind
    the document holds but the table does not know (shown as they are)."""
    seen: dict[str, list[Any]] = {kind: [] for kind in LEGEND_KINDS}
    norms, controls = results.get("norms", ()), results.get("controls", ())
    seen["norm_status"] += [n.get("status") for n in norms]
    seen["norm_status"] += [d.get("status") for d in results.get("domains", ())]
    seen["norm_source"] += [n.get("source") for n in norms]
    seen["state"] += [w.get("state") for w in results.get("waivers", ())]
    seen["state"] += [(c.get("waiver") or {}).get("state") for c in controls]
    seen["status"] += [s.get("status") for s in results.get("schools", ())]
    for c in controls:
        seen["status"] += [c.get("status"), *(s.get("status") for s in c.get("schools", ()))]
        for check in c.get("checks", ()):
            seen["status"] += [
                check.get("status"),
                *statuses(check.get("findings", ())),
            ]
    groups = []
    for kind in LEGEND_KINDS:
        known = list(TERMS[kind])
        values = dict.fromkeys(str(x) for x in seen[kind] if x)
        extra = [v for v in values if term_value(kind, v) not in known]
        entries = [LegendEntry(kind, v, term_anchor(kind, v), True) for v in known]
        entries += [LegendEntry(kind, v, term_anchor(kind, v), False) for v in extra]
        groups.append((kind, tuple(entries)))
    return tuple(groups)


def build(results: Mapping[str, Any]) -> Report:
    target = int(results.get("run", {}).get("target_level") or 3)
    anchors = _Anchors()
    rows = tuple(anchors("file", i) for i in range(1, len(results.get("evidence", ())) + 1))
    files: dict[str, str] = {}
    for entry, anchor in zip(results.get("evidence", ()), rows, strict=True):
        files.setdefault(str(entry.get("path")), anchor)
    controls_of: dict[str, list[ControlView]] = {}
    all_controls = list(results.get("controls", ()))
    for i, control in enumerate(all_controls):
        view = _control(control, anchors("control", control.get("id", i)), files, target)
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

    domains = []
    for domain_id, title, domain in _domain_order(results):
        if not (members := norms_by_domain.get(domain_id)):
            continue
        if domain is None:  # a domain the document does not list: judged from its norms
            evaluated = [n.norm.get("level_reached") for n in members]
            levels = [lv for lv in evaluated if lv is not None]
            status, level = (
                _worst(str(n.norm.get("status")) for n in members),
                min(levels, default=None),
            )
        else:
            status, level = str(domain.get("status")), domain.get("level_reached")
        state = _domain_state(status, level, target)
        domains.append(
            DomainView(
                domain_id, title, domain, anchors("domain", domain_id), tuple(members), state
            )
        )
    ordered = tuple(n for d in domains for n in d.norms)
    attention = tuple(n for n in ordered if n.norm.get("status") in ("failed", "error"))
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
        domains=tuple(domains),
        norms=ordered,
        attention=attention,
        below=tuple(sorted(attention, key=lambda n: (-n.severity, n.level))),
        legend=_legend(results),
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
