"""Registers kept as spreadsheets: .xlsx, .xlsm, .ods (and legacy .xls), read with
python-calamine (Rust; much faster than openpyxl and it reads ODS too).

Every sheet is read; the default register is the sheet named like the file, else the
first sheet with data. Another sheet can be named in ``ibpaudit.yaml``
(``bewijs.registers: {datalekken: registers/privacy.xlsx#Datalekken}``), and a sheet
named like a register is found by that name. Rows keep the numbers Excel shows; a title
row above the header is skipped. Cells arrive typed (dates, numbers, booleans).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import text
from ibpaudit.model import Evidence, EvidenceFile, Limits, Sheet
from ibpaudit.values import normalise_name

ZIPPED = frozenset({".xlsx", ".xlsm", ".ods"})
SUFFIXES = ZIPPED | {".xls"}


def _rows(
    rows: Sequence[Sequence[Any]], start: int
) -> Iterator[tuple[int, int | None, Sequence[Any]]]:
    for index in range(start, len(rows)):
        yield index + 1, None, rows[index]  # build_rows types the cells (readers.cell)


def read_sheet(
    name: str, rows: Sequence[Sequence[Any]], file: EvidenceFile, limits: Limits
) -> Sheet:
    header_index = readers.find_header(rows)
    if not rows:
        return Sheet(name, (), ())
    headers = readers.canonical_headers(rows[header_index], file, header_index + 1)
    records, problems = readers.build_rows(
        headers, _rows(rows, header_index + 1), file, limits, sheet=name
    )
    return Sheet(name, tuple(h for h in headers if h is not None), records, tuple(problems))


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    import python_calamine  # imported on first use, like the other format libraries

    if path.suffix.lower() in ZIPPED:
        readers.check_zip(path, file, limits)
        from ibpaudit.builtin.readers import _sheetscan  # XML parsing: for .xlsx only

        _sheetscan.check_workbook(path, file, limits)
    try:
        return _read_workbook(python_calamine, path, file, limits)
    except BaseException as exc:
        # A Rust panic inside calamine surfaces as pyo3's PanicException, which derives
        # from BaseException; it concerns this file only, never the run.
        if type(exc).__name__ != "PanicException":
            raise
        raise EvidenceError.of(
            text(
                "{f}: is niet als spreadsheet te lezen (de lezer gaf het op: {exc}); sla het "
                "opnieuw op vanuit het oorspronkelijke programma",
                "{f}: cannot be read as a spreadsheet (the reader gave up: {exc}); "
                "save it again from the original program",
                f=file.path,
                exc=exc,
            )
        ) from None


def _read_workbook(
    python_calamine: Any, path: Path, file: EvidenceFile, limits: Limits
) -> Evidence:
    try:
        # The bytes hashed, read once; calamine tells the format from them, as Excel does.
        workbook = python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(readers.contents(path, file))
        )
    except python_calamine.PasswordError:
        raise EvidenceError.of(
            text(
                "{f}: is beveiligd met een wachtwoord; sla het op zonder wachtwoord",
                "{f}: is password-protected; save it without a password",
                f=file.path,
            )
        ) from None
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise EvidenceError.of(
            text(
                "{f}: is niet als spreadsheet te lezen ({exc}); sla het opnieuw op als .xlsx",
                "{f}: cannot be read as a spreadsheet ({exc}); save it again as .xlsx",
                f=file.path,
                exc=exc,
            )
        ) from None
    sheets: list[Sheet] = []
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ) != str(python_calamine.SheetTypeEnum.WorkSheet):
                continue  # chart sheets and macros hold no rows
            rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets.append(read_sheet(meta.name, rows, file, limits))
    except python_calamine.CalamineError as exc:
        raise EvidenceError.of(
            text(
                "{f}: een werkblad is niet te lezen ({exc}); sla het opnieuw op als .xlsx",
                "{f}: a sheet cannot be read ({exc}); save it again as .xlsx",
                f=file.path,
                exc=exc,
            )
        ) from None
    finally:
        workbook.close()
    default = _default_sheet(sheets, path)
    return Evidence(
        file=file,
        reader="spreadsheet",
        columns=default.columns if default else (),
        records=default.records if default else (),
        problems=default.problems if default else (),
        table=True,
        sheets=tuple(sheets),
    )


def _default_sheet(sheets: Sequence[Sheet], path: Path) -> Sheet | None:
    stem = normalise_name(path.name.split(".")[0])
    for sheet in sheets:
        if normalise_name(sheet.name) == stem:
            return sheet
    return next((s for s in sheets if s.records or s.columns), sheets[0] if sheets else None)


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
