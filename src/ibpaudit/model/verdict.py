"""Verdicts: a status, the findings behind it, and the results of checks and controls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ibpaudit.i18n import Text
from ibpaudit.model.evidence import Location

if TYPE_CHECKING:  # a verdict names the control it judges; the catalog names Status
    from ibpaudit.model.catalog import CheckSpec, Control
    from ibpaudit.model.run import Waiver


class Status(StrEnum):
    """A control's or check's verdict; maps one-to-one onto JUnit."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    WAIVED = "waived"

    @classmethod
    def worst(cls, statuses: list[Status] | tuple[Status, ...]) -> Status:
        """ERROR beats FAILED beats PASSED; an empty list passes."""
        if Status.ERROR in statuses:
            return Status.ERROR
        if Status.FAILED in statuses:
            return Status.FAILED
        return Status.PASSED


@dataclass(frozen=True, slots=True)
class Finding:
    """A reason for a check's verdict, pointing at the evidence it rests on."""

    status: Status
    message: Text
    location: Location | None = None
    school: str | None = None  # BRIN, when the finding concerns one school

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.value, "message": self.message.to_json()}
        if self.location is not None:
            out["location"] = self.location.to_json()
        if self.school is not None:
            out["school"] = self.school
        return out


_STATUS_OF = attrgetter("status")


@dataclass(frozen=True)
class CheckOutcome:
    """What a check returns: findings (failed/error) and the evidence it looked at."""

    # A tuple, or findings on register rows made when read (see model/rowfindings.py).
    findings: Sequence[Finding] = ()
    evidence: tuple[Location, ...] = ()

    @cached_property  # asked for often; a check may have 100,000 findings
    def status(self) -> Status:
        if type(self.findings) is tuple:
            return Status.worst(tuple(set(map(_STATUS_OF, self.findings))))
        from ibpaudit.model.rowfindings import statuses

        return Status.worst(tuple(set(statuses(self.findings))))


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome in one run, with the plugin that judged it and its time."""

    spec: CheckSpec
    plugin: str | None
    description: Text
    outcome: CheckOutcome
    duration_ms: float
    school: str | None = None  # BRIN, for a control judged per school

    @property
    def status(self) -> Status:
        return self.outcome.status


@dataclass(frozen=True)
class ControlResult:
    """A control's verdict in one run: its status, the level reached against the target,
    every check's result, and why (a reason, a waiver, stale evidence)."""

    control: Control
    status: Status
    level_reached: int | None
    target_level: int
    checks: tuple[CheckResult, ...]
    reason: Text | None
    waiver: Waiver | None
    duration_ms: float
    stale: bool = False  # evidence older than max_evidence_age
    schools: tuple[tuple[str, Status, int | None], ...] = ()  # scope: school
