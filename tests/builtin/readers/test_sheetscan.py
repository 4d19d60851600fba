"""The sheet area is measured as calamine will place the cells, before it allocates:
ordinary spreadsheets pass untouched, hostile ones are refused by name and limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibpaudit.builtin.readers import _sheetscan, spreadsheet
from ibpaudit.errors import EvidenceError
from ibpaudit.model import EvidenceFile, Limits
from office import ODS_CELL, inline_cell, raw_ods, raw_xlsx, write_xlsx


def _file(rel: str) -> EvidenceFile:
    return EvidenceFile(rel, "0" * 64, 0, "2026-10-31T09:00:00+00:00")


def _cells(refs: list[str | None], row: str = "1") -> str:
    return f'<row r="{row}">' + "".join(inline_cell(r, "x") for r in refs) + "</row>"


@pytest.mark.parametrize(
    ("sheet", "rows", "columns"),
    [
        (_cells(["A1", "C1"]) + _cells(["B7"], "7"), 7, 3),
        (_cells(["A1", "AD1"]), 1, 30),
        (_cells(["a1", "ad3"]), 3, 30),  # calamine accepts lower case
        (_cells([None, None, None]) + "<row>" + inline_cell(None, "y") + "</row>", 2, 3),
        ('<row r="9"><c t="inlineStr" r="D9"><is><t>x</t></is></c></row>', 9, 4),
    ],
    ids=["canonical", "wide", "lower-case", "by-position", "attribute-order"],
)
def test_extent_is_where_calamine_puts_the_last_cell(
    tmp_path: Path, sheet: str, rows: int, columns: int
) -> None:
    import zipfile

    path = raw_xlsx(tmp_path / "r.xlsx", sheet)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/worksheets/sheet1.xml")
    extent = _sheetscan.xlsx_extent(data, _file("r.xlsx"), "Blad1")
    assert (extent.rows, extent.columns) == (rows, columns)


def test_only_the_cells_inside_sheet_data_are_measured() -> None:
    """The sheet is searched in place between <sheetData> and </sheetData>; a
    reference-like text before or after them is no cell."""
    cells = _cells(["A1", "C1"]) + _cells(["B7"], "7")
    data = (
        '<worksheet><sheetPr><c r="ZZ99"/></sheetPr><sheetData>'
        + cells
        + '</sheetData><extLst><c r="XFD1048576"/></extLst></worksheet>'
    ).encode()
    extent = _sheetscan.xlsx_extent(data, _file("r.xlsx"), "Blad1")
    assert (extent.rows, extent.columns) == (7, 3)
    # Without <sheetData> the whole part is searched.
    whole = _sheetscan.xlsx_extent(cells.encode(), _file("r.xlsx"), "Blad1")
    assert (whole.rows, whole.columns) == (7, 3)


def test_an_ordinary_workbook_reads_as_before(tmp_path: Path) -> None:
    rows = [["leverancier", "product"], *[[f"L{i}", f"P{i}"] for i in range(50)]]
    path = write_xlsx(tmp_path / "applicaties.xlsx", {"Applicaties": rows})
    evidence = spreadsheet.read(path, _file("registers/applicaties.xlsx"), Limits())
    assert len(evidence.records) == 50


def test_libreoffice_empty_tail_costs_nothing(tmp_path: Path) -> None:
    """LibreOffice repeats an empty row to the sheet's last row; that is no data."""
    table = (
        "<table:table-row>" + ODS_CELL.format("leverancier") + ODS_CELL.format("product")
        + "</table:table-row><table:table-row>" + ODS_CELL.format("A") + ODS_CELL.format("B")
        + '</table:table-row><table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )  # fmt: skip
    path = raw_ods(tmp_path / "applicaties.ods", table)
    evidence = spreadsheet.read(path, _file("registers/applicaties.ods"), Limits())
    assert [r.values for r in evidence.records] == [{"leverancier": "A", "product": "B"}]


def test_cell_limit_is_configurable_and_named(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "r.xlsx", _cells(["A1"]) + _cells(["J10"], "10"))
    limits = Limits(max_cells=99)
    with pytest.raises(EvidenceError) as caught:
        spreadsheet.read(path, _file("registers/r.xlsx"), limits)
    assert str(caught.value).startswith("registers/r.xlsx: sheet 'Blad1' spans A1:J10 (100 cells)")
    assert "99 allowed" in str(caught.value)
    assert spreadsheet.read(path, _file("registers/r.xlsx"), Limits(max_cells=100)).columns


@pytest.mark.parametrize("count", ["-5", "0", "1e9", "99999999999"])
def test_invalid_repeat_counts_are_refused(tmp_path: Path, count: str) -> None:
    table = f'<table:table-row table:number-rows-repeated="{count}">{ODS_CELL.format("x")}'
    path = raw_ods(tmp_path / "r.ods", table + "</table:table-row>")
    with pytest.raises(EvidenceError, match=r"^registers/r\.ods: content\.xml repeats rows"):
        spreadsheet.read(path, _file("registers/r.ods"), Limits())


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (16384, "XFD")])
def test_column_letters_round_trip(number: int, letters: str) -> None:
    assert _sheetscan.column_letters(number) == letters
    assert _sheetscan.column_number(letters) == number
