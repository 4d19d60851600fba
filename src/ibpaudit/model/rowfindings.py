"""A check's findings on register rows, held as columns and made when they are read.

A cross-reference over 100,000 applications that no other register knows gives 100,000
findings per check, and a board has a dozen such checks: as :class:`Finding` objects (a
finding, its formatted message, the message's values) that is some 200 bytes a finding
and most of a run's memory. :class:`RowFindings` holds, per finding, only what differs:
the row (which the run holds anyway) and the values of the message's template (shared by
all), kept as columns, or the message itself when it has no template. Each
:class:`Finding` is made when it is read and let go; the redaction walk and the JSON
report read the columns directly.
:class:`Findings` is a check's findings in order, as parts: tuples of findings made
already, and :class:`RowFindings`. Both are read-only sequences of :class:`Finding`,
equal to a tuple or list of the same findings. :class:`Collector` gathers them.

The helpers :func:`statuses`, :func:`files` and :func:`schools` answer what the engine
and the reports ask of a check's findings (their statuses, the files they point at, the
schools they name) for either kind, without making the findings of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, groupby, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, overload

from ibpaudit.i18n import Formatted, Plan, Text
from ibpaudit.model.evidence import Record, table_files
from ibpaudit.model.verdict import Finding, Status

__all__ = [
    "Collector",
    "Findings",
    "RowFindings",
    "files",
    "parts_of",
    "schools",
    "statuses",
    "template_columns",
]

_STATUS, _PLAN_OF, _VALUES_OF = attrgetter("status"), attrgetter("plan"), attrgetter("values")


class SequenceMixin:
    """What :class:`collections.abc.Sequence` adds to ``__len__``, ``__getitem__`` and
    ``__iter__``, without its metaclass: ``isinstance`` against an ABC costs a call into
    ``abc`` for every value that is not one, and the engine and the walks over a results
    document ask it of every check's findings and every container. A class using this
    registers itself as a virtual subclass of Sequence (``Sequence.register``)."""

    __slots__ = ()

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError  # each class has its own

    def __contains__(self, value: object) -> bool:
        return any(item == value for item in self)

    def __reversed__(self) -> Iterator[Any]:
        return iter(tuple(self)[::-1])

    def index(self, value: object) -> int:
        for i, item in enumerate(self):
            if item == value:
                return i
        raise ValueError(f"{value!r} is not among the findings")

    def count(self, value: object) -> int:
        return sum(1 for item in self if item == value)


class _Sequence(SequenceMixin):
    """The equality, hash and pickling both classes below share."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        """Equal to a tuple, list or such sequence of the same findings, in order."""
        if not isinstance(other, Findings | RowFindings | tuple | list):
            return NotImplemented
        return len(self) == len(other) and all(map(_same, self, other))  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]  # equal to a list, which has none

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to a sector worker's parent) or deep-copied as the findings themselves.
        return (tuple, (tuple(self),))


if TYPE_CHECKING:
    _Base = Sequence[Finding]
else:
    _Base = _Sequence


class RowFindings(_Base):
    """One finding per row of ``records``, all with ``status``, at the row's location.
    With a ``plan`` (a :class:`Formatted` template), row i's message is
    ``Formatted(plan, values)`` with the i-th value of each of ``columns``; without
    one, ``messages[i]`` is the message itself."""

    __slots__ = ("columns", "messages", "plan", "records", "status")

    def __init__(
        self,
        status: Status,
        plan: tuple[Plan, Plan, Text] | None,
        columns: tuple[Sequence[Any], ...],
        messages: Sequence[Text],
        records: Sequence[Record],
    ) -> None:
        self.status = status
        self.plan = plan
        self.columns = columns
        self.messages = messages
        self.records = records

    def texts(self) -> Iterator[Text]:
        """Each row's message, made now."""
        plan = self.plan
        if plan is None:
            return iter(self.messages)
        if not self.columns:
            return map(Formatted, repeat(plan, len(self.records)), repeat(()))
        return map(Formatted, repeat(plan), zip(*self.columns, strict=True))

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> RowFindings: ...
    def __getitem__(self, index: int | slice) -> Finding | RowFindings:
        if isinstance(index, slice):
            columns = tuple(column[index] for column in self.columns)
            messages = self.messages[index] if self.plan is None else ()
            return RowFindings(self.status, self.plan, columns, messages, self.records[index])
        record = self.records[index]  # raises IndexError first
        if self.plan is None:
            message = self.messages[index]
        else:
            message = Formatted(self.plan, tuple(column[index] for column in self.columns))
        return Finding(self.status, message, record.place())

    def __iter__(self) -> Iterator[Finding]:
        status = self.status
        for message, record in zip(self.texts(), self.records, strict=True):
            yield Finding(status, message, record.place())

    def __repr__(self) -> str:
        return f"RowFindings({self.status.value}, {len(self.records)} rows)"


