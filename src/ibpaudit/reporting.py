"""What of a dossier is more than data, said in every output.

A dossier may carry Python (``plugins/*.py``) and may replace shipped controls or
reference values (its own ``controls/``). Both are the board's right in its own CI, but
an auditor must see them: every run names each dossier plugin it executed (or refused,
under ``--dossier-as-data``) with the SHA-256 of the bytes, and each override with the
shipped value beside the board's. The console, JUnit, SARIF, Markdown and HTML reports
all take their sentences from :func:`notes`; the JSON document holds the data
(``plugins``, ``overrides``).

Also here: how the reports people read fold a check's findings (:func:`shown`,
:func:`clipped`, :func:`folded`, :class:`Selected`), so each says the same exact count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, TypeVar, overload

from ibpaudit.model.findings import FindingList

T = TypeVar("T")

_CHANGES_SHOWN = 3  # per override in one sentence; the JSON and HTML reports hold them all


def notes(
    plugins: Sequence[Mapping[str, Any]],
    overrides: Sequence[Mapping[str, Any]],
    lang: str,
    shown: int = _CHANGES_SHOWN,
) -> Iterator[str]:
    """What of the dossier is more than data: each of its plugins that ran (or was
    refused), with the SHA-256 of its bytes, and each shipped control or reference file
    it overrides, with the shipped value beside the board's."""
    nl = lang != "en"
    for plugin in plugins:
        if plugin.get("origin") != "local":
            continue
        where = f"{plugin.get('path')} (SHA-256 {plugin.get('sha256')})"
        if plugin.get("refused"):
            yield (
                f"code uit het dossier niet uitgevoerd (--dossier-as-data): {where}"
                if nl
                else f"dossier code not executed (--dossier-as-data): {where}"
            )
        else:
            yield (
                f"code uit het dossier uitgevoerd: {where}"
                if nl
                else f"dossier code executed: {where}"
            )
    for override in overrides:
        kind = override.get("kind")
        what = (
            ("maatregel" if kind == "control" else "referentiewaarden")
            if nl
            else ("control" if kind == "control" else "reference values")
        )
        changes = list(override.get("changes", ()))
        listed = "; ".join(f"{c['path']}: {c['shipped']} -> {c['board']}" for c in changes[:shown])
        if len(changes) > shown:
            more = len(changes) - shown
            listed += f"; … {more} {'meer' if nl else 'more'}"
        if not changes:
            listed = "geen inhoudelijke wijziging" if nl else "no change in content"
        head = f"{what} {override.get('id')} ({override.get('replaces')} -> {override.get('path')})"
        if override.get("status") == "refused":
            yield (
                f"afwijking van de catalogus geweigerd (--dossier-as-data), de "
                f"meegeleverde versie geldt: {head}: {listed}"
                if nl
                else f"catalog override refused (--dossier-as-data), the shipped "
                f"version applies: {head}: {listed}"
            )
        else:
            yield (
                f"het dossier wijkt af van de catalogus: {head}: {listed}"
                if nl
                else f"the dossier overrides the catalog: {head}: {listed}"
            )


def of(document: Mapping[str, Any], lang: str, shown: int = _CHANGES_SHOWN) -> list[str]:
    """The notes for a results document."""
    return list(notes(document.get("plugins", ()), document.get("overrides", ()), lang, shown))


# -- findings a person reads ---------------------------------------------------------
#
# A register of 100,000 rows that all fail gives 100,000 findings per check. The JSON
# results document keeps every one; the reports people read (HTML, JUnit, SARIF, the
# console) show the first ``SHOWN_FINDINGS`` of each check, each message cut at
# ``MESSAGE_CHARS``, and say exactly how many more there are and where they are.

SHOWN_FINDINGS = 100  # per check
MESSAGE_CHARS = 2000  # per message


def shown(findings: Sequence[T], limit: int = SHOWN_FINDINGS) -> tuple[Sequence[T], int]:
    """The findings a report shows, and how many it leaves out."""
    if len(findings) <= limit:
        return findings, 0
    return findings[:limit], len(findings) - limit


def clipped(message: str, limit: int = MESSAGE_CHARS, lang: str = "nl") -> str:
    """``message`` cut at ``limit`` characters, saying how many were left out."""
    if len(message) <= limit:
        return message
    rest = len(message) - limit
    more = f"{rest:,}".replace(",", ".") if lang != "en" else f"{rest:,}"
    return message[:limit] + (f"… (+{more} tekens)" if lang != "en" else f"… (+{more} characters)")


def folded(count: int, lang: str) -> str:
    """The sentence that stands for ``count`` findings a report leaves out."""
    if lang == "en":
        return f"and {count:,} more (every finding is in results.json)"
    return f"en {count:,} andere (alle bevindingen staan in results.json)".replace(",", ".")


class Selected(Sequence[Mapping[str, Any]]):
    """The findings of several checks whose status is one of ``statuses``, in order, as
    one read-only sequence that makes only the findings it is asked for: its length
    counts statuses (without making any finding's dict when the findings are a
    :class:`~ibpaudit.model.findings.FindingList`), and ``selected[:100]`` makes 100.
    What a report folds with an exact count, without holding every finding."""

    def __init__(
        self,
        groups: Iterable[Sequence[Mapping[str, Any]]],
        statuses: Collection[str] = (),
        *,
        excluding: Collection[str] | None = None,
    ) -> None:
        """``statuses``: the statuses kept; or ``excluding``: every status but these."""
        self.groups = tuple(groups)
        self.statuses = frozenset(statuses)
        self.excluding = None if excluding is None else frozenset(excluding)
        self._length: int | None = None

    def _keeps(self, status: object) -> bool:
        if self.excluding is not None:
            return status not in self.excluding
        return status in self.statuses

    def __len__(self) -> int:
        if self._length is None:
            keeps = self._keeps
            self._length = sum(
                # A FindingList's statuses counted in C, then kept or not per status.
                sum(n for status, n in Counter(group.statuses()).items() if keeps(status))
                if isinstance(group, FindingList)
                else sum(1 for f in group if keeps(f.get("status")))
                for group in self.groups
            )
        return self._length

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        keeps = self._keeps
        for group in self.groups:
            if isinstance(group, FindingList):
                for finding in group.having(keeps):
                    yield finding.to_json()
            else:
                for item in group:
                    if keeps(item.get("status")):
                        yield item

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[Mapping[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | list[Mapping[str, Any]]:
        if isinstance(index, slice):
            start, stop, step = index.start or 0, index.stop, index.step or 1
            if start >= 0 and step > 0 and (stop is None or stop >= 0):
                return list(islice(self, start, stop, step))
            return list(self)[index]
        if index < 0:
            index += len(self)
        for item in islice(self, index, None):
            return item
        raise IndexError("Selected index out of range")


def statuses(findings: Iterable[Mapping[str, Any]]) -> list[Any]:
    """The distinct statuses of a check's findings, in the order they first appear (a
    FindingList's without making its dicts)."""
    if isinstance(findings, FindingList):
        return list(dict.fromkeys(findings.statuses()))
    return list(dict.fromkeys(f.get("status") for f in findings))
