"""Evidence as the readers give it: files, where things sit in them, rows, and the
read-only view of a dossier that a check receives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from ibpaudit.i18n import Text
from ibpaudit.values import normalise_name


@dataclass(frozen=True, slots=True)  # slots: one per finding, a register may give 10^6
class Location:
    """Where a piece of evidence sits, precise enough for an auditor to find it."""

    path: str
    sha256: str | None = None
    line: int | None = None
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    page: int | None = None

    def describe(self, lang: str = "nl") -> str:
        nl = lang != "en"
        parts = [self.path]
        if self.sheet is not None:
            parts.append(f"{'blad' if nl else 'sheet'} '{self.sheet}'")
        if self.page is not None:
            parts.append(f"{'pagina' if nl else 'page'} {self.page}")
        if self.row is not None:
            parts.append(f"{'rij' if nl else 'row'} {self.row}")
        elif self.line is not None:
            parts.append(f"{'regel' if nl else 'line'} {self.line}")
        if self.column is not None:
            parts.append(f"{'kolom' if nl else 'column'} '{self.column}'")
        return ", ".join(parts)

    def with_column(self, column: str) -> Location:
        return Location(self.path, self.sha256, self.line, self.row, column, self.sheet, self.page)

    def to_json(self) -> dict[str, Any]:
        # Spelled out: one call per finding, and a register may give a million findings.
        out: dict[str, Any] = {"path": self.path}
        if self.sha256 is not None:
            out["sha256"] = self.sha256
        if self.line is not None:
            out["line"] = self.line
        if self.row is not None:
            out["row"] = self.row
        if self.column is not None:
            out["column"] = self.column
        if self.sheet is not None:
            out["sheet"] = self.sheet
        if self.page is not None:
            out["page"] = self.page
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Location:
        """The inverse of :meth:`to_json`, for reporters that read the results document."""
        fields = ("path", "sha256", "line", "row", "column", "sheet", "page")
        return cls(**{k: data[k] for k in fields if data.get(k) is not None})


@dataclass(frozen=True)
class EvidenceFile:
    """One file of the dossier, read once and hashed before any reader sees it; the
    readers parse those bytes (:func:`ibpaudit.readers.contents`)."""

    path: str
    sha256: str
    size: int
    modified: str


@dataclass(frozen=True)
class Origin:
    """Where a table's rows come from; shared by all of them."""

    path: str
    sha256: str | None = None
    sheet: str | None = None


class Record:
    """One register row (or YAML list item) with its column values as read.

    Not a dataclass, deliberately: a register can have 100,000 rows, and a slotted
    class with the location built on first use is six times cheaper to create than a
    frozen dataclass holding a Location. Treat it as immutable (there are no setters).
    A row is made either with a location of its own or from a table (an ``origin``, a
    row and a line); the location of the latter is always built from those.
    """

    __slots__ = ("_line", "_location", "_origin", "_row", "values")

    def __init__(
        self,
        values: Mapping[str, Any],
        location: Location | None = None,
        origin: Origin | None = None,
        row: int | None = None,
        line: int | None = None,
    ) -> None:
        if location is None and origin is None:
            raise ValueError("a Record needs a location or an origin")
        self.values = values
        self._location = location
        self._origin = origin
        self._row = row
        self._line = line

    @property
    def location(self) -> Location:
        if self._location is None:
            origin = self._origin
            assert origin is not None
            self._location = Location(
                origin.path, origin.sha256, self._line, self._row, None, origin.sheet
            )
        return self._location

    def place(self) -> Location:
        """:attr:`location`, without keeping it on the row: for a finding made each time
        it is read (see :class:`ibpaudit.model.rowfindings.RowFindings`)."""
        if self._location is not None:
            return self._location
        origin = self._origin
        assert origin is not None
        return Location(origin.path, origin.sha256, self._line, self._row, None, origin.sheet)

    @property
    def file(self) -> tuple[str, str | None]:
        """The (path, sheet) of the table the row is in."""
        if self._location is not None:
            return self._location.path, self._location.sheet
        assert self._origin is not None
        return self._origin.path, self._origin.sheet

    def renamed(self, names: Mapping[str, str]) -> Record:
        """This row with columns renamed (``{board header: column a control reads}``),
        from the same place in the same file."""
        values = {names.get(k, k): v for k, v in self.values.items()}
        return Record(values, self._location, self._origin, self._row, self._line)

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self.values == other.values and self.location == other.location

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Record(values={self.values!r}, location={self.location!r})"


_ORIGIN_OF = attrgetter("_origin")
_LINE_OF, _ROW_OF = attrgetter("_line"), attrgetter("_row")
_NONE = id(None)


def _from_tables(records: Sequence[Record]) -> bool:
    """Whether every row of ``records`` is placed by its table (an Origin) and its line
    and row numbers: a row made with an origin has no other location (the one
    :attr:`Record.location` keeps is built from them)."""
    return _NONE not in set(map(id, map(_ORIGIN_OF, records)))


def table_places(
    records: Sequence[Record],
) -> tuple[list[Origin], list[int | None], list[int | None]] | None:
    """Each row's table, line and row, read in bulk (a register may have 100,000 rows):
    what :meth:`Record.place` builds a location from. None when a row has a location of
    its own (no table)."""
    if not _from_tables(records):
        return None
    return (
        list(map(_ORIGIN_OF, records)),
        list(map(_LINE_OF, records)),
        list(map(_ROW_OF, records)),
    )


