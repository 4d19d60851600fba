"""Example third-party ibpaudit plugin: every finding as one row of a CSV file for Excel.

It adds the report format ``csv`` (file ``findings.csv``), rendered from the results
document alone, like every reporter: one row per finding with its control, norm, status,
the file, sheet, page, row or line and column it concerns, and the message, so that an
officer can sort, filter and assign the work in a spreadsheet. Use it either way:

* copy this file into the ``plugins/`` folder of a dossier (beside ``ibpaudit.yaml``), or
* ``pip install ./plugins`` from the ibpaudit checkout, which registers it under the
  ``ibpaudit`` entry-point group;

then ``ibpaudit run --format junit,html,csv``.

The file opens in Dutch Excel by a double click: UTF-8 with a byte-order mark, ``;`` as
separator, CRLF line ends. Evidence text is untrusted: a cell that Excel would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading ``'`` so that it stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from ibpaudit import ReportFormat, ReportOptions, Text, hookimpl

COLUMNS = (
    "control", "norm", "control_status", "level", "status",
    "path", "sheet", "page", "row", "line", "column", "message",
)  # fmt: skip
HEADERS = {
    "nl": (
        "maatregel", "norm", "status_maatregel", "niveau", "status",
        "bestand", "blad", "pagina", "rij", "regel", "kolom", "melding",
    ),
    "en": COLUMNS,
}  # fmt: skip
STATUS = {
    "nl": {
        "passed": "geslaagd", "failed": "gefaald", "error": "fout",
        "skipped": "overgeslagen", "waived": "ontheffing",
    },
    "en": {},
}  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(results: Mapping[str, Any], lang: str) -> Iterator[tuple[object, ...]]:
    """One tuple per finding, in the order of ``COLUMNS``."""
    status = STATUS[lang]
    for control in results.get("controls", ()):
        control_status = str(control.get("status", ""))
        for check in control.get("checks", ()):
            for finding in check.get("findings", ()):
                loc = finding.get("location") or {}
                finding_status = str(finding.get("status", ""))
                yield (
                    control.get("id"),
                    control.get("norm"),
                    status.get(control_status, control_status),
                    check.get("level"),
                    status.get(finding_status, finding_status),
                    loc.get("path"),
                    loc.get("sheet"),
                    loc.get("page"),
                    loc.get("row"),
                    loc.get("line"),
                    loc.get("column"),
                    Text.of(finding.get("message", "")).get(lang),
                )


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    lang = "en" if options.lang == "en" else "nl"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS[lang])
    for row in rows(results, lang):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="csv",
            filename="findings.csv",
            render=render,
            description=Text(
                nl="Elke bevinding als rij in een CSV-bestand (voor Excel)",
                en="Every finding as a row of a CSV file (for Excel)",
            ),
        )
    ]
