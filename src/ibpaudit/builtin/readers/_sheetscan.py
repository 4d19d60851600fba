"""The area a spreadsheet will occupy, measured from its XML before python-calamine opens it.

python-calamine allocates every sheet as a dense grid from the first to the last cell it
holds, so one cell at XFD1048576 asks for 17 billion cells and aborts the interpreter; a
garbage reference (``ZZZZZZZZ9999999999``) panics or aborts it; an ODS row with
``number-rows-repeated="1000000"`` expands a few hundred bytes into gigabytes; a truncated
ODS ``content.xml`` makes it loop forever. This module finds all of that first, as calamine
would place the cells, and refuses the file with a message naming the sheet and the limit.

Spreadsheets written by Excel, LibreOffice and openpyxl give every cell its reference, so
an .xlsx sheet is measured with a few regular-expression passes over its bytes; a sheet
with cells placed by position, and every .ods, is walked with expat (which also proves the
XML well-formed).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import Text, text
from ibpaudit.model import EvidenceFile, Limits

MAX_EXCEL_ROWS = 1_048_576
MAX_EXCEL_COLUMNS = 16_384  # XFD

# Every cell as Excel, LibreOffice and openpyxl write it: ``<c r="B7"`` first. A cell
# written otherwise (no reference, another attribute first, a namespace prefix, a
# garbage reference) sends the sheet to the exact, slower walk.
# (Two patterns, not one alternation: a literal start lets re skip ahead in C.)
_NOT_CANONICAL = re.compile(rb'<c(?! r="[A-Za-z]{1,3}[1-9][0-9]{0,6}")')
_PREFIXED = re.compile(rb":c[\s/>]")
_WIDE = re.compile(rb'<c r="([A-Za-z]{2,3})[0-9]')
_NARROW = re.compile(rb'<c r="([A-Za-z])[0-9]')
_ROWS = tuple(
    re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{%d,%d})"' % (low, high))
    for low, high in ((6, 7), (5, 5), (4, 4), (1, 3))
)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REF = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})")


@dataclass(frozen=True)
class Extent:
    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_workbook(path: Path, file: EvidenceFile, limits: Limits) -> None:
    """Raise EvidenceError when a sheet of this .xlsx/.xlsm/.ods would exceed the limits
    (the zip container itself was checked by ``ibpaudit.readers.check_zip`` already)."""
    with zipfile.ZipFile(io.BytesIO(readers.contents(path, file))) as archive:
        names = archive.namelist()
        if path.suffix.lower() == ".ods":
            for name in names:
                if name == "content.xml":
                    _check_ods(_read(archive, name, file), file, limits)
            return
        shown = _sheet_names(archive, names)
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                extent = xlsx_extent(_read(archive, name, file), file, name)
                _within(extent, shown.get(name, name), file, limits)


def _sheet_names(archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    """Worksheet part -> the sheet's name as Excel shows it (for messages only).
    DOCTYPEs were refused by the zip check, so ElementTree sees plain XML."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, EOFError):
        return {}  # calamine will say what is wrong with them
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        part = targets.get(sheet.get(f"{_RELS}id"))
        if part is not None:
            out[part] = sheet.get("name", part)
    return out


def _read(archive: zipfile.ZipFile, name: str, file: EvidenceFile) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise EvidenceError.of(
            text(
                "{f}: onderdeel '{part}' kan niet worden uitgepakt ({exc}); het bestand is "
                "beschadigd of onvolledig",
                "{f}: part '{part}' cannot be unpacked ({exc}); the file is corrupt or truncated",
                f=file.path,
                part=name,
                exc=exc,
            )
        ) from None


def _within(extent: Extent, sheet: str, file: EvidenceFile, limits: Limits) -> None:
    if extent.rows > MAX_EXCEL_ROWS or extent.columns > MAX_EXCEL_COLUMNS:
        raise EvidenceError.of(
            text(
                "{f}: werkblad '{sheet}' loopt tot rij {rows}, kolom {columns}, voorbij het "
                "grootste werkblad dat een spreadsheet kan bevatten ({max_rows} rijen, "
                "{max_columns} kolommen); sla het opnieuw op vanuit het oorspronkelijke programma",
                "{f}: sheet '{sheet}' reaches row {rows}, column {columns}, "
                "beyond the largest sheet a spreadsheet can hold ({max_rows} rows, "
                "{max_columns} columns); save it again from the original program",
                f=file.path,
                sheet=sheet,
                rows=extent.rows,
                columns=extent.columns,
                max_rows=MAX_EXCEL_ROWS,
                max_columns=MAX_EXCEL_COLUMNS,
            )
        )
    if extent.cells > limits.max_cells:
        corner = f"{column_letters(extent.columns)}{extent.rows}"
        raise EvidenceError.of(
            text(
                "{f}: werkblad '{sheet}' beslaat A1:{corner} ({cells} cellen), meer dan de "
                "toegestane {limit}; verwijder losse cellen ver van de tabel, splits het "
                "register of verhoog bewijs.max_cellen in ibpaudit.yaml",
                "{f}: sheet '{sheet}' spans A1:{corner} ({cells} cells), more "
                "than the {limit} allowed; delete the stray cells far from the "
                "table, split the register, or raise bewijs.max_cellen in ibpaudit.yaml",
                f=file.path,
                sheet=sheet,
                corner=corner,
                cells=f"{extent.cells:,}",
                limit=f"{limits.max_cells:,}",
            )
        )


