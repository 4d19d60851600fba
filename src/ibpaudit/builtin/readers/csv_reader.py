"""CSV registers as spreadsheets save them: ``;`` or ``,`` or tab separated, UTF-8 with
or without BOM or Windows-1252, an optional ``sep=;`` first line, a header row."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import text
from ibpaudit.model import Evidence, EvidenceFile, Limits

SUFFIXES = frozenset({".csv", ".tsv"})
_DELIMITERS = (";", ",", "\t", "|")


def _delimiter(header_line: str, suffix: str) -> str:
    """The separator that splits the line most often (outside quotes), or ''."""
    if suffix == ".tsv":
        return "\t"
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ""


def _unreadable(file: EvidenceFile, line: int, exc: csv.Error) -> EvidenceError:
    return EvidenceError.of(
        text(
            "{f}: regel {line}: is niet als CSV te lezen ({exc}); controleer de "
            "aanhalingstekens op die regel",
            "{f}: line {line}: cannot be read as CSV ({exc}); check the quotes on that line",
            f=file.path,
            line=line,
            exc=exc,
        )
    )


def _too_wide(file: EvidenceFile, line: int, count: int, limit: int) -> EvidenceError:
    return EvidenceError.of(
        text(
            "{f}: regel {line}: heeft {count} kolommen, meer dan de {limit} die een register "
            "mag hebben (het maximum van Excel); exporteer alleen de kolommen van het register",
            "{f}: line {line}: has {count} columns, more than the {limit} a register "
            "may have (Excel's maximum); export only the register's own columns",
            f=file.path,
            line=line,
            count=count,
            limit=limit,
        )
    )


def _width(line: str, delimiter: str) -> int:
    """How many cells a line splits into (outside quotes only when it has quotes)."""
    if '"' not in line:
        return line.count(delimiter) + 1
    return len(next(csv.reader([line], delimiter=delimiter), []))


def _rows(
    reader: Any, first_row: int, line_offset: int, file: EvidenceFile, max_columns: int
) -> Iterator[tuple[int, int, list[str]]]:
    row = first_row
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The row's first line: where an unterminated quote opened, not the end of the
            # file where the csv module gave up looking for its close.
            raise _unreadable(file, start + line_offset, exc) from None
        if len(cells) > max_columns:
            raise _too_wide(file, start + line_offset, len(cells), max_columns)
        yield row, start + line_offset, cells
        row += 1
        start = reader.line_num + 1


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    content = readers.decode(readers.contents(path, file), file)
    if "\x00" in content:
        raise EvidenceError.of(
            text(
                "{f}: bevat NUL-bytes en is dus geen tekst-CSV; sla het vanuit het "
                "spreadsheetprogramma op als 'CSV (puntkomma-gescheiden)'",
                "{f}: contains NUL bytes, so it is not a text CSV; "
                "save it from the spreadsheet as 'CSV (puntkomma-gescheiden)'",
                f=file.path,
            )
        )
    lines = content.splitlines(keepends=True)
    line_offset = 0
    delimiter = None
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = lines[0].strip()[4]
        content = "".join(lines[1:])
        line_offset = 1
    stripped = content.lstrip("\r\n")
    if not stripped.strip():
        raise EvidenceError.of(
            text(
                "{f}: is leeg; een register heeft een kopregel nodig",
                "{f}: is empty; a register needs a header row",
                f=file.path,
            )
        )
    line_offset += content[: len(content) - len(stripped)].count("\n")
    # The separator of the first line that has one: a title row may have none, and data
    # rows may hold commas in free text, so the header decides.
    head_lines = stripped.splitlines()[:10]
    delimiter = delimiter or next(
        (d for line in head_lines if (d := _delimiter(line, path.suffix.lower()))), ","
    )
    # The header is among these lines: too wide a one stops the file before it is split.
    for number, line in enumerate(head_lines, 1 + line_offset):
        if line.count(delimiter) >= limits.max_columns:
            width = _width(line, delimiter)
            if width > limits.max_columns:
                raise _too_wide(file, number, width, limits.max_columns)
    reader = csv.reader(io.StringIO(stripped, newline=""), delimiter=delimiter, strict=True)
    # Excel numbers the first row 1 (a sep= line is not shown as a row).
    rows = _rows(reader, 1, line_offset, file, limits.max_columns)
    top = list(itertools.islice(rows, 10))
    at = readers.find_header([cells for _, _, cells in top])
    header_row, _, header = top[at]
    headers = readers.canonical_headers(header, file, header_row)
    if not any(h is not None for h in headers):
        raise EvidenceError.of(
            text(
                "{f}: rij {row} heeft geen kolomnamen; zet de kolomnamen in de kopregel",
                "{f}: row {row} has no column names; put the column names in the header row",
                f=file.path,
                row=header_row,
            )
        )
    records, problems = readers.build_rows(
        headers, itertools.chain(top[at + 1 :], rows), file, limits
    )
    return Evidence(
        file=file,
        reader="csv",
        columns=tuple(h for h in headers if h is not None),
        records=records,
        problems=tuple(problems),
        metadata_line=1 + line_offset,
        table=True,
    )


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
