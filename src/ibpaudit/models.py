"""Frozen data shared by the engine, the plugins and the reporters."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ibpaudit.dossier import Dossier

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Status(StrEnum):
    """A control's or check's verdict; maps one-to-one onto JUnit."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    WAIVED = "waived"

    @classmethod
    def worst(cls, statuses: list[Status] | tuple[Status, ...]) -> Status:
        """ERROR beats FAILED beats PASSED; an empty list passes."""
        if Status.ERROR in statuses:
            return Status.ERROR
        if Status.FAILED in statuses:
            return Status.FAILED
        return Status.PASSED


@dataclass(frozen=True)
class Text:
    """User-facing text in both languages; reports choose one at render time."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def format(self, **params: object) -> Text:
        """Fill ``{name}`` placeholders; a Text parameter fills in its own language.

        Unknown names stay as they are; there is no attribute or index access, so a
        template from a control file cannot reach into Python objects.
        """

        def fill(template: str, lang: str) -> str:
            def sub(match: re.Match[str]) -> str:
                name = match.group(1)
                if name not in params:
                    return match.group(0)
                value = params[name]
                return value.get(lang) if isinstance(value, Text) else str(value)

            return _PLACEHOLDER.sub(sub, template)

        return Text(nl=fill(self.nl, "nl"), en=fill(self.en, "en"))

    @classmethod
    def of(cls, value: object) -> Text:
        """A ``{nl:, en:}`` mapping or a plain string (used for both languages)."""
        if isinstance(value, Text):
            return value
        if isinstance(value, Mapping):
            nl = str(value.get("nl") or value.get("en") or "")
            en = str(value.get("en") or value.get("nl") or "")
            return cls(nl=nl, en=en)
        return cls(nl=str(value), en=str(value))

    def to_json(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def join(texts: list[Text] | tuple[Text, ...], sep: str = "; ") -> Text:
    """Several texts as one, per language."""
    return Text(nl=sep.join(t.nl for t in texts), en=sep.join(t.en for t in texts))


def text(nl: str, en: str, **params: object) -> Text:
    """Shorthand for a bilingual message with placeholders filled."""
    return Text(nl=nl, en=en).format(**params) if params else Text(nl=nl, en=en)


@dataclass(frozen=True)
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
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Location:
        """The inverse of :meth:`to_json`, for reporters that read the results document."""
        fields = ("path", "sha256", "line", "row", "column", "sheet", "page")
        return cls(**{k: data[k] for k in fields if data.get(k) is not None})


@dataclass(frozen=True)
class EvidenceFile:
    """One file of the dossier, hashed before any reader sees it."""

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

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self.values == other.values and self.location == other.location

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Record(values={self.values!r}, location={self.location!r})"


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

    @property
    def location(self) -> Location:
        return Location(self.file.path, self.file.sha256, line=self.metadata_line)

    @property
    def is_register(self) -> bool:
        return self.table or bool(self.columns) or bool(self.records)


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
    max_pdf_pages: int = 2_000


@dataclass(frozen=True)
class Finding:
    """A reason for a check's verdict, pointing at the evidence it rests on."""

    status: Status
    message: Text
    location: Location | None = None
    school: str | None = None  # BRIN, when the finding concerns one school

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.value, "message": self.message.to_json()}
        if self.location is not None:
            out["location"] = self.location.to_json()
        if self.school is not None:
            out["school"] = self.school
        return out


