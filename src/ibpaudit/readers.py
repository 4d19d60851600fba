"""Helpers for evidence readers (public API for plugin authors).

A reader plugin implements ``ibpaudit_read_evidence(path, file, limits)`` and returns an
:class:`ibpaudit.Evidence` for the files it handles (see ``docs/plugins.md``). This
module holds what the built-in readers use, so that a third-party reader behaves alike:

* :func:`by_suffix` makes the hook implementation from a ``read`` function and the file
  suffixes it handles;
* :func:`contents` gives the file's bytes: during an audit, the very bytes the dossier
  read and hashed into ``file.sha256`` (each file is read once, and what a reader parses
  is what the results vouch for);
* :func:`decode` reads text as boards' tools save it (UTF-8 with or without BOM, UTF-16,
  Windows-1252);
* :func:`find_header`, :func:`canonical_headers`, :func:`build_rows` and :func:`cell`
  turn a table into register rows under the evidence contract's column names;
* :func:`clean` and :func:`canonical_metadata` do the same for document metadata;
* :func:`check_zip` refuses unsafe zip containers (xlsx, docx, ods) before any library
  opens them: a zip bomb is refused from its central directory alone (declared sizes,
  ratio, entry count), so nothing is decompressed; XML parts that declare a DOCTYPE
  (entity expansion, external entities) are refused; encrypted and truncated files get a
  message that says so.

Raise :class:`ibpaudit.EvidenceError` with a message naming the file when a file is one
of yours but cannot be read; honour every limit in :class:`ibpaudit.Limits`. The names in
``__all__`` are stable (see "Stability" in ``docs/plugins.md``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit import hookimpl
from ibpaudit.errors import EvidenceError
from ibpaudit.model import (
    Evidence,
    EvidenceFile,
    Limits,
    Location,
    Origin,
    Problem,
    Record,
    text,
)
from ibpaudit.values import EMPTY_MARKERS, canonical_column, is_empty

if TYPE_CHECKING:
    import zipfile

__all__ = [
    "ReadFunction",
    "build_rows",
    "by_suffix",
    "canonical_headers",
    "canonical_metadata",
    "cell",
    "check_zip",
    "clean",
    "contents",
    "decode",
    "find_header",
]

ReadFunction = Callable[[Path, EvidenceFile, Limits], Evidence]
"""``read(path, file, limits) -> Evidence``: read one file this reader handles."""


def by_suffix(
    suffixes: Iterable[str], read: ReadFunction
) -> Callable[[Path, EvidenceFile, Limits], Evidence | None]:
    """The ``ibpaudit_read_evidence`` implementation of a reader that handles files by
    their suffix (compared in lower case, with the dot: ``".json"``). Assign it to that
    name at module level; it is already marked with ``@hookimpl``::

        ibpaudit_read_evidence = readers.by_suffix({".json"}, read)

    Other files get None, so the next reader is asked."""
    wanted = frozenset(s.lower() for s in suffixes)

    def ibpaudit_read_evidence(path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
        if path.suffix.lower() not in wanted:
            return None
        return read(path, file, limits)

    marked: Callable[[Path, EvidenceFile, Limits], Evidence | None] = hookimpl(
        ibpaudit_read_evidence
    )
    return marked


# The file the dossier is reading now and its bytes (per thread and task: a sector
# worker may read boards side by side).
_HANDED: ContextVar[tuple[EvidenceFile, bytes] | None] = ContextVar("_HANDED", default=None)


def contents(path: Path, file: EvidenceFile) -> bytes:
    """The bytes of the evidence file ``file`` at ``path``.

    During an audit these are the bytes the dossier read once and hashed into
    ``file.sha256``: a reader that parses them judges exactly the version the results
    name, even when the file changes on disk meanwhile (a sync client, an editor's
    autosave), and no file is read twice. Called outside a dossier's read (a test, a
    tool of your own), the file is read now.

    .. versionadded:: 0.1
    """
    handed = _HANDED.get()
    if handed is not None and handed[0] is file:
        return handed[1]
    return path.read_bytes()


@contextmanager
def handing_over(file: EvidenceFile, data: bytes) -> Iterator[None]:
    """While the dossier asks the readers for ``file``, :func:`contents` gives ``data``
    (the bytes hashed into ``file.sha256``). For the dossier, not for plugins."""
    token = _HANDED.set((file, data))
    try:
        yield
    finally:
        _HANDED.reset(token)


def decode(data: bytes, file: EvidenceFile) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel on Windows saves it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise EvidenceError.of(
            text(
                "{f}: byte {n} is geen UTF-8- of Windows-1252-tekst; sla het bestand op als UTF-8",
                "{f}: byte {n} is neither UTF-8 nor Windows-1252 text; save the file as UTF-8",
                f=file.path,
                n=exc.start + 1,
            )
        ) from None


def find_header(rows: Sequence[Sequence[Any]], scan: int = 10) -> int:
    """The index of the header row: the first of the top rows that fills at least half
    as many cells as the fullest of them (so a title row above the header is skipped)."""
    top = [_filled(row) for row in rows[:scan]]
    widest = max(top, default=0)
    for index, filled in enumerate(top):
        if filled >= max(2, (widest + 1) // 2) or (widest == 1 and filled == 1):
            return index
    return 0


def _filled(row: Sequence[Any]) -> int:
    """How many cells of ``row`` are not empty (:func:`is_empty`), text told inline: a
    text file's cells are all text."""
    filled = 0
    for value in row:
        if type(value) is str:
            filled += value.strip() not in EMPTY_MARKERS
        elif not is_empty(value):
            filled += 1
    return filled


