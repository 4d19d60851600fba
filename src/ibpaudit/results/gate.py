"""Every exit-code rule in one place: the audit's own verdict, the waiver ceiling, and
what ``--fail-on`` (and ``--baseline``) make of a results document.

The ``--fail-on`` grammar and its rules are data: see :mod:`ibpaudit.model.gate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ibpaudit.errors import ExitCode
from ibpaudit.model.gate import FailOn


def audit_code(summary: Mapping[str, Any], problems: int) -> ExitCode:
    """The audit's own verdict against the target level: 2 for any *error* or problem,
    1 for a *failed* control or more open waivers than the ceiling allows, else 0."""
    if problems or summary["error"]:
        return ExitCode.EVIDENCE_ERROR
    ceiling = summary.get("waiver_ceiling")
    if summary["failed"] or (ceiling is not None and summary["waivers_open"] > ceiling):
        return ExitCode.FAILED  # too many exceptions: the board is not in control
    return ExitCode.PASSED


def run_code(document: Mapping[str, Any], report_problems: int = 0) -> ExitCode:
    """What ``ibpaudit run`` exits with: the gate's verdict; never less than 1 when open
    waivers exceed the ceiling; 2 when a report could not be written, whatever
    ``--fail-on`` says."""
    code = ExitCode(int(document["gate"]["exit_code"]))
    summary = document["summary"]
    ceiling = summary["waiver_ceiling"]
    if ceiling is not None and summary["waivers_open"] > ceiling:
        code = max(code, ExitCode.FAILED)
    if report_problems:
        code = max(code, ExitCode.EVIDENCE_ERROR)
    return code


def exit_code(
    document: Mapping[str, Any],
    fail_on: FailOn,
    regressions: Sequence[Mapping[str, Any]] = (),
) -> tuple[ExitCode, list[str]]:
    """The exit code ``fail_on`` gives this results document, and the rules that fired.

    ``regressions`` are the baseline comparison's regressions (each with a
    ``severity``); *error* outranks *failed* and *regression*, as exit code 2 outranks 1.
    """
    fired: list[str] = []
    for rule in fail_on.rules:
        if rule.outcome == "regression":
            hit = any(rule.covers(r.get("severity")) for r in regressions)
        else:
            hit = any(
                c["status"] == rule.outcome and rule.covers(c.get("severity"))
                for c in document["controls"]
            )
            if rule.outcome == "error" and document["problems"]:
                hit = True
        if hit:
            fired.append(str(rule))
    if any(f.startswith("error") for f in fired):
        return ExitCode.EVIDENCE_ERROR, fired
    return (ExitCode.FAILED if fired else ExitCode.PASSED), fired
