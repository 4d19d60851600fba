"""What plugins receive and return: check types, report formats and their contexts."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from ibpaudit.i18n import Lang, Text
from ibpaudit.model.catalog import Control
from ibpaudit.model.evidence import DossierView
from ibpaudit.model.verdict import CheckOutcome

_T = TypeVar("_T")


class Shared:
    """What several checks of one run would otherwise compute alike, computed once: the
    rows a ``where`` selects from a register, a cross-reference's index of a register.

    One store per audit, emptied when the audit's controls are judged, so a process that
    audits many dossiers (a sector run) never serves one dossier's data to another. A
    value must be a pure function of its key and ``source``, and is shared: never
    change it.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[tuple[Hashable, int], tuple[object, Any]] = {}

    def get(self, key: Hashable, make: Callable[[], _T], source: object = None) -> _T:
        """The value kept under ``key`` (and ``source``), made by ``make()`` on first use.

        ``source`` is what the value was computed from when that cannot be a key itself
        (a register's rows): it is matched by identity and kept alive with the value, so
        another object can never be taken for it. Make ``key`` name everything else the
        value depends on (the conditions, the as-of date), under a prefix of your own
        (``"myplugin.index"``)."""
        slot = (key, id(source))
        found = self._values.get(slot)
        if found is not None and found[0] is source:
            value: _T = found[1]
            return value
        made = make()
        self._values[slot] = (source, made)
        return made

    def clear(self) -> None:
        """Forget every value (the end of an audit)."""
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at; checks never read files themselves.

    ``dossier`` is a :class:`DossierView` (five stable methods); ``as_of`` the run's
    as-of date (peildatum); ``control`` the control being judged; ``reference`` the
    catalog's reference tables (e.g. retention periods) by name; ``options`` the values
    of the command-line options that plugins declared (``ibpaudit_add_options``);
    ``shared`` the run's :class:`Shared` store, for work several checks would repeat.
    """

    dossier: DossierView
    as_of: date
    control: Control
    reference: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Any] = field(default_factory=dict)
    shared: Shared = field(default_factory=Shared, compare=False, repr=False)


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
    """What a reporter is told besides the results: the language, and the options
    plugins added to the command line (``extra``)."""

    lang: Lang = "nl"
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportFormat:
    """An output format; ``render`` gets the results document and nothing else.

    ``stream`` (optional) renders the same bytes as ``render``, as an iterable of
    chunks: a run writes them to the file one by one, so a large report never exists
    whole in memory. A format without ``stream`` is written from ``render``.
    """

    name: str
    filename: str
    render: Callable[[Mapping[str, Any], ReportOptions], bytes]
    description: Text
    stream: Callable[[Mapping[str, Any], ReportOptions], Iterable[bytes]] | None = None
