"""What one run knows beyond a single control: the board's schools (with each school's
view of the dossier, made once), which school a register row concerns, and when each
evidence file last changed in Git."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ibpaudit.dossier import Dossier, gitdates, schools
from ibpaudit.model import Location, Record, School, Text


class RunCache:
    """Per-run knowledge beyond one control, computed on first use and kept for the run."""

    def __init__(self, dossier: Dossier, git: gitdates.Reading | None = None) -> None:
        """``git``: the Git questions about the dossier, asked already (the engine starts
        them before it reads anything, so that Git works while the audit reads); by
        default they are asked when a control first needs the answer."""
        self.dossier = dossier
        self._reading = git
        self.index = schools.SchoolIndex(schools.schools_of(dossier))
        self._views: dict[str, Dossier] = {}
        self._rows: dict[tuple[str, str | None], dict[int, Record] | None] = {}
        self._brin_by_text: dict[str, str | None] = {}
        self._git: dict[str, datetime] | None = None
        self._git_read = False
        self._git_problem: Text | None = None

    @property
    def schools(self) -> tuple[School, ...]:
        return self.index.schools

    def view(self, school: School) -> Dossier:
        found = self._views.get(school.brin)
        if found is None:
            found = self._views[school.brin] = schools.dossier_for(self.dossier, self.index, school)
        return found

    def git(self) -> dict[str, datetime] | None:
        """Last commit per file, read on first use (None: not a Git work tree, or one
        whose dates cannot be trusted; see :meth:`git_problem`)."""
        if not self._git_read:
            reading = self._reading or gitdates.Reading(self.dossier.root)
            try:
                self._git_problem = reading.problem()
                if self._git_problem is None:
                    self._git = reading.last_changed()
            finally:
                reading.close()
            self._git_read = True
        return self._git

    def git_problem(self) -> Text | None:
        """Why Git cannot date the dossier's files (a shallow clone, no git), if so."""
        self.git()
        return self._git_problem

    def names_schools(self, path: str, sheet: str | None = None) -> bool:
        """Whether the table at ``path`` (``sheet``) has a column naming schools (else no
        row of it can name one)."""
        return self._table(path, sheet) is not None

    def school_of(self, location: Location | None) -> str | None:
        """The BRIN of the single school the row at ``location`` names, if any."""
        if location is None or not self.index.schools:
            return None
        number = location.row if location.row is not None else location.line
        if number is None:
            return None
        rows = self._table(location.path, location.sheet)
        record = rows.get(number) if rows is not None else None
        if record is None:
            return None
        values = record.values
        column = next((c for c in schools.SCHOOL_COLUMNS if c in values), None)
        if column is None:
            return None
        cell = values[column]
        if cell is None:
            return None  # an empty cell: the whole board
        if type(cell) is not str:  # a YAML list of schools: rare, and not hashable
            return self._single(self.index.of_value(cell))
        # A register names few schools over many rows ('alle', a BRIN): each text once.
        try:
            return self._brin_by_text[cell]
        except KeyError:
            found = self._brin_by_text[cell] = self._single(self.index.of_value(cell))
            return found

    @staticmethod
    def _single(found: tuple[School, ...] | None) -> str | None:
        """The BRIN when a cell names exactly one school."""
        return found[0].brin if found is not None and len(found) == 1 else None

    def _table(self, path: str, sheet: str | None) -> dict[int, Record] | None:
        key = (path, sheet)
        if key not in self._rows:
            self._rows[key] = self._index_rows(path, sheet)
        return self._rows[key]

    def _index_rows(self, path: str, sheet: str | None) -> dict[int, Record] | None:
        ev = self.dossier.get(path)
        if ev is not None and sheet is not None:
            ev = ev.sheet(sheet)
        if ev is None or not ev.table or not schools.has_school_column(ev.columns):
            return None  # no school column: nothing to name
        out: dict[int, Record] = {}
        for record in ev.records:
            loc = record.location
            number: Any = loc.row if loc.row is not None else loc.line
            if number is not None:
                out[int(number)] = record
        return out
