"""Parsed catalog files as plain data, so a shipped file read before is not parsed again.

Parsing the catalog's YAML with the line of every mapping (see :mod:`ibpaudit.yamlio`)
happens in Python and costs more than reading the files. A file outside the dossier is
remembered, after it parsed, by the same digest as its validation (its name and bytes,
see :mod:`ibpaudit.catalog.validated`) in the user's cache folder, as :mod:`marshal`
data: only dicts, lists, text and numbers, nothing that runs code when read. Anything
else a YAML file may hold is not remembered (that file is parsed every run).
"""

from __future__ import annotations

import marshal
import sys
from datetime import date, datetime
from typing import Any

from ibpaudit.yamlio import LineDict

__all__ = ["Unsupported", "decode", "decoded", "dumps", "encode", "loads"]

# A LineDict is (_MAPPING, line, key lines, items); a date (_DATE, ISO text). YAML gives
# no tuples, so a tuple is always one of ours.
_MAPPING = 0
_DATE = 1
_DATETIME = 2


class Unsupported(Exception):
    """A value that plain data cannot carry; the file is then not remembered."""


def encode(value: Any) -> Any:
    """``value`` (as :func:`ibpaudit.yamlio.load_yaml` gives it) as plain data."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is LineDict:
        # Keys interned: marshal then writes each distinct key once and reads it back
        # as one shared string (the catalog's keys recur thousands of times).
        return (
            _MAPPING,
            value.line,
            {_interned(k): line for k, line in value.key_lines.items()},
            {_interned(k): encode(v) for k, v in value.items()},
        )
    if type(value) is list:
        return [encode(v) for v in value]
    if type(value) is datetime:
        return (_DATETIME, value.isoformat())
    if type(value) is date:
        return (_DATE, value.isoformat())
    raise Unsupported(type(value).__name__)


def _interned(key: Any) -> Any:
    return sys.intern(key) if type(key) is str else key


def decode(value: Any) -> Any:
    """The value :func:`encode` was given, with its lines."""
    if type(value) is tuple:
        if value[0] == _MAPPING:
            if type(value[1]) is not int or type(value[2]) is not dict or len(value) != 4:
                raise TypeError("not an encoded mapping")
            out = LineDict({k: decode(v) for k, v in value[3].items()})
            out.line = value[1]
            out.key_lines = value[2]
            return out
        if value[0] == _DATETIME:
            return datetime.fromisoformat(value[1])
        return date.fromisoformat(value[1])
    if type(value) is list:
        return [decode(v) for v in value]
    return value


def dumps(entries: dict[str, Any]) -> bytes:
    """Encoded documents by digest, as bytes for the cache folder."""
    return marshal.dumps(entries)


def loads(data: bytes) -> dict[str, Any]:
    """What :func:`dumps` wrote; an empty record when ``data`` is not that (a damaged or
    foreign file only costs the parsing)."""
    try:
        entries = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def decoded(entry: Any) -> Any:
    """:func:`decode` of a remembered entry, or None when it is not what :func:`encode`
    makes (a damaged record is parsed again, never trusted halfway)."""
    try:
        return decode(entry)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, RecursionError):
        return None
