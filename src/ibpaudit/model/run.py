"""The inputs of one run as data: options, plugins, waivers, schools, norm mappings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit.i18n import Lang
from ibpaudit.model.evidence import Limits, Location


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
    limits: Limits = field(default_factory=Limits)
    plugin_options: Mapping[str, Any] = field(default_factory=dict)
    command: tuple[str, ...] = ()
    show_personal_data: bool = False


@dataclass(frozen=True)
class Waiver:
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
    brin: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.brin} {self.name}".strip()

    def to_json(self) -> dict[str, str]:
        return {"brin": self.brin, "name": self.name}


@dataclass(frozen=True)
class NormMapping:
    provisional: str
    official: str
    location: Location

    def to_json(self) -> dict[str, object]:
        return {"official_id": self.official, "location": self.location.to_json()}
