"""When each evidence file last changed, from Git when the dossier is in a repository.

A fresh clone gives every file the clone's time as its modification time, so the
filesystem cannot say how old a policy is; the last commit that touched the file can.
A file changed but not yet committed is as new as its modification time. Outside a
repository the answer is empty and callers fall back to what the files themselves say.

Two states look like a repository but cannot date a file, and must never pass silently
(see :func:`problem`): a shallow clone (every file seems as new as the clone: the
default of actions/checkout and GitLab CI) and a repository on a machine without git.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from ibpaudit.model import Text, text

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


def _in_repository(root: Path) -> bool:
    """Whether ``root`` lies in a Git work tree, told without git: a ``.git`` above it."""
    try:
        here = root.resolve()
    except OSError:
        return False
    return any((folder / ".git").exists() for folder in (here, *here.parents))


def problem(root: Path) -> Text | None:
    """Why Git cannot tell when the dossier's files last changed, though the dossier is
    in a repository; None when it can (or when there is no repository at all)."""
    if shutil.which("git") is None:
        if not _in_repository(root):
            return None
        return text(
            "{r} staat in een Git-repository, maar git is niet geïnstalleerd, dus de "
            "laatste commit van een bestand is niet te lezen; installeer git "
            "(bijvoorbeeld apt-get install git) in de CI-omgeving",
            "{r} is in a Git repository, but git is not installed, so the last commit of a "
            "file cannot be read; install git (for example apt-get install git) in the CI image",
            r=root,
        )
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return text(
            "dit is een ondiepe Git-kloon (shallow clone): elk bestand lijkt even oud als de "
            "kloon; haal de hele geschiedenis op (actions/checkout: fetch-depth: 0; GitLab "
            "CI: GIT_DEPTH: 0; of git fetch --unshallow)",
            "this is a shallow Git clone: every file seems as old as the clone; fetch the "
            "whole history (actions/checkout: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0; or "
            "git fetch --unshallow)",
        )
    return None
