"""The built-in SARIF log reporter plugin (the format: :mod:`ibpaudit.builtin.reporters.
sarif.log`). Registering it imports nothing heavy: the module that writes the
SARIF log is imported when one is rendered, so a run without this format does not pay
for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text

__all__ = ["render"]


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    """The report's bytes (see :func:`ibpaudit.builtin.reporters.sarif.log.render`)."""
    from ibpaudit.builtin.reporters.sarif import log

    return log.render(results, options)


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="sarif",
            filename="results.sarif",
            render=render,
            description=Text(
                nl="SARIF 2.1.0 voor GitHub code scanning: bevindingen op de bewijsbestanden",
                en="SARIF 2.1.0 for GitHub code scanning: findings on the evidence files",
            ),
        )
    ]
