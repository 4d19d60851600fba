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

# The questions put to Git, each one process. They do not depend on each other, so they
# run side by side, and a run starts them before it reads the catalog and the dossier
# (:class:`Reading`): their answers are ready by the time a control asks.
_QUESTIONS: dict[str, tuple[str, ...]] = {
    # One line each: "true" in a shallow clone, then the folder's path in the work tree.
    "where": ("rev-parse", "--is-shallow-repository", "--show-prefix"),
    "log": ("log", "--format=%x00%cI", "--name-only", "--no-renames", "--relative", "--", "."),
    "status": ("status", "--porcelain", "--no-renames", "--untracked-files=all", "-z", "."),
}


class Reading:
    """Git's answers about one dossier folder, each question asked once, in its own
    process; ``ask`` starts the questions (all of them by default) without waiting for
    any, :meth:`problem` and :meth:`last_changed` wait for the answers they need. Git
    only reads here (``GIT_OPTIONAL_LOCKS=0``); an answer that does not come within
    30 seconds counts as none."""

    def __init__(self, root: Path, ask: tuple[str, ...] = tuple(_QUESTIONS)) -> None:
        self.root = root
        self.executable = shutil.which("git")
        self._running: dict[str, subprocess.Popen[str]] = {}
        self._answers: dict[str, str | None] = {}
        for question in ask:
            self._start(question)

    def _start(self, question: str) -> None:
        if question in self._running or question in self._answers:
            return
        if self.executable is None:
            self._answers[question] = None
            return
        env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}  # read-only: no locks
        try:
            self._running[question] = subprocess.Popen(
                [self.executable, "-C", str(self.root), *_QUESTIONS[question]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
            )
        except OSError:
            self._answers[question] = None

    def answer(self, question: str) -> str | None:
        """Git's output for ``question``, or None when git failed or is not there."""
        if question not in self._answers:
            self._start(question)
            process = self._running.pop(question, None)
            self._answers[question] = None if process is None else _finish(process)
        return self._answers[question]

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop what is still running (an answer no one asked for)."""
        for process in self._running.values():
            _stop(process)
        self._running.clear()

    def problem(self) -> Text | None:
        """See :func:`problem`."""
        if self.executable is None:
            if not _in_repository(self.root):
                return None
            return text(
                "{r} staat in een Git-repository, maar git is niet geïnstalleerd, dus de "
                "laatste commit van een bestand is niet te lezen; installeer git "
                "(bijvoorbeeld apt-get install git) in de CI-omgeving",
                "{r} is in a Git repository, but git is not installed, so the last commit of "
                "a file cannot be read; install git (for example apt-get install git) in the "
                "CI image",
                r=self.root,
            )
        if self._where()[0] == "true":
            return text(
                "dit is een ondiepe Git-kloon (shallow clone): elk bestand lijkt even oud als "
                "de kloon; haal de hele geschiedenis op (actions/checkout: fetch-depth: 0; "
                "GitLab CI: GIT_DEPTH: 0; of git fetch --unshallow)",
                "this is a shallow Git clone: every file seems as old as the clone; fetch the "
                "whole history (actions/checkout: fetch-depth: 0; GitLab CI: GIT_DEPTH: 0; or "
                "git fetch --unshallow)",
            )
        return None

    def _where(self) -> tuple[str | None, str]:
        """Whether the repository is shallow ("true" or "false"; None outside a work
        tree) and the folder's prefix in the work tree ("" at its top)."""
        lines = (self.answer("where") or "").split("\n")
        if len(lines) < 2:
            return None, ""
        return lines[0].strip(), lines[1].strip()

    def last_changed(self) -> dict[str, datetime] | None:
        """See :func:`last_changed`."""
        shallow, prefix = self._where()
        if shallow is None:
            return None
        log = self.answer("log")
        if log is None:  # a repository without commits yet
            return {}
        dates: dict[str, datetime] = {}
        when: datetime | None = None
        for line in log.splitlines():
            if line.startswith("\0"):
                when = datetime.fromisoformat(line[1:].strip())
            elif line and when is not None and line not in dates:
                dates[line] = when  # the log is newest first: keep the first date seen
        for entry in (self.answer("status") or "").split("\0"):
            if len(entry) > 3:
                path = entry[3:]
                rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
                dates.pop(rel, None)
        return dates


def _finish(process: subprocess.Popen[str]) -> str | None:
    try:
        out, _ = process.communicate(timeout=_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _stop(process)
        return None
    return out if process.returncode == 0 else None


def _stop(process: subprocess.Popen[str]) -> None:
    """Kill ``process`` if it still runs, and reap it."""
    if process.poll() is None:
        process.kill()
    process.communicate()


def last_changed(root: Path) -> dict[str, datetime] | None:
    """Dossier-relative posix path → when the file last changed in Git: its last
    commit; a file with uncommitted changes is left out (it changed just now). None
    when ``root`` is not inside a Git work tree (or git is not installed)."""
    with Reading(root, ("where", "log", "status")) as reading:
        return reading.last_changed()


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
    with Reading(root, ("where",)) as reading:
        return reading.problem()
