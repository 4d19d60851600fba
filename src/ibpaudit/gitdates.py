"""When each evidence file last changed, from Git when the dossier is in a repository.

A fresh clone gives every file the clone's time as its modification time, so the
filesystem cannot say how old a policy is; the last commit that touched the file can.
A file changed but not yet committed is as new as its modification time. Outside a
repository (or without git) the answer is empty and callers fall back to what the
files themselves say.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

_TIMEOUT_S = 30


def _git(root: Path, *args: str) -> str | None:
    executable = shutil.which("git")
    if executable is None:
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # read-only: no locks
    try:
        done = subprocess.run(
            [executable, "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT_S,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def last_changed(root: Path) -> dict[str, datetime] | None:
    """Dossier-relative posix path → when the file last changed in Git: its last
    commit; a file with uncommitted changes is left out (it changed just now). None
    when ``root`` is not inside a Git work tree (or git is not installed)."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    prefix = prefix.strip()
    log = _git(
        root, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", "."
    )
    if log is None:  # a repository without commits yet
        return {}
    dates: dict[str, datetime] = {}
    when: datetime | None = None
    for line in log.splitlines():
        if line.startswith("\0"):
            when = datetime.fromisoformat(line[1:].strip())
        elif line and when is not None and line not in dates:
            dates[line] = when  # the log is newest first: keep the first date seen
    dirty = _git(root, "status", "--porcelain", "--no-renames", "--untracked-files=all", "-z", ".")
    for entry in (dirty or "").split("\0"):
        if len(entry) > 3:
            path = entry[3:]
            rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            dates.pop(rel, None)
    return dates