def xlsx_extent(data: bytes, file: EvidenceFile, part: str) -> Extent:
    """Rows and columns of the grid calamine will build for this worksheet XML."""
    # The patterns search the cells in place (pos, endpos): a slice would copy a sheet
    # of tens of megabytes once more.
    begin, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if not 0 <= begin < end:
        begin, end = 0, len(data)
    if (
        _NOT_CANONICAL.search(data, begin, end) is not None
        or _PREFIXED.search(data, begin, end) is not None
    ):
        return _xlsx_extent_by_position(data, file, part)
    letters = set(_WIDE.findall(data, begin, end)) or set(_NARROW.findall(data, begin, end))
    columns = max((column_number(x.decode("ascii")) for x in letters), default=0)
    rows = 0
    for pattern in _ROWS:
        found = set(pattern.findall(data, begin, end))
        if found:
            rows = max(int(x) for x in found)
            break
    return Extent(rows, columns)


def _parser(
    file: EvidenceFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
) -> Callable[[bytes], None]:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end

    def feed(data: bytes) -> None:
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise EvidenceError.of(
                text(
                    "{f}: onderdeel '{part}' is geen geldige XML (regel {line}, kolom {column}: "
                    "{why}); het bestand is beschadigd of onvolledig",
                    "{f}: part '{part}' is not well-formed XML (line {line}, "
                    "column {column}: {why}); the file is corrupt or truncated",
                    f=file.path,
                    part=part,
                    line=exc.lineno,
                    column=exc.offset,
                    why=expat.ErrorString(exc.code),
                )
            ) from None

    return feed


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _xlsx_extent_by_position(data: bytes, file: EvidenceFile, part: str) -> Extent:
    """As calamine places cells: at their reference, or after the previous cell in the
    row when they have none; a reference that is no cell is refused."""
    state = {"row": 0, "col": 0, "rows": 0, "cols": 0}

    def invalid(ref: str) -> EvidenceError:
        return EvidenceError.of(
            text(
                "{f}: onderdeel '{part}' bevat de ongeldige celverwijzing '{ref}'; sla het "
                "bestand opnieuw op vanuit het oorspronkelijke programma",
                "{f}: part '{part}' holds the invalid cell reference '{ref}'; "
                "save the file again from the original program",
                f=file.path,
                part=part,
                ref=ref[:40],
            )
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "row":
            ref = attrs.get("r")
            if ref is not None and not (ref.isdigit() and 0 < len(ref) <= 7 and int(ref)):
                raise invalid(ref)
            state["row"] = int(ref) if ref else state["row"] + 1
            state["col"] = 0
        elif tag == "c":
            ref = attrs.get("r")
            if ref is not None:
                match = _REF.fullmatch(ref)
                if match is None:
                    raise invalid(ref)
                state["col"] = column_number(match.group(1))
                row = int(match.group(2))
            else:
                state["col"] += 1
                row = max(state["row"], 1)
            state["rows"] = max(state["rows"], row)
            state["cols"] = max(state["cols"], state["col"])

    _parser(file, part, start)(data)
    return Extent(state["rows"], state["cols"])


@dataclass
class _OdsWalk:
    """Where the walk through one ODS table is (mutable: it follows the XML)."""

    name: str = ""
    row: int = 0  # rows before the current one
    col: int = 0  # columns before the next cell
    row_repeat: int = 1
    rows: int = 0  # extent of the cells that hold a value
    cols: int = 0
    cell_end: int = 0  # last column of the open cell; 0 when no cell is open


def _check_ods(data: bytes, file: EvidenceFile, limits: Limits) -> None:
    """Walk content.xml as calamine expands it: repeated rows and cells count once per
    repeat when they hold a value; an empty repeated tail (LibreOffice writes one to the
    last row) costs nothing."""
    walk = _OdsWalk()

    def close_sheet() -> None:
        if walk.name:
            _within(Extent(walk.rows, walk.cols), walk.name, file, limits)

    def filled() -> None:
        walk.cols = max(walk.cols, walk.cell_end)
        walk.rows = max(walk.rows, walk.row + walk.row_repeat)

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "table" and name.startswith("table:"):
            close_sheet()
            walk.name, walk.row, walk.rows, walk.cols = attrs.get("table:name", "?"), 0, 0, 0
        elif tag == "table-row":
            walk.row_repeat = _repeat(attrs.get("table:number-rows-repeated"), _REPEATED_ROWS, file)
            walk.col = 0
        elif tag in ("table-cell", "covered-table-cell"):
            walk.col += _repeat(attrs.get("table:number-columns-repeated"), _REPEATED_COLUMNS, file)
            walk.cell_end = walk.col
            if "office:value-type" in attrs:
                filled()
        elif walk.cell_end:
            filled()  # a paragraph or other content inside the cell: a value

    def end(name: str) -> None:
        tag = _local(name)
        if tag in ("table-cell", "covered-table-cell"):
            walk.cell_end = 0
        elif tag == "table-row":
            walk.row += walk.row_repeat
            walk.row_repeat = 1

    _parser(file, "content.xml", start, end)(data)
    close_sheet()


_REPEATED_ROWS = text("rijen", "rows")
_REPEATED_COLUMNS = text("kolommen", "columns")


def _repeat(value: str | None, what: Text, file: EvidenceFile) -> int:
    if value is None:
        return 1
    if not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise EvidenceError.of(
            text(
                "{f}: content.xml herhaalt {what} '{value}' keer, en dat is geen geldig aantal; "
                "sla het bestand opnieuw op vanuit het oorspronkelijke programma",
                "{f}: content.xml repeats {what} '{value}' times, which is not a "
                "valid count; save the file again from the original program",
                f=file.path,
                what=what,
                value=value[:40],
            )
        )
    return int(value)
