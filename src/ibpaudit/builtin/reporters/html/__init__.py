"""The built-in HTML reporter plugin: a self-contained report for people (see
:mod:`ibpaudit.builtin.reporters.html.page`). Registering it imports nothing heavy:
the page's modules are imported when a report is rendered, so a run without the HTML
format (``validate``, ``-f junit``, ``explain``) does not pay for them.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text

__all__ = ["render"]


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    """The report's bytes (see :func:`ibpaudit.builtin.reporters.html.page.render`)."""
    from ibpaudit.builtin.reporters.html import page

    return page.render(results, options)


def _history_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        # "nl\nen": the command line shows the line in its language
        raise argparse.ArgumentTypeError(
            f"map '{value}' bestaat niet\nfolder '{value}' does not exist"
        )
    return path


@hookimpl
def ibpaudit_add_options(parser: argparse.ArgumentParser) -> None:
    lang = getattr(parser, "lang", "nl")  # the help's language (see the hookspec)
    parser.add_argument(
        "--history",
        type=_history_dir,
        metavar=Text(nl="MAP", en="DIR").get(lang),
        help=Text(
            nl="HTML-rapport: eerdere resultaten (*.json in MAP) voor het verloop",
            en="HTML report: earlier results documents (*.json in DIR) for the trend section",
        ).get(lang),
    )


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="html",
            filename="report.html",
            render=render,
            description=Text(
                nl="Zelfstandig HTML-rapport voor mensen (bestuur, FG, auditor)",
                en="Self-contained HTML report for people (board, DPO, auditor)",
            ),
        )
    ]
