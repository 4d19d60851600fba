"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
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


def wait_until_settled(folders: Iterable[str]) -> None:
    """Sleep until none of ``folders`` changed in the last
    :data:`ibpaudit.engine.entrypoints.SETTLED_NS` (no wait when none did): only then
    does a run remember which plugins are installed on a path holding them."""
    from ibpaudit.engine.entrypoints import SETTLED_NS

    newest = max((Path(f).stat().st_mtime_ns for f in folders if Path(f).is_dir()), default=0)
    time.sleep(max(0.0, (newest + SETTLED_NS - time.time_ns()) / 1e9 + 0.1))


def age(folder: Path) -> None:
    """As if ``folder`` last changed an hour ago (a settled site-packages)."""
    long_ago = time.time() - 3600
    os.utime(folder, (long_ago, long_ago))


def settled_python(here: Path, env: Mapping[str, str]) -> Callable[..., str]:
    """A ``python -c`` runner whose ``sys.path`` holds no folder that changed recently.

    ``python -c`` puts its working folder first: ``here`` becomes that folder, dated an
    hour back, and the runner waits until the rest of the path (a venv installed seconds
    ago) has settled (:func:`wait_until_settled`), so a test of what a second run does not
    import does not depend on what else the machine just wrote. The runner takes the
    code and its arguments and returns the output."""
    here.mkdir(parents=True, exist_ok=True)
    age(here)

    def python(code: str, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code, *args], env=dict(env), cwd=here,
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    wait_until_settled(json.loads(python("import json, sys; print(json.dumps(sys.path[1:]))")))
    return python


# The first lines of a ``python -c`` probe that tells which modules its code imported. The
# interpreter may load some before that code starts (a ``.pth`` file in site-packages runs
# at start-up: one seen on a CI machine imports certifi, and with it zipfile); what was
# loaded before the probe's first line is not the code's doing.
PROBE_START = "import sys\n_before = set(sys.modules)\n"


def imported(modules: Iterable[str]) -> str:
    """An expression for a probe begun with :data:`PROBE_START` that unpacks, for each of
    ``modules``, whether the probe's code imported it (already loaded counts as not)."""
    return f"*(m in sys.modules and m not in _before for m in {tuple(modules)!r})"
