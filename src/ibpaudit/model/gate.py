"""The CI gate's inputs as data: which controls a run covers (``--only``/``--skip``)
and which outcomes make it fail (``--fail-on``).

``--fail-on`` grammar, a comma list (or a YAML list in ``ibpaudit.yaml``)::

    item     := outcome [":" severity] | severity
    outcome  := failed | error | regression
    severity := low | medium | high | critical      (that severity and above)

``failed:high`` fails on failed controls of severity high or critical; a bare severity
such as ``high`` means ``failed:high,error:high``. ``error`` also covers problems that
belong to no control (an unreadable file, a plugin that failed), whatever its severity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ibpaudit.i18n import Text, text
from ibpaudit.model.catalog import Control

SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
OUTCOMES: tuple[str, ...] = ("failed", "error", "regression")


class GateSpecError(ValueError):
    """A ``--fail-on`` value or a selector that cannot be used; the caller names the source.
    ``str()`` is the English, ``text`` the message in both languages."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.text = message


def severity_rank(severity: str | None) -> int:
    """Position on the scale; an unknown or missing severity counts as the highest, so a
    severity threshold never hides it."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class Rule:
    """Fail on ``outcome`` for controls of ``min_severity`` and above."""

    outcome: str
    min_severity: str = "low"

    def covers(self, severity: str | None) -> bool:
        return severity_rank(severity) >= severity_rank(self.min_severity)

    def __str__(self) -> str:
        return self.outcome if self.min_severity == "low" else f"{self.outcome}:{self.min_severity}"


@dataclass(frozen=True)
class FailOn:
    """The rules that decide which outcomes fail the run (``--fail-on``)."""

    rules: tuple[Rule, ...]

    def rule(self, outcome: str) -> Rule | None:
        return next((r for r in self.rules if r.outcome == outcome), None)

    def to_json(self) -> list[str]:
        return [str(r) for r in self.rules]


def parse_fail_on(value: str | Iterable[str]) -> FailOn:
    """Parse the grammar above; the same outcome twice keeps the lowest threshold."""
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    found: dict[str, str] = {}
    for raw in items:
        item = raw.strip().lower()
        if not item:
            continue
        outcome, _, severity = item.partition(":")
        if outcome in SEVERITIES and not severity:
            pairs = [("failed", outcome), ("error", outcome)]
        elif outcome in OUTCOMES and (not severity or severity in SEVERITIES):
            pairs = [(outcome, severity or "low")]
        else:
            raise GateSpecError(
                text(
                    "'{raw}' is geen uitkomst; gebruik {outcomes}, eventueel met ':ernst' "
                    "({severities}), bijv. failed:high,error",
                    "'{raw}' is not an outcome; use {outcomes}, optionally with ':severity' "
                    "({severities}), e.g. failed:high,error",
                    raw=raw.strip(),
                    outcomes=", ".join(OUTCOMES),
                    severities=", ".join(SEVERITIES),
                )
            )
        for name, level in pairs:
            if name not in found or severity_rank(level) < severity_rank(found[name]):
                found[name] = level
    if not found:
        raise GateSpecError(
            text(
                "leeg; noem minstens een van {outcomes}",
                "empty; name at least one of {outcomes}",
                outcomes=", ".join(OUTCOMES),
            )
        )
    return FailOn(tuple(Rule(o, found[o]) for o in OUTCOMES if o in found))


DEFAULT = parse_fail_on("failed,error")
BASELINE_DEFAULT = parse_fail_on("error,regression")


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Repeatable options of comma lists, flattened and stripped."""
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


@dataclass(frozen=True)
class Selection:
    """Which controls a run covers: by control ID, norm ID, domain or tag (any case)."""

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    only_from: str = "--only"

    def includes(self, control: Control, domain: str) -> bool:
        keys = {k.lower() for k in (control.id, control.norm, domain, *control.tags)}
        if self.only and not any(s.lower() in keys for s in self.only):
            return False
        return not any(s.lower() in keys for s in self.skip)

    def to_json(self) -> dict[str, Any]:
        return {"only": list(self.only), "skip": list(self.skip)}
