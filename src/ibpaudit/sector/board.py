"""One board audited in a worker process: the same engine, catalog and reports as
``ibpaudit run``. What comes back is small and picklable: the board's redacted results
document (as its ``results.json`` holds it) or an error record, never an exception."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit import __version__
from ibpaudit.errors import ExitCode, IbpauditError


@dataclass(frozen=True)
class Task:
    """What a worker needs to audit one board (plain values: it crosses processes)."""

    board: str
    root: str
    output: str
    as_of: date | None = None
    lang: str | None = None


def failure(board: str, message: str) -> dict[str, Any]:
    """The record of a board that could not be audited."""
    return {
        "board": board,
        "ok": False,
        "error": message,
        "exit_code": int(ExitCode.EVIDENCE_ERROR),
    }


def audit(task: Task) -> dict[str, Any]:
    """Audit ``task.board`` and write its reports under ``task.output``; a user error or a
    bug in one dossier is that board's error record, never the run's end."""
    try:
        return _audit(task)
    except IbpauditError as exc:
        return failure(task.board, exc.in_language(task.lang or "nl"))
    except Exception as exc:  # one board's bug must not stop the sector
        return failure(
            task.board, f"internal error (ibpaudit {__version__}): {type(exc).__name__}: {exc}"
        )


def _audit(task: Task) -> dict[str, Any]:
    from ibpaudit import engine, results
    from ibpaudit.engine.publish import publish
    from ibpaudit.model import ReportOptions
    from ibpaudit.model.gate import DEFAULT
    from ibpaudit.results.gate import run_code

    root = Path(task.root)
    run = engine.open_run(
        root,
        as_of=task.as_of,
        lang=task.lang,
        command=("ibpaudit", "sector", "run", task.board),
    )
    document = results.add_gate(engine.audit(run), run.config.fail_on or DEFAULT)
    problems_before = len(run.plugins.problems)
    options = ReportOptions(lang=run.lang)
    publish(document, run, list(run.config.formats), Path(task.output), options)
    code = run_code(document, len(run.plugins.problems) - problems_before)
    return {"board": task.board, "ok": True, "results": document, "exit_code": int(code)}


def ignore_interrupt() -> None:
    """A worker's initializer: Ctrl-C on the terminal reaches every process in its group;
    the parent alone decides to stop (and stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
