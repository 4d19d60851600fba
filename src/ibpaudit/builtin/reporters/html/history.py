"""Earlier audits for the trend section: every ``*.json`` results document in the folder
given with ``--history DIR``.

A file that is not a results document this version can read (not JSON, another
``schema_version``, missing or malformed parts, another board) is left out with a note the
report shows; it never stops the report. Audits are ordered by ``run.as_of`` (then by
when they ran), the current run included.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit.model import Text, canonical_norm, document_aliases, text
from ibpaudit.schemas import load_schema

SCHEMA_VERSIONS = ("1",)
MAX_FILE_BYTES = 200 * 1024 * 1024
# The parts of a results document the trend needs; the rest may be absent or newer.
if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

_NEEDED = ("schema_version", "run", "board", "norms", "domains")


@dataclass(frozen=True)
class Audit:
    """The levels of one audit: per norm and per domain (None when nothing was judged)."""

    source: str
    as_of: str
    started_at: str
    current: bool
    norms: Mapping[str, int | None]
    domains: Mapping[str, int | None]
    norms_at_target: int
    norm_count: int


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: Text


@dataclass(frozen=True)
class History:
    folder: str
    audits: tuple[Audit, ...]
    skipped: tuple[Skipped, ...]

    @property
    def current(self) -> int:
        """The index of this audit among all of them."""
        return next(i for i, a in enumerate(self.audits) if a.current)

    def change(self, levels: Sequence[int | None]) -> int | None:
        """This audit's level minus the one of the audit before it, when both are known."""
        i = self.current
        if i == 0:
            return None
        before, now = levels[i - 1], levels[i]
        return None if before is None or now is None else now - before

    def norm_levels(self, norm_id: str) -> tuple[int | None, ...]:
        return tuple(a.norms.get(norm_id) for a in self.audits)

    def domain_levels(self, domain_id: str) -> tuple[int | None, ...]:
        return tuple(a.domains.get(domain_id) for a in self.audits)


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # only when history is read

    full = load_schema("results")
    schema = {
        "$defs": full["$defs"],
        "type": "object",
        "required": list(_NEEDED),
        "properties": {key: full["properties"][key] for key in _NEEDED},
    }
    return Draft202012Validator(schema)


def audit_of(
    document: Mapping[str, Any],
    source: str,
    *,
    current: bool,
    aliases: Mapping[str, str] | None = None,
) -> Audit:
    """One audit's levels; a norm that has since moved (``aliases``: old ID -> new ID)
    is listed under its new ID, so that its trend continues."""
    norms = document["norms"]
    renamed = {**document_aliases(document), **(aliases or {})}
    return Audit(
        source=source,
        as_of=str(document["run"]["as_of"]),
        started_at=str(document["run"]["started_at"]),
        current=current,
        norms={canonical_norm(str(n["id"]), renamed): n["level_reached"] for n in norms},
        domains={str(d["id"]): d["level_reached"] for d in document["domains"]},
        norms_at_target=sum(1 for n in norms if n["status"] == "passed"),
        norm_count=len(norms),
    )


def _read(path: Path, board: str) -> Mapping[str, Any] | Text:
    """The document, or why it is left out."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return text(
                "groter dan {n} MB", "larger than {n} MB", n=MAX_FILE_BYTES // (1024 * 1024)
            )
        document = json.loads(path.read_bytes())
    except OSError as exc:
        return text("niet te lezen ({e})", "cannot be read ({e})", e=exc.strerror or exc)
    except (UnicodeDecodeError, RecursionError):
        return text("geen JSON-tekst", "not JSON text")
    except json.JSONDecodeError as exc:
        return text(
            "geen geldige JSON (regel {line}, kolom {col})",
            "not valid JSON (line {line}, column {col})",
            line=exc.lineno,
            col=exc.colno,
        )
    if not isinstance(document, dict) or "schema_version" not in document:
        return text(
            "geen ibpaudit-resultatendocument (schema_version ontbreekt)",
            "not an ibpaudit results document (schema_version is missing)",
        )
    version = document["schema_version"]
    if version not in SCHEMA_VERSIONS:
        return text(
            "schema_version {v} wordt niet ondersteund (wel: {ok})",
            "schema_version {v} is not supported (supported: {ok})",
            v=json.dumps(version),
            ok=", ".join(SCHEMA_VERSIONS),
        )
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        return text(
            "ongeldig resultatendocument bij {where}: {msg}",
            "invalid results document at {where}: {msg}",
            where=where,
            msg=error.message[:200],
        )
    if document["board"]["name"] != board:
        return text(
            "audit van een ander bestuur ({other})",
            "audit of another board ({other})",
            other=document["board"]["name"],
        )
    return document


def load_history(folder: Path, current: Mapping[str, Any]) -> History:
    """The audits in ``folder`` plus the current one, oldest first."""
    board = str(current["board"]["name"])
    aliases = document_aliases(current)
    this = audit_of(current, "", current=True, aliases=aliases)
    audits = [this]
    skipped: list[Skipped] = []
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".json")
    except OSError as exc:
        reason = text("map niet te lezen ({e})", "folder cannot be read ({e})", e=exc.strerror)
        return History(str(folder), (this,), (Skipped(str(folder), reason),))
    seen = {(this.as_of, this.started_at)}
    for path in paths:
        document = _read(path, board)
        if isinstance(document, Text):
            skipped.append(Skipped(path.name, document))
            continue
        audit = audit_of(document, path.name, current=False, aliases=aliases)
        if (audit.as_of, audit.started_at) in seen:
            skipped.append(
                Skipped(
                    path.name,
                    text(
                        "dezelfde audit als een ander bestand of als deze audit",
                        "the same audit as another file or as this audit",
                    ),
                )
            )
            continue
        seen.add((audit.as_of, audit.started_at))
        audits.append(audit)
    audits.sort(key=lambda a: (a.as_of, a.started_at))
    return History(str(folder), tuple(audits), tuple(skipped))
