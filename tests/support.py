"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ibpaudit.model import CheckOutcome, Status

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


def update_config(root: Path, changes: dict[str, object]) -> None:
    """Merge ``changes`` into a dossier's ibpaudit.yaml (lists are appended to)."""
    import yaml

    path = root / "ibpaudit.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def merge(into: dict[str, object], extra: dict[str, object]) -> None:
        for key, value in extra.items():
            current = into.get(key)
            if isinstance(current, dict) and isinstance(value, dict):
                merge(current, value)
            elif isinstance(current, list) and isinstance(value, list):
                current.extend(value)
            else:
                into[key] = value

    merge(data, changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def git(repo: Path, *args: str, when: str | None = None) -> None:
    """Run git in ``repo`` as a fixed test author, optionally at a fixed date."""
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)