class Findings(_Base):
    """A check's findings, in order, as parts: tuples of findings and
    :class:`RowFindings`. Read-only; equal to a tuple or list of the same findings."""

    __slots__ = ("_length", "parts")

    def __init__(self, parts: Iterable[Sequence[Finding]] = ()) -> None:
        kept: list[Sequence[Finding]] = []
        for part in parts:
            if isinstance(part, Findings):
                kept += part.parts
            elif isinstance(part, RowFindings):
                if part:
                    kept.append(part)
            elif part:
                kept.append(tuple(part))
        self.parts: tuple[Sequence[Finding], ...] = tuple(kept)
        self._length = sum(map(len, self.parts))

    @classmethod
    def of(cls, *parts: Sequence[Finding]) -> Sequence[Finding]:
        """``parts`` as one sequence: a plain tuple when no part is made of rows."""
        if any(isinstance(p, RowFindings | Findings) for p in parts):
            return cls(parts)
        return tuple(chain.from_iterable(parts))

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return Findings([tuple(self)[index]])
            out: list[Sequence[Finding]] = []
            offset = 0
            for part in self.parts:
                size = len(part)
                lo, hi = max(start - offset, 0), min(stop - offset, size)
                if lo < hi:
                    out.append(part[lo:hi])
                offset += size
            return Findings(out)
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("Findings index out of range")
        for part in self.parts:
            if index < len(part):
                return part[index]
            index -= len(part)
        raise IndexError("Findings index out of range")  # pragma: no cover

    def __iter__(self) -> Iterator[Finding]:
        return chain.from_iterable(self.parts)

    def __bool__(self) -> bool:
        return self._length > 0

    def __repr__(self) -> str:
        return f"Findings({', '.join(map(_part_repr, self.parts))})"


