"""How old a control's evidence is, and a *stale* verdict when it is older than the
control allows (``max_evidence_age``).

An evidence file's date is, in this order: the latest date its metadata states
(``bijgewerkt_op``, ``vastgesteld_op``, ...); for a register, the latest date in its
date columns; the last Git commit that changed it; and only outside a Git repository,
its modification time. A fresh clone's modification time says nothing about a policy,
so it is never used when Git knows better. A file whose age cannot be told is stale:
evidence nobody can date proves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ibpaudit.model import Evidence, Finding, Location, Status, Text, text
from ibpaudit.values import ValueParseError, parse_date, parse_duration

# Metadata keys that date a document, after contract normalisation.
META_DATES = (
    "bijgewerkt_op",
    "laatst_beoordeeld_op",
    "vastgesteld_op",
    "gepubliceerd_op",
    "ondertekend_op",
    "datum",
)
SOURCES = {
    "metadata": Text(nl="datum in de metadata", en="date in the metadata"),
    "register": Text(nl="laatste datum in het register", en="latest date in the register"),
    "git": Text(nl="laatste Git-commit", en="last Git commit"),
    "mtime": Text(nl="wijzigingsdatum van het bestand", en="file modification time"),
}


@dataclass(frozen=True)
class Dated:
    """When a piece of evidence dates from, and what said so (a key of ``SOURCES``)."""

    when: date | None
    source: str  # a key of SOURCES, or "" when unknown


def _latest(values: Iterable[Any]) -> date | None:
    latest: date | None = None
    for value in values:
        if value is None or value == "":
            continue
        try:
            day = value if type(value) is date else parse_date(value)
        except (ValueParseError, TypeError):
            continue
        if latest is None or day > latest:
            latest = day
    return latest


def _date_columns(columns: Iterable[str]) -> list[str]:
    return [c for c in columns if c.endswith("_op") or "datum" in c or c in ("datum", "date")]


def evidence_date(ev: Evidence, git: Mapping[str, datetime] | None) -> Dated:
    found = _latest(ev.metadata.get(key) for key in META_DATES)
    if found is not None:
        return Dated(found, "metadata")
    if ev.table and ev.records:
        columns = _date_columns(ev.columns)
        found = _latest(r.values.get(c) for r in ev.records for c in columns)
        if found is not None:
            return Dated(found, "register")
    committed = git.get(ev.file.path) if git is not None else None
    if committed is not None:
        return Dated(parse_date(committed), "git")  # in Amsterdam time
    if git is None:  # not a repository: the file's own time is all there is
        return Dated(datetime.fromisoformat(ev.file.modified).date(), "mtime")
    return Dated(None, "")  # in a repository, not committed: see stale_findings


def stale_findings(
    max_age: str,
    status: Status,
    evidence: Iterable[Evidence],
    as_of: date,
    git: Mapping[str, datetime] | None,
    git_problem: Text | None = None,
) -> list[Finding]:
    """A finding (``status``) for every file older than ``max_age`` on ``as_of``. When
    Git should date a file but cannot (``git_problem``: a shallow clone, no git), that
    file's finding is an *error* that says why and how to fix it: never the file's
    modification time, which would make a clone look brand new."""
    duration = parse_duration(max_age)
    earliest = duration.subtract_from(as_of)
    findings: list[Finding] = []
    for ev in evidence:
        dated = evidence_date(ev, git)
        location = Location(ev.file.path, ev.file.sha256)
        if git_problem is not None and dated.source in ("git", "mtime", ""):
            findings.append(
                Finding(
                    Status.ERROR,
                    text(
                        "de leeftijd van {p} is niet te bepalen: {why}",
                        "the age of {p} cannot be judged: {why}",
                        p=ev.file.path,
                        why=git_problem,
                    ),
                    location,
                )
            )
            continue
        if dated.when is None:
            if git is not None and ev.file.path not in git:
                continue  # uncommitted work: as fresh as it gets
            findings.append(
                Finding(
                    status,
                    text(
                        "verouderd bewijs: de datum van {p} is niet te bepalen "
                        "(geen datum in metadata of register, geen Git-geschiedenis)",
                        "stale evidence: the date of {p} cannot be told "
                        "(no date in metadata or register, no Git history)",
                        p=ev.file.path,
                    ),
                    location,
                )
            )
        elif dated.when < earliest:
            findings.append(
                Finding(
                    status,
                    text(
                        "verouderd bewijs: {p} is van {d} ({s}), ouder dan {a} vóór de peildatum",
                        "stale evidence: {p} dates from {d} ({s}), older than {a} before "
                        "the as-of date",
                        p=ev.file.path,
                        d=dated.when.isoformat(),
                        s=SOURCES[dated.source],
                        a=Text(nl=duration.describe("nl"), en=duration.describe("en")),
                    ),
                    location,
                )
            )
    return findings
