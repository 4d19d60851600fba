"""One walk that makes the results document safe to publish: personal data redacted
(unless the user asked to see it) and every string inert (see :mod:`ibpaudit.inert`).

The rules for what is redacted are :mod:`ibpaudit.engine.redact`'s: excerpts (findings,
reasons, problems, errors, attested statements) and the personal part of file and sheet
names; the catalog's text, locations, hashes and identifiers are kept. The document is
changed in place, so a large one is not held twice.

A container the document holds twice (the same dict or list object in two places) is
walked once: walking it again in place would redact text that is redacted already. Each
time it is met again, what it counted the first time is counted again, as if the
document held two copies. A :class:`~ibpaudit.model.findings.FindingList` is walked
finding by finding, without making its dicts: a formatted message is searched piece by
piece (its template's text once, each distinct value once; see
:meth:`~ibpaudit.engine.redact.Redactor.pieces`), and a finding with nothing to change
is kept as it is. A register's findings (many, one template, one file) are first told
quiet in bulk, per distinct value (:meth:`SafeWalk.quiet_rows` reads the columns of
findings held on rows, see :mod:`ibpaudit.model.rowfindings`); a part with anything to
change is walked finding by finding.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import Any

from ibpaudit import inert
from ibpaudit.engine.redact import _CATALOG, _EXCERPTS, _KEEP, _NAMES, Redactor
from ibpaudit.i18n import Formatted, Text
from ibpaudit.model import Finding, Location
from ibpaudit.model.evidence import table_places
from ibpaudit.model.findings import FindingList
from ibpaudit.model.rowfindings import Findings, RowFindings, parts_of

__all__ = ["SafeWalk", "safe_document"]

_UNSAFE = inert.UNSAFE_IN_DOCUMENT
_BULK = 64  # findings in one list from which they are told quiet in bulk
_MESSAGE, _SCHOOL, _LOCATION = attrgetter("message"), attrgetter("school"), attrgetter("location")
_PATH, _SHA256, _SHEET, _COLUMN = map(attrgetter, ("path", "sha256", "sheet", "column"))
_PLAIN_KINDS = (type(None), int, float, bool)


def safe_document(document: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """``document`` redacted (when ``redactor`` is enabled) and inert, in place."""
    result = SafeWalk(redactor).walk(document, False, redactor.enabled)
    assert isinstance(result, dict)
    return result


class SafeWalk:
    """The walk behind :func:`safe_document` (``inert=False``: redaction only, as
    :meth:`Redactor.document` does)."""

    def __init__(self, redactor: Redactor, inert: bool = True) -> None:
        self.redactor = redactor
        self.inert = inert
        # Keys, paths, statuses and the catalog's text recur all over the document: each
        # is made inert once. Excerpts are mostly distinct (one per finding); the
        # redactor remembers what it found in each, so they are not kept twice here.
        self.memo: dict[str, str] = {}
        self.plain_keys: set[str] = set()
        # File and sheet names, redacted once each: (result, whether it counted).
        self.names: dict[str, tuple[str, bool]] = {}
        # Containers walked: id -> (the container, context, result, redactions counted).
        self.seen: dict[int, tuple[Any, bool, bool, Any, int]] = {}

    # -- strings ------------------------------------------------------------------------

    def string(self, value: str, how: str) -> str:
        """``value`` inert, and redacted in language ``how`` (``""``: not redacted)."""
        if how:
            redacted = self.redactor.text(value, how)
            return inert.text(redacted, _UNSAFE) if self.inert else redacted
        if not self.inert:
            return value
        found = self.memo.get(value)
        if found is None:
            found = self.memo[value] = inert.text(value, _UNSAFE)
        return found

    def name(self, value: str, redact: bool) -> str:
        """A file or sheet name: its personal part redacted (counted every time, as
        every excerpt is), inert."""
        if not redact:
            return self.string(value, "")
        known = self.names.get(value)
        if known is None:
            before = self.redactor.redacted
            known = self.names[value] = (self.string(value, "nl"), self.redactor.redacted > before)
        elif known[1]:
            self.redactor.redacted += 1
        return known[0]

    def text(self, value: Text, redact: bool) -> Text:
        """A message: each language redacted (a formatted one piece by piece) and inert;
        ``value`` itself when neither changes anything."""
        formatted = isinstance(value, Formatted)
        if formatted and self.redactor.quiet(value):  # type: ignore[arg-type]
            return value  # nothing to change, told without joining its text
        out: list[str | None] = [None, None]
        for i, lang in enumerate(("nl", "en")):
            pieces = value.pieces(lang) if formatted else [value.get(lang)]  # type: ignore[attr-defined]
            found, unsafe = self.redactor.scan(pieces)
            if not redact:
                found = []
            if found or (unsafe and self.inert):
                whole = "".join(pieces)
                new = self.redactor.redact(whole, found, lang) if found else whole
                out[i] = inert.text(new, _UNSAFE) if self.inert else new
        if out[0] is None and out[1] is None:
            return value
        return Text(
            nl=out[0] if out[0] is not None else value.nl,
            en=out[1] if out[1] is not None else value.en,
        )

    # -- findings -----------------------------------------------------------------------

    def finding(self, finding: Finding, excerpt: bool, redact: bool) -> Finding:
        """As the walk would treat ``finding.to_json()``: the message is an excerpt, the
        location's file and sheet names are names, the school is an excerpt where the
        finding is."""
        message = self.text(finding.message, redact)
        location = finding.location
        if location is not None:
            location = self.location(location, redact)
        school = finding.school
        if school is not None:
            school = self.string(school, "nl" if excerpt and redact else "")
        if message is finding.message and location is finding.location and school is finding.school:
            return finding
        return Finding(finding.status, message, location, school)

    def location(self, location: Location, redact: bool) -> Location:
        path = self.name(location.path, redact)
        sheet = location.sheet
        if sheet is not None:
            sheet = self.name(sheet, redact)
        column = location.column
        if column is not None:
            column = self.string(column, "")
        sha256 = location.sha256
        if sha256 is not None:
            sha256 = self.string(sha256, "")
        if (
            path is location.path
            and sheet is location.sheet
            and column is location.column
            and sha256 is location.sha256
        ):
            return location
        return Location(path, sha256, location.line, location.row, column, sheet, location.page)

    def findings(self, node: FindingList, excerpt: bool, redact: bool) -> FindingList:
        """:meth:`finding` for each finding, part by part (see
        :mod:`ibpaudit.model.rowfindings`): a part kept as it is when it is told quiet in
        bulk (:meth:`quiet_rows`, :meth:`quiet_findings`), else walked finding by
        finding (:meth:`part`)."""
        parts = parts_of(node.findings)
        walked = [self.part(part, excerpt, redact) for part in parts]
        if all(map(operator.is_, walked, parts)):
            return node
        return FindingList(Findings.of(*walked))

    def part(self, items: Sequence[Finding], excerpt: bool, redact: bool) -> Sequence[Finding]:
        """``items`` when nothing in them changes, else a tuple of the findings walked."""
        told = self.quiet_rows(items, redact) if isinstance(items, RowFindings) else None
        if told is None and len(items) >= _BULK:  # not told from columns: from findings
            told = self.quiet_findings(items, redact)
        if told:
            return items
        out: list[Finding] | None = None
        finding = self.finding
        quiet = self.redactor.quiet
        redactor = self.redactor
        # The strings of the last location that came out unchanged, nothing counted.
        path = sha256 = sheet = column = None
        for i, item in enumerate(items):
            message, location = item.message, item.location
            if type(message) is Formatted and item.school is None and quiet(message):
                if location is None or (
                    location.path is path
                    and location.sha256 is sha256
                    and location.sheet is sheet
                    and location.column is column
                ):
                    continue
                before = redactor.redacted
                if self.location(location, redact) is location and redactor.redacted == before:
                    path, sha256 = location.path, location.sha256
                    sheet, column = location.sheet, location.column
                    continue
                redactor.redacted = before  # counted again below, once
            new = finding(item, excerpt, redact)
            if new is not item:
                if out is None:
                    out = list(items)
                out[i] = new
        return items if out is None else tuple(out)

    def quiet_rows(self, part: RowFindings, redact: bool) -> bool | None:
        """:meth:`quiet_findings` for findings on register rows, read from their columns
        (the template's values, the rows' tables) without making them; None when the
        columns cannot tell (messages of no template, rows with locations of their own)."""
        places = None if part.plan is None else table_places(part.records)
        if part.plan is None or places is None:
            return None
        # By identity: a register's rows share one Origin, whose hash is Python code.
        origins = dict(zip(map(id, places[0]), places[0], strict=True))
        if not self._files_quiet(
            ((o.path, o.sha256, o.sheet, None) for o in origins.values()),
            redact,
        ):
            return False
        return self.redactor.rows_quiet(part.plan, part.columns)

    def _files_quiet(
        self, files: Iterable[tuple[str, str | None, str | None, str | None]], redact: bool
    ) -> bool:
        """Whether :meth:`location` keeps a location in each of ``files`` (path, hash,
        sheet, column) as it is and counts nothing."""
        redactor = self.redactor
        before = redactor.redacted
        for path, sha256, sheet, column in files:
            shown = Location(path, sha256, None, None, column, sheet)
            if self.location(shown, redact) is not shown or redactor.redacted != before:
                redactor.redacted = before
                return False
        return True

    def quiet_findings(self, items: Sequence[Finding], redact: bool) -> bool:
        """Whether :meth:`findings` would keep every finding of ``items`` as it is and
        count nothing, told in bulk (a register's findings share a template and a file):
        every message formatted and :meth:`Redactor.all_quiet`, no school, and each
        distinct file (path, hash, sheet, column) shown by :meth:`location` to need
        nothing. False when that cannot be told this way; the loop then decides."""
        messages = list(map(_MESSAGE, items))
        if set(map(type, messages)) != {Formatted} or set(map(_SCHOOL, items)) != {None}:
            return False
        locations = list(map(_LOCATION, items))
        if set(map(type, locations)) != {Location}:
            return False
        files = set(
            zip(
                map(_PATH, locations),
                map(_SHA256, locations),
                map(_SHEET, locations),
                map(_COLUMN, locations),
                strict=True,
            )
        )
        return self._files_quiet(files, redact) and self.redactor.all_quiet(messages)

    # -- the walk -----------------------------------------------------------------------

    def walk(self, node: Any, excerpt: bool, redact: bool) -> Any:
        if isinstance(node, str):
            return self.string(node, "nl" if excerpt and redact else "")
        if isinstance(node, Text):
            return self.text(node, excerpt and redact)
        if not isinstance(node, dict | list | tuple | FindingList):
            return node
        seen = self.seen.get(id(node))
        if seen is not None and seen[0] is node and seen[1:3] == (excerpt, redact):
            self.redactor.redacted += seen[4]  # as if the document held a copy
            return seen[3]
        before = self.redactor.redacted
        if isinstance(node, dict):
            result: Any = self.mapping(node, excerpt, redact)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                new = self.walk(item, excerpt, redact)
                if new is not item:
                    node[i] = new
            result = node
        elif isinstance(node, tuple):
            result = tuple(self.walk(item, excerpt, redact) for item in node)
        else:
            result = self.findings(node, excerpt, redact)
        self.seen[id(node)] = (node, excerpt, redact, result, self.redactor.redacted - before)
        return result

    def mapping(self, node: dict[Any, Any], excerpt: bool, redact: bool) -> dict[Any, Any]:
        string = self.string
        renamed = False
        plain_keys = self.plain_keys
        for key, value in node.items():
            if key not in plain_keys and isinstance(key, str):
                if string(key, "") != key:
                    renamed = True
                else:
                    plain_keys.add(key)  # inert already: a set lookup from now on
            kind = type(value)
            if kind in _PLAIN_KINDS:
                continue  # what the walk would return unchanged
            if kind is str:  # as the walk below, without a call per text
                if not redact:
                    new = string(value, "")
                elif key in _NAMES:
                    new = self.name(value, True)
                elif key in _KEEP or key in _CATALOG:
                    new = string(value, "")
                elif excerpt and key in ("nl", "en"):
                    new = string(value, key)
                else:
                    new = string(value, "nl" if excerpt or key in _EXCERPTS else "")
            elif not redact:
                new = self.walk(value, excerpt, False)
            elif key in _KEEP or key in _CATALOG:
                new = self.walk(value, False, False)
            else:
                new = self.walk(value, excerpt or key in _EXCERPTS, True)
            if new is not value:
                node[key] = new  # same key: no change to the dict's size
        if renamed:  # a key with a control character: rebuild in order
            items = list(node.items())
            node.clear()
            node.update((string(k, "") if isinstance(k, str) else k, v) for k, v in items)
        return node
