"""What plugins receive and return: check types, report formats and their contexts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ibpaudit.i18n import Lang, Text
from ibpaudit.model.catalog import Control
from ibpaudit.model.evidence import DossierView
from ibpaudit.model.verdict import CheckOutcome


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at; checks never read files themselves.

    ``dossier`` is a :class:`DossierView` (five stable methods); ``as_of`` the run's
    as-of date (peildatum); ``control`` the control being judged; ``reference`` the
    catalog's reference tables (e.g. retention periods) by name; ``options`` the values
    of the command-line options that plugins declared (``ibpaudit_add_options``).
    """

    dossier: DossierView
    as_of: date
    control: Control
    reference: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Any] = field(default_factory=dict)


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
