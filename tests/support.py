"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ibpaudit.models import CheckOutcome, Status

AS_OF = date(2026, 11, 23)  # the example board's peildatum
PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_BOARD = PROJECT / "evidence"


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


Cli = Callable[..., CliResult]


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file below ``root``, to prove evidence was not touched."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


Judge = Callable[..., CheckOutcome]


def messages(outcome: CheckOutcome, status: Status | None = None) -> list[str]:
    """The English messages of an outcome's findings, optionally of one status."""
    return [f.message.en for f in outcome.findings if status is None or f.status is status]


def statuses(outcome: CheckOutcome) -> list[Status]:
    return [f.status for f in outcome.findings]
