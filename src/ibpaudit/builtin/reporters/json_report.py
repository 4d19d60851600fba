"""The results document itself, as UTF-8 JSON: the format machines read and reports are
regenerated from."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.i18n import Formatted, Plan
from ibpaudit.model import Finding, Location, ReportFormat, ReportOptions, Status, Text
from ibpaudit.model.evidence import table_places
from ibpaudit.model.findings import FindingList, plain
from ibpaudit.model.rowfindings import RowFindings, parts_of, template_columns

_LEAF_ITEMS = 64  # a container holding no longer list is encoded whole
_DEEPEST = 6  # containers this deep are encoded whole (a finding is at depth 6)
_BATCH = 256  # items of a long list encoded at once
_CHUNK = 1 << 16  # characters gathered before a chunk is encoded and handed out
_SMALL = 10_000  # findings and evidence files of a document encoded in one call


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    """Key order is kept as the engine wrote it; non-ASCII text stays readable.

    Compact, because only compact output uses the C encoder (``indent`` falls back to
    pure Python, several times slower on a large dossier); ``python -m json.tool``
    pretty-prints it. The same bytes as :func:`stream`, joined.
    """
    return b"".join(stream(results, options))


def stream(results: Mapping[str, Any], options: ReportOptions) -> Iterator[bytes]:
    """The bytes of :func:`render` in chunks of about 64 KiB, so a document with a
    million findings is never held as one JSON text (and again as its bytes): the
    document's large containers are walked here, and every small part (one finding, one
    check without many findings) is encoded by ``json``'s C encoder. A small document
    (see :func:`_small`) is encoded whole, in one call of the C encoder."""
    try:
        if _small(results):  # the C encoder in one call: a few MB of text at most
            text = (_dump(dict(results)) + "\n").encode()
            for start in range(0, len(text), _CHUNK):
                yield text[start : start + _CHUNK]
            return
        pending: list[str] = []
        size = 0
        for piece in _pieces(dict(results)):
            pending.append(piece)
            size += len(piece)
            if size >= _CHUNK:
                yield "".join(pending).encode()
                pending, size = [], 0
        pending.append("\n")
        yield "".join(pending).encode()
    finally:  # a board's texts and paths are not kept for the next (a sector worker's)
        for memo in (_PATTERNS, _TEXTS, _FILES, _TAILS):
            memo.clear()


def _small(results: Mapping[str, Any]) -> bool:
    """Whether the document is small enough to be encoded whole: at most ``_SMALL``
    findings and evidence files together, counted where the results document keeps
    them (a check's ``findings``, the run's ``evidence``), the only lists that grow with
    a dossier. Anything shaped otherwise is not small (it is walked, see :func:`_pieces`)."""
    evidence = results.get("evidence", ())
    controls = results.get("controls", ())
    if not isinstance(evidence, list | tuple) or not isinstance(controls, list | tuple):
        return False
    total = len(evidence)
    for control in controls:
        checks = control.get("checks", ()) if isinstance(control, dict) else None
        if not isinstance(checks, list | tuple):
            return False
        for check in checks:
            findings = check.get("findings", ()) if isinstance(check, dict) else None
            if not isinstance(findings, FindingList | list | tuple):
                return False
            total += len(findings)
        if total > _SMALL:
            return False
    return total <= _SMALL


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=plain)


# The string encoder ``json.dumps(..., ensure_ascii=False)`` uses (C when available).
_string: Callable[[str], str] = json.encoder.encode_basestring
_STATUS = {status: f'{{"status":{_string(status.value)},"message":' for status in Status}
_FAILED_STATUS = Status.FAILED
_FAILED = _STATUS[_FAILED_STATUS]
# Per template plan (kept by identity) and the types of a message's values: the
# message's JSON as a str.format pattern, its literal text escaped already, filled with
# the values' escaped text (see _finding).
_PATTERNS: dict[tuple[int, tuple[type, ...]], tuple[tuple[Plan, Plan, Text], str]] = {}
_TEXTS: dict[int, tuple[Text, str, str]] = {}  # a shared Text value, escaped once
_FILES: dict[tuple[str, str | None], str] = {}  # (path, sha256) -> the location's start
_TAILS: dict[tuple[str | None, str | None, int | None], str] = {}  # column, sheet, page
_BULK = 4096  # findings written at once by _findings
_MESSAGE, _LOCATION, _SCHOOL = attrgetter("message"), attrgetter("location"), attrgetter("school")
_STATUS_OF = attrgetter("status")
_LINE, _ROW = attrgetter("line"), attrgetter("row")
_FILE, _TAIL = attrgetter("path", "sha256"), attrgetter("column", "sheet", "page")
_UNQUOTED = itemgetter(slice(1, -1))
_SHEET = attrgetter("sheet")


def _finding(finding: Finding) -> str:
    """``_dump(finding.to_json())``, made without the dicts: a register may give a
    million findings. A formatted message is one str.format of a pattern made once per
    template, with each value escaped once (JSON escapes character by character, so the
    escaped whole is the escaped pieces joined)."""
    message = finding.message
    if type(message) is Formatted:
        plan, values = message.plan, message.values
        key = (id(plan), tuple(map(type, values)))
        known = _PATTERNS.get(key)
        if known is None or known[0] is not plan:  # an entry keeps its plan alive
            if len(_PATTERNS) >= 10_000:
                _PATTERNS.clear()
            known = _PATTERNS[key] = (plan, _pattern(plan, key[1]))
        escaped: list[str] = []
        for value in values:
            if type(value) is str:
                escaped.append(_string(value)[1:-1])
            else:
                escaped += _escaped(value)  # type: ignore[arg-type]
        said = known[1].format(*escaped)
    else:
        said = f'{{"nl":{_string(message.nl)},"en":{_string(message.en)}}}'
    status = finding.status
    # An enum's hash is Python code: the usual status is told by identity.
    out = (_FAILED if status is _FAILED_STATUS else _STATUS[status]) + said
    if finding.location is not None:
        out += ',"location":' + _location(finding.location)
    if finding.school is not None:
        out += ',"school":' + _string(finding.school)
    return out + "}"


def _findings(items: Sequence[Finding]) -> str | None:
    """``",".join(map(_finding, items))`` for findings that share a status and the end of
    their location (column, sheet, page), each with a formatted message, a location, and
    no school: a register's failing rows (see :func:`_table`).
    None when the findings are not all of that kind; then :func:`_finding` writes each."""
    messages = list(map(_MESSAGE, items))
    locations = list(map(_LOCATION, items))
    if (
        set(map(type, messages)) != {Formatted}
        or set(map(type, locations)) != {Location}
        or set(map(_SCHOOL, items)) != {None}
        or len(set(map(id, map(_STATUS_OF, items)))) != 1
        or len(set(map(_TAIL, locations))) != 1
    ):
        return None
    runs = template_columns(messages)  # all Formatted: told above
    if runs is None:
        return None
    files = {file: _file_start(*file) for file in set(map(_FILE, locations))}
    out: list[str] = []
    offset = 0
    for plan, count, columns in runs:
        here = locations[offset : offset + count]
        said = _table(
            items[0].status,
            plan,
            columns,
            list(map(files.__getitem__, map(_FILE, here))),
            list(map(_LINE, here)),
            list(map(_ROW, here)),
            _tail(_TAIL(locations[0])),
        )
        if said is None:
            return None
        out.append(said)
        offset += count
    return ",".join(out)


def _rows(part: RowFindings) -> str | None:
    """``",".join(map(_finding, part))``, read from the columns of findings on register
    rows (see :mod:`ibpaudit.model.rowfindings`): their template's values and their rows'
    tables, lines and rows; none of the findings is made. None when the part has no
    template, or rows that are not all from a table (see :func:`_table`)."""
    plan = part.plan
    places = None if plan is None else table_places(part.records)
    if plan is None or places is None:
        return None
    origins, lines, rows = places
    if len(set(map(_SHEET, origins))) != 1:
        return None
    # By identity: a register's rows share one Origin, whose hash is Python code.
    distinct = dict(zip(map(id, origins), origins, strict=True))
    files = {ident: _file_start(o.path, o.sha256) for ident, o in distinct.items()}
    return _table(
        part.status,
        plan,
        part.columns,
        list(map(files.__getitem__, map(id, origins))),
        lines,
        rows,
        _tail((None, origins[0].sheet, None)),
    )


def _table(
    status: Status,
    plan: tuple[Plan, Plan, Text],
    values: Sequence[Sequence[Any]],
    files: list[str],
    lines: list[Any],
    rows: list[Any],
    tail: str,
) -> str | None:
    """The JSON of findings with ``status``, the message ``plan`` filled with each row
    of ``values``, and a location: the start of its file's JSON (path and hash), a line
    and a row (ints, or None to leave out) and ``tail``. The work per finding is ``map``'s: one
    ``str.format`` of a pattern made once, filled with columns (each value escaped by the
    C encoder, a shared :class:`Text` once). None when the lines (or rows) are not all
    ints or all None, or the values are not a str or a Text in each column."""
    numbers: list[tuple[str, list[Any]]] = []  # written as ints; a None is left out
    for name, numbered in (("line", lines), ("row", rows)):
        found = set(map(type, numbered))
        if found == {int}:
            numbers.append((name, numbered))
        elif found != {type(None)}:
            return None
    columns: list[Iterable[str]] = []
    kinds: list[type] = []
    for column in values:
        kind = set(map(type, column))
        if kind == {str}:
            columns.append(map(_UNQUOTED, map(_string, column)))
            kinds.append(str)
        elif kind == {Text}:
            ids = list(map(id, column))  # a shared Text is escaped once
            distinct = dict(zip(ids, column, strict=True))
            escaped = {ident: _escaped(value) for ident, value in distinct.items()}
            pairs = list(map(escaped.__getitem__, ids))
            columns += [map(itemgetter(0), pairs), map(itemgetter(1), pairs)]
            kinds.append(Text)
        else:
            return None  # a formatted value, or values of several kinds
    fields = sum(1 if kind is str else 2 for kind in kinds)
    pattern = (
        _braces(_STATUS[status])
        + _pattern(plan, tuple(kinds))
        + f',"location":{{{fields}}}'
        + "".join(f',"{name}":{{{fields + 1 + n}}}' for n, (name, _) in enumerate(numbers))
        + _braces(tail)
        + "}}"
    )
    return ",".join(map(pattern.format, *columns, files, *(column for _, column in numbers)))


def _braces(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def _escaped(value: Text) -> tuple[str, str]:
    """A :class:`Text` value's text in each language, JSON-escaped without quotes; a
    plain one (the same object on many rows) is escaped once."""
    if type(value) is Text:
        known = _TEXTS.get(id(value))
        if known is not None and known[0] is value:
            return known[1], known[2]
        if len(_TEXTS) >= 10_000:
            _TEXTS.clear()
        known = _TEXTS[id(value)] = (value, _string(value.nl)[1:-1], _string(value.en)[1:-1])
        return known[1], known[2]
    return _string(value.nl)[1:-1], _string(value.en)[1:-1]


def _pattern(plan: tuple[Plan, Plan, Text], kinds: tuple[type, ...]) -> str:
    """The pattern of a message's JSON for values of these kinds: the literal text of
    each language escaped (braces doubled), each value a field. A string value is one
    field (used in both languages), any other a field per language."""
    fields: list[tuple[int, int]] = []
    count = 0
    for kind in kinds:
        fields.append((count, count) if kind is str else (count, count + 1))
        count += 1 if kind is str else 2

    def body(steps: Plan, lang: int) -> str:
        return "".join(
            _string(step)[1:-1].replace("{", "{{").replace("}", "}}")
            if type(step) is str
            else f"{{{fields[step][lang]}}}"  # type: ignore[index]
            for step in steps
        )

    return f'{{{{"nl":"{body(plan[0], 0)}","en":"{body(plan[1], 1)}"}}}}'


def _location(location: Location) -> str:
    """``_dump(location.to_json())``: its fields in that order, a missing one left out.
    The file's part (path and hash) and the part after the row (column, sheet, page)
    are each written once per distinct value."""
    out = _file_start(location.path, location.sha256)
    line, row = location.line, location.row
    if line is not None:
        out += f',"line":{line}' if type(line) is int else f',"line":{_dump(line)}'
    if row is not None:
        out += f',"row":{row}' if type(row) is int else f',"row":{_dump(row)}'
    rest = (location.column, location.sheet, location.page)
    if rest == (None, None, None):
        return out + "}"
    return out + _tail(rest)


def _file_start(path: str, sha256: str | None) -> str:
    """The start of a location's JSON, up to its row: the path and the hash, written
    once per distinct file (and left open for what follows)."""
    key = (path, sha256)
    out = _FILES.get(key)
    if out is None:
        if len(_FILES) >= 10_000:
            _FILES.clear()
        out = _FILES[key] = (
            '{"path":' + _string(path) + ("" if sha256 is None else ',"sha256":' + _string(sha256))
        )
    return out


def _tail(rest: tuple[str | None, str | None, int | None]) -> str:
    """The end of a location's JSON after its row: column, sheet and page, each when
    given, and the closing brace; made once per distinct value."""
    tail = _TAILS.get(rest)
    if tail is None:
        if len(_TAILS) >= 10_000:
            _TAILS.clear()
        tail = _TAILS[rest] = (
            "".join(
                f',"{name}":{_dump(value)}'
                for name, value in zip(("column", "sheet", "page"), rest, strict=True)
                if value is not None
            )
            + "}"
        )
    return tail


def _pieces(value: Any, depth: int = 0) -> Iterator[str]:
    """``_dump(value)`` in pieces: the same text, joined. A container is walked only if
    it holds a long list within ``_DEEPEST`` levels of the top (the results document's
    findings sit at the fifth); everything else is encoded whole, and the items of a
    long list that need no walk are encoded ``_BATCH`` at a time."""
    if isinstance(value, FindingList):  # a batch of findings at a time, never all at once
        yield "["
        sep = ""
        for part in parts_of(value.findings):
            for start in range(0, len(part), _BULK):
                chunk = part[start : start + _BULK]
                said = None
                if isinstance(chunk, RowFindings):
                    said = _rows(chunk)
                elif len(chunk) >= _BATCH:
                    said = _findings(chunk)
                if said is None:
                    said = ",".join(map(_finding, chunk))
                yield sep + said
                sep = ","
        yield "]"
    elif (
        isinstance(value, dict)
        and (depth == 0 or _large(value, depth))
        and all(type(k) is str for k in value)
    ):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("," if i else "") + _dump(key) + ":"
            yield from _pieces(item, depth + 1)
        yield "}"
    elif isinstance(value, list | tuple) and _large(value, depth):
        yield "["
        batch: list[Any] = []
        first = True
        for item in value:
            if depth + 1 < _DEEPEST and _large(item, depth + 1):
                if batch:
                    yield ("" if first else ",") + _dump(batch)[1:-1]
                    batch, first = [], False
                yield "" if first else ","
                yield from _pieces(item, depth + 1)
                first = False
            else:
                batch.append(item)
                if len(batch) == _BATCH:
                    yield ("" if first else ",") + _dump(batch)[1:-1]
                    batch, first = [], False
        if batch:
            yield ("" if first else ",") + _dump(batch)[1:-1]
        yield "]"
    else:
        yield _dump(value)


def _large(value: Any, depth: int) -> bool:
    """Whether ``value`` (at ``depth``) is, or holds within ``_DEEPEST`` levels of the
    top, a list longer than ``_LEAF_ITEMS``; the search stops at the first one."""
    if depth >= _DEEPEST:
        return False
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, dict | list | tuple | FindingList) and _large(item, depth + 1):
                return True
        return False
    if isinstance(value, FindingList):
        return len(value) > _LEAF_ITEMS
    if isinstance(value, list | tuple):
        if len(value) > _LEAF_ITEMS:
            return True
        for item in value:
            if isinstance(item, dict | list | tuple) and _large(item, depth + 1):
                return True
    return False


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="json",
            filename="results.json",
            render=render,
            stream=stream,
            description=Text(
                nl="Het volledige resultatendocument als JSON (voor machines)",
                en="The complete results document as JSON (for machines)",
            ),
        )
    ]
