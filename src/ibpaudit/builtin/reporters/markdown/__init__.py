"""The built-in Markdown summary reporter plugin (the format: :mod:`ibpaudit.builtin.reporters.
markdown.summary`). Registering it imports nothing heavy: the module that writes the
Markdown summary is imported when one is rendered, so a run without this format does not pay
for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text

__all__ = ["render"]


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    """The report's bytes (see :func:`ibpaudit.builtin.reporters.markdown.summary.render`)."""
    from ibpaudit.builtin.reporters.markdown import summary

    return summary.render(results, options)


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="markdown",
            filename="summary.md",
            render=render,
            description=Text(
                nl="Samenvatting in Markdown voor CI-pagina's (GitHub-stapsamenvatting)",
                en="Markdown summary for CI job pages (GitHub step summary)",
            ),
        )
    ]
