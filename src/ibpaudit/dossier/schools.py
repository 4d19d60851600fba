"""Boards with many schools: which school a row or document concerns, and the dossier
as one school sees it.

``organisatie.yaml`` lists the schools (``scholen``: ``brin``, ``naam``). A register
row names its school in a ``school`` (or ``brin``, ``vestiging``, ``scholen``) column,
by BRIN or by name, or several separated by commas; an empty cell or ``alle`` means the
whole board. A document names its schools in the metadata key ``school``/``scholen``;
a document without one is board-wide. A control with ``scope: school`` is judged once
per school on that school's view of the dossier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ibpaudit.model import Evidence, Record, School

if TYPE_CHECKING:
    from ibpaudit.dossier import Dossier

SCHOOL_COLUMNS = ("school", "scholen", "brin", "brinnummer", "brin_nummer", "vestiging")
ALL_WORDS = frozenset({"alle", "alle scholen", "all", "all schools", "bestuur", "board", "*"})
_SPLIT = re.compile(r"\s*[,;/]\s*|\s+en\s+|\s+and\s+")


def schools_of(dossier: Dossier) -> tuple[School, ...]:
    """The schools ``organisatie.yaml`` lists; none when it lists none."""
    organisation = dossier.organisation()
    if organisation is None or organisation.error is not None:
        return ()
    listed = organisation.metadata.get("scholen") or organisation.metadata.get("schools")
    out: list[School] = []
    for item in listed if isinstance(listed, list) else ():
        if isinstance(item, Mapping):
            brin = str(item.get("brin") or "").strip().upper()
            name = str(item.get("naam") or item.get("name") or "").strip()
            if brin or name:
                out.append(School(brin, name))
    return tuple(out)


class SchoolIndex:
    """Finds the school a cell means: a BRIN (``00AA``, also ``00AA00`` with its
    location number), the school's name, or a unique part of it (``Het Kompas``)."""

    def __init__(self, schools: Sequence[School]) -> None:
        self.schools = tuple(schools)
        self._by_key: dict[str, School] = {}
        for school in self.schools:
            if school.brin:
                self._by_key[school.brin.casefold()] = school
            if school.name:
                self._by_key[school.name.casefold()] = school

    def find(self, value: str) -> School | None:
        key = " ".join(value.split()).casefold()
        if not key:
            return None
        found = self._by_key.get(key)
        if found is None and len(key) == 6:  # BRIN with its two-digit location number
            found = self._by_key.get(key[:4])
        if found is not None:
            return found
        partial = [s for s in self.schools if s.name and key in s.name.casefold()]
        return partial[0] if len(partial) == 1 else None

    def of_value(self, value: Any) -> tuple[School, ...] | None:
        """The schools a cell names; None means the whole board (empty or 'alle');
        an empty tuple means it names no known school."""
        if value is None:
            return None
        items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, Mapping) for item in items):
            return None  # a list of school records (organisatie.yaml), not a reference
        parts = [p for item in items for p in _SPLIT.split(str(item).strip()) if p.strip()]
        if not parts or any(p.casefold() in ALL_WORDS for p in parts):
            return None
        found = [s for p in parts if (s := self.find(p)) is not None]
        return tuple(dict.fromkeys(found))

    def of_record(self, values: Mapping[str, Any]) -> tuple[School, ...] | None:
        for column in SCHOOL_COLUMNS:
            if column in values:
                return self.of_value(values[column])
        return None

    def of_metadata(self, metadata: Mapping[str, Any]) -> tuple[School, ...] | None:
        """The schools a document's metadata names (see :meth:`of_value`), from its first
        school key; ``metadata`` by normalised key (:attr:`Evidence.normalised_metadata`)."""
        for key, value in metadata.items():
            if key in SCHOOL_COLUMNS:
                return self.of_value(value)
        return None


def _concerns(found: tuple[School, ...] | None, school: School) -> bool:
    return found is None or school in found


def _rows(records: tuple[Record, ...], index: SchoolIndex, school: School) -> tuple[Record, ...]:
    return tuple(r for r in records if _concerns(index.of_record(r.values), school))


def has_school_column(columns: Sequence[str]) -> bool:
    return any(c in SCHOOL_COLUMNS for c in columns)


def view(ev: Evidence, index: SchoolIndex, school: School) -> Evidence | None:
    """``ev`` as ``school`` sees it: its own and board-wide rows; None for a document
    about other schools only."""
    if ev.error is not None:
        return ev
    if not _concerns(index.of_metadata(ev.normalised_metadata), school):
        return None
    if not ev.table:
        return ev
    sheets = tuple(
        replace(s, records=_rows(s.records, index, school)) if has_school_column(s.columns) else s
        for s in ev.sheets
    )
    records = _rows(ev.records, index, school) if has_school_column(ev.columns) else ev.records
    return replace(ev, records=records, sheets=sheets)


def dossier_for(dossier: Dossier, index: SchoolIndex, school: School) -> Dossier:
    """The dossier as one school sees it (for controls with ``scope: school``)."""
    evidence = [v for ev in dossier.evidence if (v := view(ev, index, school)) is not None]
    return dossier.view_of(evidence)
