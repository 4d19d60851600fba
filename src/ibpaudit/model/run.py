"""The inputs of one run as data: options, plugins, waivers, schools, norm mappings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ibpaudit.i18n import Lang, Text
from ibpaudit.model.catalog import Catalog
from ibpaudit.model.evidence import Evidence, Limits, Location, UnreadFile
from ibpaudit.model.gate import FailOn, Selection
from ibpaudit.model.verdict import ControlResult


@dataclass(frozen=True)
class PluginInfo:
    """A plugin that took part in a run (or was refused), as every report names it."""

    name: str
    version: str
    origin: str  # builtin | entrypoint | local | test (ibpaudit.testing)
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
    limits: Limits = field(default_factory=Limits)
    plugin_options: Mapping[str, Any] = field(default_factory=dict)
    command: tuple[str, ...] = ()
    show_personal_data: bool = False


@dataclass(frozen=True)
class Waiver:
    """An approved exception for one control until ``expires`` (see waivers.yaml)."""

    control: str
    reason: str
    approved_by: str
    expires: date
    requested_by: str
    approved_on: date
    location: Location

    def active(self, as_of: date) -> bool:
        return as_of <= self.expires

    def to_json(self, as_of: date, used: bool) -> dict[str, Any]:
        state = "expired" if not self.active(as_of) else ("active" if used else "unused")
        return {
            "control": self.control,
            "reason": self.reason,
            "requested_by": self.requested_by,
            "approved_by": self.approved_by,
            "approved_on": self.approved_on.isoformat(),
            "expires": self.expires.isoformat(),
            "state": state,
            "days_left": (self.expires - as_of).days,
            "location": self.location.to_json(),
        }


@dataclass(frozen=True)
class School:
    """A school of the board: its BRIN and name."""

    brin: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.brin} {self.name}".strip()

    def to_json(self) -> dict[str, str]:
        return {"brin": self.brin, "name": self.name}


@dataclass(frozen=True)
class NormMapping:
    """A provisional norm ID mapped to its official one (normkoppeling.yaml)."""

    provisional: str
    official: str
    location: Location

    def to_json(self) -> dict[str, object]:
        return {"official_id": self.official, "location": self.location.to_json()}


@dataclass(frozen=True)
class BoardConfig:
    """A dossier's ``ibpaudit.yaml``, read and checked (see ``dossier.config``)."""

    board: str | None = None
    sector: str | None = None
    target_level: int = 3
    lang: str = "nl"
    as_of: date | None = None
    only: tuple[str, ...] = ()
    skip: Mapping[str, str] = field(default_factory=dict)
    formats: tuple[str, ...] = ("junit", "html", "json")
    output_dir: str = "reports"
    disabled_plugins: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    registers: Mapping[str, str] = field(default_factory=dict)
    # bewijs.kolommen: register -> {column a control reads: the board's own header}
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    max_file_mb: float | None = None
    max_cells: int | None = None
    max_pages: int | None = None
    fail_on: FailOn | None = None  # None: the default (--fail-on wins over both)
    personal_columns: tuple[str, ...] = ()  # redacted in every output, besides the defaults
    waiver_horizon_months: int = 12  # the longest a waiver may run after its approval
    waiver_ceiling: int | None = None  # more open waivers than this fails the run


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that failed to load or raised in a hook."""

    plugin: str
    message: Text

    def to_json(self) -> dict[str, Any]:
        return {"plugin": self.plugin, "message": self.message.to_json()}


@dataclass(frozen=True)
class RunRecord:
    """Everything the results document is made of, as plain data: the engine fills it
    once every control is judged, and ``results.build`` turns it into the document."""

    options: RunOptions
    config: BoardConfig
    catalog: Catalog
    controls: tuple[ControlResult, ...]
    evidence: tuple[Evidence, ...]
    organisation: Evidence | None
    attestations: tuple[Evidence, ...]
    report_folders: tuple[str, ...]
    schools: tuple[School, ...]
    waivers: tuple[Waiver, ...]
    plugins: tuple[PluginInfo, ...]
    plugin_problems: tuple[PluginProblem, ...]
    dossier_as_data: bool
    started_at: datetime
    duration_ms: float
    target: int
    selection: Selection = field(default_factory=Selection)
    mapping: Mapping[str, NormMapping] = field(default_factory=dict)
    committed: Mapping[str, datetime] | None = None  # last Git commit per evidence file
    unread: tuple[UnreadFile, ...] = ()  # register and policy files no control read