def canonical_headers(
    headers: Sequence[Any], file: EvidenceFile, header_row: int
) -> list[str | None]:
    """Header cells as contract column names; empty headers become None.

    Two headers naming the same column make the register ambiguous: that is an
    error for the whole file, because no row can be read with certainty.
    """
    names: list[str | None] = []
    seen: dict[str, str] = {}
    for cell in headers:
        if is_empty(cell):
            names.append(None)
            continue
        name = canonical_column(str(cell))
        if not name:
            names.append(None)
            continue
        if name in seen:
            raise EvidenceError.of(
                text(
                    "{f}: rij {row}: de kolommen '{a}' en '{b}' betekenen allebei '{name}'; "
                    "hernoem of verwijder er een",
                    "{f}: row {row}: columns '{a}' and '{b}' both mean '{name}'; "
                    "rename or remove one",
                    f=file.path,
                    row=header_row,
                    a=seen[name],
                    b=cell,
                    name=name,
                )
            )
        seen[name] = str(cell).strip()
        names.append(name)
    return names


def clean(value: Any) -> Any:
    """Strip text; blank text becomes None so every reader agrees on 'empty'."""
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    return value


_RETYPE = (float, dt.datetime)


def cell(value: Any) -> Any:
    """Spreadsheet cells as the other readers give them: whole numbers as int, midnight
    datetimes (Excel's date cells) as dates."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def build_rows(
    headers: Sequence[str | None],
    rows: Iterable[tuple[int, int | None, Sequence[Any]]],
    file: EvidenceFile,
    limits: Limits,
    sheet: str | None = None,
) -> tuple[tuple[Record, ...], list[Problem]]:
    """Records from (row number, physical line, cells); fully empty rows are skipped.

    This loop runs once per register row (100,000 rows in the benchmark), so it avoids
    per-cell function calls: text is stripped inline and blank text becomes None.
    """
    records: list[Record] = []
    problems: list[Problem] = []
    width = len(headers)
    named = [(index, name) for index, name in enumerate(headers) if name is not None]
    unnamed_columns = [index for index, name in enumerate(headers) if name is None]
    all_named = not unnamed_columns
    names = [name for _, name in named]
    path, sha256 = file.path, file.sha256
    origin = Origin(path, sha256, sheet)
    for row_number, line, cells in rows:
        values = [
            (c.strip() or None) if (kind := type(c)) is str else cell(c) if kind in _RETYPE else c
            for c in cells
        ]
        if values.count(None) == len(values):
            continue  # a fully empty row (cells were blanked to None above)
        if len(records) >= limits.max_rows:
            raise EvidenceError.of(
                text(
                    "{f}: meer dan {n} rijen; splits het register",
                    "{f}: more than {n} rows; split the register",
                    f=file.path,
                    n=limits.max_rows,
                )
            )
        if len(values) > width or unnamed_columns:
            stray = [v for v in values[width:] if not is_empty(v)] + [
                values[i] for i in unnamed_columns if i < len(values) and not is_empty(values[i])
            ]
            if stray:
                location = Location(path, sha256, line, row_number, None, sheet)
                problems.append(_stray_values(row_number, stray, location))
        if len(values) < width:
            values += [None] * (width - len(values))
        if all_named:
            record = dict(zip(names, values, strict=False))  # C speed for the usual case
        else:
            record = {name: values[index] for index, name in named}
        records.append(Record(record, None, origin, row_number, line))  # positional: faster
    return tuple(records), problems


def _stray_values(row_number: int, stray: list[Any], location: Location) -> Problem:
    return Problem(
        text(
            "rij {row} heeft waarden zonder kolomnaam ({vals}); geef die kolom "
            "een kopje of haal de waarden weg",
            "row {row} has values without a column name ({vals}); give the "
            "column a header or remove the values",
            row=row_number,
            vals=", ".join(str(v) for v in stray),
        ),
        location,
    )


def canonical_metadata(metadata: Mapping[str, Any], file: EvidenceFile) -> dict[str, Any]:
    """Top-level metadata keys under the contract's names (English aliases mapped).

    Two keys with one meaning (``title`` and ``titel``) would silently lose a value, so
    they make the file unreadable, as duplicate register columns do.
    """
    out: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for key, value in metadata.items():
        name = canonical_column(str(key)) or str(key)
        if name in seen:
            line = getattr(metadata, "line", None)
            where = f"{file.path}:{line}" if line else file.path
            raise EvidenceError.of(
                text(
                    "{where}: de sleutels '{a}' en '{b}' betekenen allebei '{name}'; houd er een",
                    "{where}: keys '{a}' and '{b}' both mean '{name}'; keep one",
                    where=where,
                    a=seen[name],
                    b=key,
                    name=name,
                )
            )
        seen[name] = str(key)
        out[name] = value
    return out


# --- zip containers ---------------------------------------------------------

# An encrypted Office file is not a zip but an OLE compound file ("D0 CF 11 E0").
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE_SCAN_BYTES = 64 * 1024


def check_zip(path: Path, file: EvidenceFile, limits: Limits) -> None:
    """Raise EvidenceError when ``path`` is not a zip container ibpaudit will open (read
    as :func:`contents` gives it)."""
    data = contents(path, file)
    if data[:8] == _OLE_MAGIC:
        raise EvidenceError.of(
            text(
                "{f}: is beveiligd met een wachtwoord (versleuteld) of een oud binair "
                "Office-bestand; sla het zonder wachtwoord op als .xlsx/.docx",
                "{f}: is password-protected (encrypted) or an old binary Office file; "
                "save it without a password as .xlsx/.docx",
                f=file.path,
            )
        )
    import zipfile  # here: a dossier without Office files does not load it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise EvidenceError.of(
            text(
                "{f}: is beschadigd of onvolledig (geen leesbaar zip-bestand); sla het "
                "opnieuw op vanuit het oorspronkelijke programma",
                "{f}: is corrupt or truncated (not a readable zip container); "
                "save it again from the original program",
                f=file.path,
            )
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise EvidenceError.of(
                text(
                    "{f}: bevat {n} onderdelen, meer dan de toegestane {limit}; geweigerd "
                    "als mogelijke zip-bom",
                    "{f}: holds {n} parts, more than the {limit} allowed; refused as a "
                    "possible zip bomb",
                    f=file.path,
                    n=len(entries),
                    limit=limits.max_zip_entries,
                )
            )
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries)
        if total > limits.max_unzipped_bytes:
            raise EvidenceError.of(
                text(
                    "{f}: pakt uit tot {size} MB, meer dan de toegestane {limit} MB; "
                    "geweigerd als mogelijke zip-bom",
                    "{f}: unpacks to {size} MB, more than the {limit} MB allowed; refused as "
                    "a possible zip bomb",
                    f=file.path,
                    size=f"{total / 1024 / 1024:.0f}",
                    limit=f"{limits.max_unzipped_bytes / 1024 / 1024:.0f}",
                )
            )
        if total > 1024 * 1024 and total > limits.max_zip_ratio * max(packed, 1):
            raise EvidenceError.of(
                text(
                    "{f}: is {ratio}:1 gecomprimeerd, meer dan {limit}:1; geweigerd als "
                    "mogelijke zip-bom",
                    "{f}: compresses {ratio}:1, more than {limit}:1; refused as a possible "
                    "zip bomb",
                    f=file.path,
                    ratio=total // max(packed, 1),
                    limit=limits.max_zip_ratio,
                )
            )
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise EvidenceError.of(
                    text(
                        "{f}: onderdeel '{part}' is versleuteld; sla het bestand op zonder "
                        "wachtwoord",
                        "{f}: part '{part}' is encrypted; save the file without a password",
                        f=file.path,
                        part=entry.filename,
                    )
                )
            if entry.filename.lower().endswith(_XML_SUFFIXES):
                _refuse_doctype(archive, entry, file)


def _refuse_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file: EvidenceFile) -> None:
    import zipfile

    try:
        with archive.open(entry) as part:
            head = part.read(_DOCTYPE_SCAN_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise EvidenceError.of(
            text(
                "{f}: onderdeel '{part}' kan niet worden uitgepakt ({exc}); het bestand is "
                "beschadigd of onvolledig",
                "{f}: part '{part}' cannot be unpacked ({exc}); the file is corrupt or truncated",
                f=file.path,
                part=entry.filename,
                exc=exc,
            )
        ) from None
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise EvidenceError.of(
            text(
                "{f}: onderdeel '{part}' declareert een DOCTYPE, wat Office-bestanden nooit "
                "nodig hebben (een teken van een XML-entiteitsaanval); geweigerd",
                "{f}: part '{part}' declares a DOCTYPE, which Office files never need (a "
                "sign of an XML entity attack); refused",
                f=file.path,
                part=entry.filename,
            )
        )
