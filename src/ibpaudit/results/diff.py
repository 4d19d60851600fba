"""Compare two results documents: what got worse, what improved, what else changed.

Both documents are judged against one target level (the new run's, or the one given),
so raising the target does not by itself turn every unchanged norm into a regression;
a control's recorded status is re-read against that target from its level. A change
is reported per control; a norm's own change only when none of its controls explains
it (a new control that passes, but at a lower level than the norm had).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from ibpaudit.errors import ConfigError, cannot_read
from ibpaudit.model import (
    Location,
    Text,
    canonical_control,
    canonical_norm,
    document_aliases,
    text,
)
from ibpaudit.model.gate import severity_rank
from ibpaudit.results.console import STATUS_NAMES
from ibpaudit.schemas import load_schema, schema_errors

_BAD = frozenset({"failed", "error"})


class ResultsFileError(ConfigError):
    """A results document that cannot be read, or is not one (exit 2)."""


class Kind(StrEnum):
    NEWLY_FAILED = "newly_failed"
    NEWLY_ERROR = "newly_error"
    WAIVER_EXPIRED = "waiver_expired"
    LEVEL_DROPPED = "level_dropped"
    BELOW_TARGET = "below_target"
    FIXED = "fixed"
    LEVEL_ROSE = "level_rose"
    REACHED_TARGET = "reached_target"
    NEW_AT_TARGET = "new_at_target"
    ADDED = "added"
    REMOVED = "removed"
    NEWLY_WAIVED = "newly_waived"


@dataclass(frozen=True)
class State:
    """A control's or norm's status as judged against the comparison's target."""

    status: str
    level: int | None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "level": self.level}


@dataclass(frozen=True)
class Change:
    kind: Kind
    scope: str  # control | norm
    id: str
    norm: str
    severity: str | None
    before: State | None
    after: State | None
    message: Text
    location: Location | None = None
    finding: Text | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "scope": self.scope,
            "id": self.id,
            "norm": self.norm,
            "severity": self.severity,
            "before": self.before.to_json() if self.before else None,
            "after": self.after.to_json() if self.after else None,
            "message": self.message.to_json(),
            "location": self.location.to_json() if self.location else None,
            "finding": self.finding.to_json() if self.finding else None,
        }


@dataclass(frozen=True)
class Comparison:
    target: int
    regressions: tuple[Change, ...]
    improvements: tuple[Change, ...]
    changes: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "target_level": self.target,
            "regressions": [c.to_json() for c in self.regressions],
            "improvements": [c.to_json() for c in self.improvements],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True)
class ResultsFile:
    """A results document read from disk, with what identifies it."""

    path: str
    sha256: str
    document: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "as_of": self.document["run"]["as_of"]}


@cache
def _comparable_schema() -> dict[str, Any]:
    """The parts of the results schema that a comparison reads. Validating a whole
    document costs more than comparing two (about 0.4 s for the example board); this
    checks what ``compare`` relies on and lets everything else be."""
    full = load_schema("results")
    control, norm = full["properties"]["controls"]["items"], full["properties"]["norms"]["items"]
    check = control["properties"]["checks"]["items"]

    def part(
        of: Mapping[str, Any], keys: Sequence[str], optional: Sequence[str] = (), **extra: Any
    ) -> dict[str, Any]:
        props = {k: of["properties"][k] for k in (*keys, *optional) if k not in extra}
        return {"type": "object", "required": list(keys), "properties": {**props, **extra}}

    findings = {"type": "array", "items": {"$ref": "#/$defs/finding"}}
    checks = {"type": "array", "items": part(check, ["findings"], findings=findings)}
    return {
        "$defs": full["$defs"],
        **part(
            full,
            ["schema_version", "run", "controls", "norms"],
            run=part(full["properties"]["run"], ["as_of", "target_level"]),
            controls={
                "type": "array",
                "items": part(
                    control,
                    ["id", "norm", "status", "level_reached", "checks"],
                    ["severity", "reason", "waiver"],
                    checks=checks,
                ),
            },
            norms={
                "type": "array",
                "items": part(norm, ["id", "status", "level_reached", "controls"]),
            },
        ),
    }


