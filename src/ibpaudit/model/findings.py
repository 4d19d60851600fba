"""A check's findings in the results document, kept compact.

A register of 100,000 rows that all fail gives 100,000 findings per check. As JSON-like
dicts (a finding, its message, its location) each costs about a kilobyte; a
:class:`FindingList` keeps the :class:`~ibpaudit.model.Finding` values themselves (whose
messages keep their template and values, see :class:`ibpaudit.i18n.Formatted`) and makes
each finding's dict when it is read. To a reporter it is a read-only sequence of those
dicts; ``json`` needs :func:`plain` as its ``default=`` hook to write one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from ibpaudit.i18n import Text
from ibpaudit.model.rowfindings import (
    Findings,
    RowFindings,
    SequenceMixin,
    parts_of,
    statuses,
)
from ibpaudit.model.verdict import Finding, Status

__all__ = ["FindingList", "plain", "plain_document"]


# Not the ABC itself: isinstance against it is asked of every container a walk meets.
if TYPE_CHECKING:
    _Base = Sequence[dict[str, Any]]
else:
    _Base = SequenceMixin


class FindingList(_Base):
    """The findings of one check as a sequence of dicts (``Finding.to_json()``), each
    made when it is read; the findings themselves are held as they are."""

    __slots__ = ("findings",)

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        # Findings on register rows stay as they are: made when read.
        self.findings: Sequence[Finding] = (
            findings if isinstance(findings, tuple | Findings | RowFindings) else tuple(findings)
        )

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> FindingList: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | FindingList:
        if isinstance(index, slice):
            return FindingList(self.findings[index])
        return self.findings[index].to_json()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for finding in self.findings:
            yield finding.to_json()

    def __bool__(self) -> bool:
        return bool(self.findings)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FindingList):
            return self.findings == other.findings or self.to_json() == other.to_json()
        if isinstance(other, list | tuple):
            return len(other) == len(self) and self.to_json() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a list, which has none

    def __repr__(self) -> str:
        return f"FindingList({len(self.findings)} findings)"

    def to_json(self) -> list[dict[str, Any]]:
        return [finding.to_json() for finding in self.findings]

    def statuses(self) -> Iterator[Status]:
        """Each finding's status, in order, without making a finding of a row."""
        return statuses(self.findings)

    def having(self, keep: Callable[[Status], bool]) -> Iterator[Finding]:
        """The findings whose status ``keep`` accepts, in order; findings on rows whose
        status it refuses are not made."""
        for part in parts_of(self.findings):
            if isinstance(part, RowFindings):
                if keep(part.status):
                    yield from part
            else:
                for finding in part:
                    if keep(finding.status):
                        yield finding


Sequence.register(FindingList)


def plain(value: Any) -> Any:
    """``json``'s ``default=`` hook for a results document: a :class:`FindingList` as the
    list of its dicts, a :class:`Text` as ``{nl, en}``."""
    if isinstance(value, FindingList | Text):
        return value.to_json()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def plain_document(value: Any) -> Any:
    """A copy of a JSON-like value with every :class:`FindingList` a list (for code that
    needs real lists, such as a JSON-Schema validator); other values are shared."""
    if isinstance(value, FindingList):
        return value.to_json()
    if isinstance(value, dict):
        return {k: plain_document(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_document(v) for v in value]
    return value