@dataclass(frozen=True)
class CheckOutcome:
    """What a check returns: findings (failed/error) and the evidence it looked at."""

    findings: tuple[Finding, ...] = ()
    evidence: tuple[Location, ...] = ()

    @property
    def status(self) -> Status:
        return Status.worst(tuple(f.status for f in self.findings))


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at; checks never read files themselves."""

    dossier: Dossier
    as_of: date
    control: Control
    reference: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Any] = field(default_factory=dict)


CheckFunction = Callable[[CheckContext, Mapping[str, Any]], CheckOutcome]


@dataclass(frozen=True)
class CheckType:
    """A kind of check a plugin offers, with the JSON Schema of its parameters."""

    name: str
    evaluate: CheckFunction
    schema: Mapping[str, Any]
    description: Text


@dataclass(frozen=True)
class ReportOptions:
    lang: Lang = "nl"
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFormat:
    """An output format; ``render`` gets the results document and nothing else."""

    name: str
    filename: str
    render: Callable[[Mapping[str, Any], ReportOptions], bytes]
    description: Text


@dataclass(frozen=True)
class Domain:
    id: str
    number: int
    part: str
    title: Text
    prefix_source: str


@dataclass(frozen=True)
class Norm:
    id: str
    domain: str
    title: Text
    source: str
    reference: str | None
    summary: Text | None
    levels: Mapping[int, Text]


@dataclass(frozen=True)
class Framework:
    id: str
    title: Text
    version: str
    target_level: int
    maturity_scale: Mapping[int, Text]
    domains: tuple[Domain, ...]
    norms: tuple[Norm, ...]
    sources: tuple[Mapping[str, Any], ...]
    path: str


@dataclass(frozen=True)
class CheckSpec:
    """One check of a control at one maturity level, as written in the control file."""

    level: int
    index: int
    type: str
    params: Mapping[str, Any]
    description: Text | None


@dataclass(frozen=True)
class Control:
    id: str
    norm: str
    title: Text
    description: Text | None
    severity: str
    tags: tuple[str, ...]
    checks: tuple[CheckSpec, ...]
    path: str
    sectors: tuple[str, ...] = ("po", "vo")
    scope: str = "board"  # or "school": judged once per school of organisatie.yaml
    personal_columns: tuple[str, ...] = ()  # redacted in every output
    max_evidence_age: str | None = None  # an ISO 8601 or Dutch duration
    stale_status: Status = Status.ERROR  # the verdict when evidence is older

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(sorted({c.level for c in self.checks}))


@dataclass(frozen=True)
class CatalogProblem:
    """A framework, control or reference file that could not be used."""

    path: str
    message: str


@dataclass(frozen=True)
class Change:
    """One value a catalog override changes: where, the shipped value, the board's."""

    path: str  # e.g. levels.3[0].require.within
    shipped: str  # "-" where the shipped file has no such key
    board: str

    def describe(self) -> str:
        return f"{self.path}: {self.shipped} -> {self.board}"


@dataclass(frozen=True)
class Override:
    """A control or reference file of a later catalog folder (a dossier's ``controls/``)
    that replaces one with the same ID: named in every report, refusable."""

    kind: str  # control | reference
    id: str
    path: str  # the board's file
    replaces: str  # the file it replaces
    changes: tuple[Change, ...]
    applied: bool = True  # False: refused (--dossier-as-data), the shipped one was used

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "path": self.path,
            "replaces": self.replaces,
            "status": "applied" if self.applied else "refused",
            "changes": [
                {"path": c.path, "shipped": c.shipped, "board": c.board} for c in self.changes
            ],
        }


@dataclass(frozen=True)
class Catalog:
    frameworks: tuple[Framework, ...]
    controls: tuple[Control, ...]
    reference: Mapping[str, Mapping[str, Any]]
    problems: tuple[CatalogProblem, ...] = ()
    overrides: tuple[Override, ...] = ()

    def norm(self, norm_id: str) -> tuple[Framework, Norm] | None:
        for fw in self.frameworks:
            for norm in fw.norms:
                if norm.id == norm_id:
                    return fw, norm
        return None


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    origin: str  # builtin | entrypoint | local
    path: str | None = None  # a dossier's plugins/*.py: its dossier-relative path
    sha256: str | None = None  # ... and the SHA-256 of the bytes that were executed
    refused: bool = False  # a dossier plugin not executed (--dossier-as-data)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "version": self.version, "origin": self.origin}
        if self.path is not None:
            out |= {"path": self.path, "sha256": self.sha256, "refused": self.refused}
        return out


@dataclass(frozen=True)
class RunOptions:
    """The inputs of one audit run; recorded in the results so it can be reproduced."""

    root: Path
    as_of: date
    lang: Lang = "nl"
    target_level: int | None = None
    disabled_plugins: tuple[str, ...] = ()
    limits: Limits = Limits()
    plugin_options: Mapping[str, Any] = field(default_factory=dict)
    command: tuple[str, ...] = ()
    show_personal_data: bool = False
