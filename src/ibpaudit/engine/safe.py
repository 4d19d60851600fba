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
is kept as it is.
"""

from __future__ import annotations

from typing import Any

from ibpaudit import inert
from ibpaudit.engine.redact import _CATALOG, _EXCERPTS, _KEEP, _NAMES, Redactor
from ibpaudit.i18n import Formatted, Text
from ibpaudit.model import Finding, Location
from ibpaudit.model.findings import FindingList

__all__ = ["SafeWalk", "safe_document"]

_UNSAFE = inert.UNSAFE_IN_DOCUMENT
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
        """:meth:`finding` for each finding, with the common case spelled out: a
        formatted message :meth:`Redactor.quiet` passes, and a location whose file
        (path, hash, sheet, column: the very same strings) the previous one showed to
        need nothing."""
        items = node.findings
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
        return node if out is None else FindingList(out)

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
