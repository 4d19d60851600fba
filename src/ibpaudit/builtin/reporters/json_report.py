"""The results document itself, as UTF-8 JSON: the format machines read and reports are
regenerated from."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    """Key order is kept as the engine wrote it; non-ASCII text stays readable.

    Compact, because only compact output uses the C encoder (``indent`` falls back to
    pure Python, several times slower on a large dossier); ``python -m json.tool``
    pretty-prints it.
    """
    body = json.dumps(dict(results), ensure_ascii=False, separators=(",", ":"))
    body += "\n"  # in place: the only reference (a large document is not copied again)
    return body.encode()


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="json",
            filename="results.json",
            render=render,
            description=Text(
                nl="Het volledige resultatendocument als JSON (voor machines)",
                en="The complete results document as JSON (for machines)",
            ),
        )
    ]