def load_results(path: Path) -> ResultsFile:
    """Read and validate a ``results.json``; every problem is one line naming the file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ResultsFileError.of(cannot_read(path, exc)) from None
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise ResultsFileError.of(
            text(
                "{p}: geen resultatendocument (geen UTF-8-tekst); geef een results.json van "
                "'ibpaudit run'",
                "{p}: not a results document (not UTF-8 text); pass a results.json written "
                "by 'ibpaudit run'",
                p=path,
            )
        ) from None
    except json.JSONDecodeError as exc:
        raise ResultsFileError.of(
            text(
                "{p}:{line}:{col}: geen geldige JSON: {why}; is het bestand afgebroken of bewerkt?",
                "{p}:{line}:{col}: not valid JSON: {why}; was the file truncated or edited?",
                p=path,
                line=exc.lineno,
                col=exc.colno,
                why=exc.msg,
            )
        ) from None
    except RecursionError:
        raise ResultsFileError.of(
            text(
                "{p}: geen resultatendocument (JSON te diep genest om te lezen)",
                "{p}: not a results document (JSON nested too deeply to read)",
                p=path,
            )
        ) from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise ResultsFileError.of(
            text(
                "{p}: geen resultatendocument van ibpaudit (geen schema_version); geef een "
                "results.json van 'ibpaudit run'",
                "{p}: not an ibpaudit results document (no schema_version); "
                "pass a results.json written by 'ibpaudit run'",
                p=path,
            )
        )
    if data["schema_version"] != "1":
        raise ResultsFileError.of(
            text(
                "{p}: resultatendocument versie {v}; deze ibpaudit leest versie '1'",
                "{p}: results document version {v}; this ibpaudit reads version '1'",
                p=path,
                v=repr(data["schema_version"]),
            )
        )
    try:
        errors = schema_errors(_comparable_schema(), data)
    except RecursionError:
        errors = ["JSON nested too deeply to check"]
    if errors:
        raise ResultsFileError.of(
            text(
                "{p}: geen geldig resultatendocument: {why}; is het bewerkt?",
                "{p}: not a valid results document: {why}; was it edited?",
                p=path,
                why=errors[0],
            )
        )
    return ResultsFile(str(path), hashlib.sha256(raw).hexdigest(), data)


def _state(item: Mapping[str, Any], target: int) -> State:
    status, level = str(item["status"]), item["level_reached"]
    if status in ("error", "skipped") or level is None:
        return State(status, level)
    if level >= target:
        return State("passed", level)
    return State("waived" if status == "waived" else "failed", level)


def _first_finding(control: Mapping[str, Any]) -> tuple[Location | None, Text | None]:
    for check in control["checks"]:
        for finding in check["findings"]:
            if finding["status"] in _BAD:
                loc = finding.get("location")
                return (Location.from_json(loc) if loc else None), Text.of(finding["message"])
    return None, None


def _status(state: State) -> Text:
    return Text(nl=STATUS_NAMES["nl"][state.status], en=STATUS_NAMES["en"][state.status])


def _describe(state: State, target: int | None = None) -> Text:
    """``failed (level 2, target 3)``; the target only where given."""
    if state.level is None:
        return _status(state)
    if target is None:
        return text("{s} (niveau {l})", "{s} (level {l})", s=_status(state), l=state.level)
    return text(
        "{s} (niveau {l}, doel {t})",
        "{s} (level {l}, target {t})",
        s=_status(state),
        l=state.level,
        t=target,
    )


def _waiver_lapse(old: Mapping[str, Any], new: Mapping[str, Any]) -> Text:
    waiver = new.get("waiver")
    if waiver and waiver["state"] == "expired":
        return text(
            "ontheffing verlopen op {d} (goedgekeurd door {a})",
            "waiver expired on {d} (approved by {a})",
            d=waiver["expires"],
            a=waiver["approved_by"],
        )
    gone = old.get("waiver") or {}
    return text(
        "ontheffing ({a}, tot en met {d}) staat niet meer in waivers.yaml",
        "waiver ({a}, until {d}) is no longer in waivers.yaml",
        a=gone.get("approved_by", "?"),
        d=gone.get("expires", "?"),
    )


def _control_change(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, target: int
) -> Change | None:
    item = new if new is not None else old
    assert item is not None
    before = _state(old, target) if old is not None else None
    after = _state(new, target) if new is not None else None
    location, finding = _first_finding(new) if new is not None else (None, None)

    def change(kind: Kind, message: Text) -> Change:
        return Change(
            kind,
            "control",
            item["id"],
            item["norm"],
            item.get("severity"),
            before,
            after,
            message,
            location,
            finding,
        )

    if after is None:
        assert before is not None
        return change(
            Kind.REMOVED,
            text(
                "niet meer in de run (was {s})",
                "no longer in the run (was {s})",
                s=_describe(before),
            ),
        )
    now = _describe(after, target)
    if before is None:
        if after.status in _BAD:
            kind = Kind.NEWLY_ERROR if after.status == "error" else Kind.NEWLY_FAILED
            return change(kind, text("nieuwe control, {n}", "new control, {n}", n=now))
        return change(Kind.ADDED, text("nieuwe control, {n}", "new control, {n}", n=now))
    was = _describe(before)
    worse = after.status in _BAD and before.status not in _BAD
    if worse or (before.status == "failed" and after.status == "error"):
        assert old is not None and new is not None
        if before.status == "waived" and after.status == "failed":
            lapse = _waiver_lapse(old, new)
            return change(Kind.WAIVER_EXPIRED, text("{w}; nu {n}", "{w}; now {n}", w=lapse, n=now))
        kind = Kind.NEWLY_ERROR if after.status == "error" else Kind.NEWLY_FAILED
        return change(kind, text("was {o}, nu {n}", "was {o}, now {n}", o=was, n=now))
    if before.level is not None and (after.level is None or after.level < before.level):
        if after.level is None:
            reason = Text.of(new["reason"]) if new and new.get("reason") else _status(after)
            message = text(
                "niet meer beoordeeld ({r}); was {o}",
                "no longer judged ({r}); was {o}",
                r=reason,
                o=was,
            )
        else:
            message = text(
                "niveau gedaald: was {o}, nu {n}", "level dropped: was {o}, now {n}", o=was, n=now
            )
        return change(Kind.LEVEL_DROPPED, message)
    if before.status in _BAD and after.status == "passed":
        return change(Kind.FIXED, text("was {o}, nu {n}", "was {o}, now {n}", o=was, n=now))
    if after.level is not None and (before.level is None or after.level > before.level):
        return change(
            Kind.LEVEL_ROSE,
            text("niveau gestegen: was {o}, nu {n}", "level rose: was {o}, now {n}", o=was, n=now),
        )
    if after.status == "waived" and before.status != "waived":
        assert new is not None
        return change(
            Kind.NEWLY_WAIVED,
            text(
                "nu gedekt door een ontheffing; was {o}", "now covered by a waiver; was {o}", o=was
            ),
        )
    return None


def _norm_change(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    target: int,
    controls: Mapping[str, Mapping[str, Any]],
) -> Change | None:
    after = _state(new, target)
    before = _state(old, target) if old is not None else None
    members = [controls[c] for c in new["controls"] if c in controls]
    ranks = [m.get("severity") for m in members]
    severity = max(ranks, key=severity_rank) if ranks else None
    location, finding = next(
        (found for m in members if (found := _first_finding(m))[1] is not None), (None, None)
    )

    def change(kind: Kind, message: Text) -> Change:
        return Change(
            kind, "norm", new["id"], new["id"], severity, before, after, message, location, finding
        )

    now = _describe(after, target)
    if before is None:
        if after.status == "passed":
            return change(
                Kind.NEW_AT_TARGET,
                text("nieuwe norm op doel: {n}", "new norm at target: {n}", n=now),
            )
        return None
    was = _describe(before)
    if before.status not in _BAD and after.status in _BAD:
        return change(
            Kind.BELOW_TARGET,
            text(
                "norm onder het doel: was {o}, nu {n}",
                "norm fell below target: was {o}, now {n}",
                o=was,
                n=now,
            ),
        )
    if before.level is not None and (after.level is None or after.level < before.level):
        return change(
            Kind.LEVEL_DROPPED,
            text(
                "niveau van de norm gedaald: was {o}, nu {n}",
                "the norm's level dropped: was {o}, now {n}",
                o=was,
                n=now,
            ),
        )
    if before.status in _BAD and after.status == "passed":
        return change(
            Kind.REACHED_TARGET,
            text(
                "norm haalt het doel: was {o}, nu {n}",
                "norm reached target: was {o}, now {n}",
                o=was,
                n=now,
            ),
        )
    if after.level is not None and (before.level is None or after.level > before.level):
        return change(
            Kind.LEVEL_ROSE,
            text(
                "niveau van de norm gestegen: was {o}, nu {n}",
                "the norm's level rose: was {o}, now {n}",
                o=was,
                n=now,
            ),
        )
    return None


REGRESSIONS = frozenset(
    {
        Kind.NEWLY_FAILED,
        Kind.NEWLY_ERROR,
        Kind.WAIVER_EXPIRED,
        Kind.LEVEL_DROPPED,
        Kind.BELOW_TARGET,
    }
)
IMPROVEMENTS = frozenset({Kind.FIXED, Kind.LEVEL_ROSE, Kind.REACHED_TARGET, Kind.NEW_AT_TARGET})


def _by_current_id(
    controls: Sequence[Mapping[str, Any]], aliases: Mapping[str, str]
) -> dict[str, Mapping[str, Any]]:
    """Controls by their current ID: one whose norm moved (an alias in either document)
    is read under its new ID and norm, so that the move is no change by itself."""
    out: dict[str, Mapping[str, Any]] = {}
    for control in controls:
        current = canonical_control(control["id"], aliases)
        if current != control["id"]:
            norm = canonical_norm(control["norm"], aliases)
            control = {**control, "id": current, "norm": norm}
        out[current] = control
    return out


def compare(
    old: Mapping[str, Any], new: Mapping[str, Any], target: int | None = None
) -> Comparison:
    """What changed from ``old`` to ``new``, judged against ``target`` (default: the new
    document's target level). A norm that moved to another ID (the documents'
    ``frameworks[].aliases``) is compared under its new ID."""
    level = target if target is not None else int(new["run"]["target_level"])
    aliases = document_aliases(old, new)
    old_controls = _by_current_id(old["controls"], aliases)
    new_controls = _by_current_id(new["controls"], aliases)
    found: list[Change] = []
    for control_id in sorted(old_controls.keys() | new_controls.keys()):
        control_change = _control_change(
            old_controls.get(control_id), new_controls.get(control_id), level
        )
        if control_change is not None:
            found.append(control_change)
    old_norms = {canonical_norm(n["id"], aliases): n for n in old["norms"]}
    for norm in new["norms"]:
        norm_change = _norm_change(old_norms.get(norm["id"]), norm, level, new_controls)
        if norm_change is None:
            continue
        group = REGRESSIONS if norm_change.kind in REGRESSIONS else IMPROVEMENTS
        # A control's own change already explains its norm's.
        if not any(c.norm == norm["id"] and c.kind in group for c in found):
            found.append(norm_change)
    found.sort(key=lambda c: (c.norm, c.scope != "control", c.id))
    return Comparison(
        level,
        tuple(c for c in found if c.kind in REGRESSIONS),
        tuple(c for c in found if c.kind in IMPROVEMENTS),
        tuple(c for c in found if c.kind not in REGRESSIONS | IMPROVEMENTS),
    )