def table_files(records: Sequence[Record]) -> dict[tuple[str, str | None], None]:
    """The (path, sheet) of the tables ``records`` are in (:attr:`Record.file`), in the
    order first met; read in bulk, per distinct Origin (whose hash is Python code)."""
    if not _from_tables(records):
        return dict.fromkeys(record.file for record in records)
    origins = list(map(_ORIGIN_OF, records))
    distinct = dict(zip(map(id, origins), origins, strict=True))
    return dict.fromkeys((o.path, o.sheet) for o in distinct.values())


@dataclass(frozen=True)
class Problem:
    """Something a reader could not make sense of; the rest of the file is still used."""

    message: Text
    location: Location


@dataclass(frozen=True)
class Sheet:
    """One worksheet of a workbook, read as a register."""

    name: str
    columns: tuple[str, ...]
    records: tuple[Record, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What a reader made of one file: document metadata and text, or register rows."""

    file: EvidenceFile
    reader: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    records: tuple[Record, ...] = ()
    text: str = ""
    problems: tuple[Problem, ...] = ()
    error: Text | None = None
    metadata_line: int | None = None
    table: bool = False  # a register file, even when it has no rows yet
    sheets: tuple[Sheet, ...] = ()  # every sheet of a workbook; columns/records: the default
    pages: tuple[str, ...] = ()  # text per page (PDF), for page-precise findings

    def sheet(self, name: str) -> Evidence | None:
        """This workbook as if ``name`` were its only sheet (None: no such sheet)."""
        for sheet in self.sheets:
            if sheet.name == name:
                return replace(
                    self, columns=sheet.columns, records=sheet.records, problems=sheet.problems
                )
        return None

    @cached_property
    def location(self) -> Location:
        """Where the file is (its metadata's line, if any): made once, as checks name a
        file in finding after finding."""
        return Location(self.file.path, self.file.sha256, line=self.metadata_line)

    @property
    def is_register(self) -> bool:
        return self.table or bool(self.columns) or bool(self.records)

    def meta(self, key: str) -> Any:
        """A metadata value by normalised key (front matter, sidecars and YAML alike):
        ``Vastgesteld op``, ``vastgesteld_op`` and ``VASTGESTELD-OP`` are one key (the
        first of them counts)."""
        return self.normalised_metadata.get(normalise_name(key))

    @cached_property
    def normalised_metadata(self) -> dict[str, Any]:
        """The metadata by normalised key (the first of two spellings counts), in the
        file's order; made on first use (checks ask a file for its metadata many
        times)."""
        out: dict[str, Any] = {}
        for k, v in self.metadata.items():
            out.setdefault(normalise_name(str(k)), v)
        return out


@dataclass(frozen=True)
class Limits:
    """Safety limits every reader honours."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_yaml_bytes: int = 5 * 1024 * 1024
    max_rows: int = 1_000_000
    # Zip containers (xlsx, docx, ods): a zip bomb stops here, before any decompression.
    max_unzipped_bytes: int = 500 * 1024 * 1024
    max_zip_ratio: int = 200
    max_zip_entries: int = 10_000
    # Spreadsheets are read as a dense grid: rows x columns from A1 to the farthest cell.
    max_cells: int = 5_000_000
    # Columns of one CSV row: Excel's own maximum (XFD). Checked on the raw header lines
    # before any row is split, so a file with a million columns costs no allocation.
    max_columns: int = 16_384
    max_pdf_pages: int = 2_000


@dataclass(frozen=True)
class UnreadFile:
    """A register or policy file no control read, with what it may be and how to say so."""

    path: str
    kind: str  # register | document
    suggestion: str | None  # the register name or document type it may be
    message: Text

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "suggestion": self.suggestion,
            "message": self.message.to_json(),
        }


class DossierView(Protocol):
    """What a check may read of the board's dossier (``CheckContext.dossier``).

    Stable: these five methods. The object behind it has more; anything not listed here
    may change in any release. Every file was read once, before any check ran; a check
    never reads files itself.
    """

    def get(self, path: str) -> Evidence | None:
        """The file at this dossier-relative POSIX path (``registers/datalekken.csv``)."""
        ...

    def registers(self, name: str) -> list[Evidence]:
        """Files holding register ``name``: the path set for it in ``ibpaudit.yaml``
        (``path`` or ``path#Sheet``), else every file whose normalised stem is the name,
        else a workbook sheet of that name. Empty: no such register."""
        ...

    def documents(self, doc_type: str) -> tuple[list[Evidence], list[Evidence]]:
        """Documents whose metadata ``type`` is ``doc_type``, and the unreadable files
        that might have been one (so a check can say *error* rather than *failed*)."""
        ...

    def attestations(self) -> list[Evidence]:
        """The files under ``attestaties/`` (or ``attestations/``)."""
        ...

    def organisation(self) -> Evidence | None:
        """``organisatie.yaml``: the board, its schools and its role holders."""
        ...


class EvidenceReader(Protocol):
    """Turns one file into Evidence: the engine's plugin manager, seen from the dossier."""

    def read_evidence(self, path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
        """The first reader plugin that takes the file; None when none does."""
        ...