class Collector:
    """A check's findings gathered in order: findings made already, and findings on rows
    (kept as :class:`RowFindings`: consecutive rows of the same status and the same
    template, their values in columns; or with messages of no template). :meth:`findings`
    gives them all as one sequence."""

    __slots__ = ("_columns", "_kind", "_loose", "_messages", "_parts", "_records")

    def __init__(self) -> None:
        self._parts: list[Sequence[Finding]] = []
        self._loose: list[Finding] = []
        self._records: list[Record] = []
        self._columns: tuple[list[Any], ...] = ()
        self._messages: list[Text] = []
        self._kind: tuple[Status, tuple[Plan, Plan, Text] | None, int] | None = None

    def add(self, finding: Finding) -> None:
        if self._records:
            self._close_rows()
        self._loose.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        if isinstance(findings, Findings | RowFindings):
            self._close_rows()
            self._close_loose()
            self._parts.append(findings)
        else:
            for finding in findings:
                self.add(finding)

    def row(self, status: Status, message: Text, record: Record) -> None:
        """A finding on ``record`` (at its location) with ``status`` and ``message``."""
        if type(message) is Formatted:
            plan, values = message.plan, message.values
            kind = self._kind
            if (
                kind is None
                or kind[0] is not status
                or kind[1] is not plan
                or kind[2] != len(values)
            ):
                self._start(status, plan, len(values))
            for column, value in zip(self._columns, values, strict=True):
                column.append(value)
        else:
            kind = self._kind
            if kind is None or kind[0] is not status or kind[1] is not None:
                self._start(status, None, 0)
            self._messages.append(message)
        self._records.append(record)

    def findings(self) -> Sequence[Finding]:
        self._close_rows()
        self._close_loose()
        return Findings.of(*self._parts)

    def _start(self, status: Status, plan: tuple[Plan, Plan, Text] | None, width: int) -> None:
        self._close_rows()
        self._close_loose()
        self._kind = (status, plan, width)
        self._columns = tuple([] for _ in range(width))

    def _close_rows(self) -> None:
        if self._records:
            assert self._kind is not None
            status, plan, _ = self._kind
            self._parts.append(
                RowFindings(status, plan, self._columns, self._messages, self._records)
            )
            self._records, self._messages, self._columns = [], [], ()
        self._kind = None

    def _close_loose(self) -> None:
        if self._loose:
            self._parts.append(tuple(self._loose))
            self._loose = []


Sequence.register(RowFindings)
Sequence.register(Findings)


def _same(a: object, b: object) -> bool:
    return a == b


def _part_repr(part: Sequence[Finding]) -> str:
    return repr(part) if isinstance(part, RowFindings) else f"{len(part)} findings"


def parts_of(findings: Sequence[Finding]) -> tuple[Sequence[Finding], ...]:
    """A check's findings as their parts (see :class:`Findings`); any other sequence of
    findings as one part."""
    if isinstance(findings, Findings):
        return findings.parts
    return (findings,)


def template_columns(
    messages: Sequence[Formatted],
) -> list[tuple[tuple[Plan, Plan, Text], int, list[list[Any]]]] | None:
    """Formatted messages as runs of one template: the template, how many messages, and
    their values as columns (one list per value of the template, a row per message), as
    :class:`RowFindings` holds them. None when a run's messages do not all have the same
    number of values."""
    runs = []
    for plan, run in groupby(messages, _PLAN_OF):
        rows = list(map(_VALUES_OF, run))
        width = len(rows[0])
        if set(map(len, rows)) != {width}:
            return None  # not one template's values after all
        runs.append((plan, len(rows), [list(map(itemgetter(i), rows)) for i in range(width)]))
    return runs


def statuses(findings: Sequence[Finding]) -> Iterator[Status]:
    """Each finding's status, in order; a :class:`RowFindings` part's without making
    its findings."""
    if type(findings) is tuple:  # most checks: a few findings made already
        return map(_STATUS, findings)
    return chain.from_iterable(
        repeat(part.status, len(part)) if isinstance(part, RowFindings) else map(_STATUS, part)
        for part in parts_of(findings)
    )


def files(
    findings: Sequence[Finding], *, without_school: bool = False
) -> dict[tuple[str, Any], None]:
    """The (path, sheet) of the findings' locations, in the order first met
    (``without_school``: of the findings that name no school); of a
    :class:`RowFindings` part, its rows' files."""
    found: dict[tuple[str, Any], None] = {}
    for part in parts_of(findings):
        if isinstance(part, RowFindings):
            found.update(table_files(part.records))
        else:
            found.update(
                dict.fromkeys(
                    (f.location.path, f.location.sheet)
                    for f in part
                    if f.location is not None and not (without_school and f.school is not None)
                )
            )
    return found


def schools(findings: Sequence[Finding]) -> Iterator[tuple[str, Status]]:
    """(BRIN, status) of every finding that names a school; rows name none."""
    for part in parts_of(findings):
        if not isinstance(part, RowFindings):
            for f in part:
                if f.school is not None:
                    yield f.school, f.status
