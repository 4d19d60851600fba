"""The catalog: the framework's domains and norms, and the controls that test them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ibpaudit.i18n import Text
from ibpaudit.model.verdict import Status


@dataclass(frozen=True)
class Domain:
    """A domain of a framework (e.g. ``GO``, governance): its place and title."""

    id: str
    number: int
    part: str
    title: Text
    prefix_source: str


@dataclass(frozen=True)
class Norm:
    """A norm of the framework: its ID, domain, title, source of the ID and the text of
    each maturity level."""

    id: str
    domain: str
    title: Text
    source: str
    reference: str | None
    summary: Text | None
    levels: Mapping[int, Text]


@dataclass(frozen=True)
class Framework:
    """A framework as the catalog holds it (the Normenkader IBP): its domains, norms,
    maturity scale, sources and target level."""

    id: str
    title: Text
    version: str
    target_level: int
    maturity_scale: Mapping[int, Text]
    domains: tuple[Domain, ...]
    norms: tuple[Norm, ...]
    sources: tuple[Mapping[str, Any], ...]
    path: str
    # A norm that moved to another ID: old ID -> new ID. Results, diff, --baseline,
    # --history and JUnit recognise the old ID through it.
    aliases: Mapping[str, str] = field(default_factory=dict)


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
    """An ibpaudit control: the norm it serves and its checks per maturity level, as
    written in its control file (``path``)."""

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
    """A framework, control or reference file that could not be used.

    ``message`` starts with ``path`` (and ``:line`` where known), then says where in the
    file, what is wrong and what to do.
    """

    path: str
    message: Text
    line: int | None = None


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
    """Everything one run judges against: the frameworks, the controls, the reference
    values, and what was wrong or overridden on the way."""

    frameworks: tuple[Framework, ...]
    controls: tuple[Control, ...]
    reference: Mapping[str, Mapping[str, Any]]
    problems: tuple[CatalogProblem, ...] = ()
    overrides: tuple[Override, ...] = ()
    # The SHA-256 of each catalog file as it was read, by path: what the run's manifest
    # names (the files are not read again for it).
    files: Mapping[Path, str] = field(default_factory=dict, compare=False, repr=False)

    def aliases(self) -> dict[str, str]:
        """Every framework's renamed norms: old ID -> new ID."""
        return {old: new for fw in self.frameworks for old, new in fw.aliases.items()}

    def norm(self, norm_id: str) -> tuple[Framework, Norm] | None:
        for fw in self.frameworks:
            for norm in fw.norms:
                if norm.id == norm_id:
                    return fw, norm
        return None
