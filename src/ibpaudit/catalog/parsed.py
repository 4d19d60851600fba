"""Parsed catalog files as plain data, so a shipped file read before is not parsed again.

Parsing the catalog's YAML with the line of every mapping (see :mod:`ibpaudit.yamlio`)
happens in Python and costs more than reading the files. A file outside the dossier is
remembered, after it parsed, by the same digest as its validation (its name and bytes,
see :mod:`ibpaudit.catalog.validated`) in the user's cache folder, as :mod:`marshal`
data: only dicts, lists, text and numbers, nothing that runs code when read. Anything
else a YAML file may hold is not remembered (that file is parsed every run).

What is remembered is the data without its lines: a document comes back as the dicts
and lists marshal reads, with nothing to rebuild (a date, rare in a catalog, is the one
value decoded). The lines are only ever needed for a message about the file; the
catalog then parses the bytes it read once more (see :func:`ibpaudit.catalog.load`).
"""

from __future__ import annotations

import marshal
import sys
from datetime import date, datetime
from typing import Any

__all__ = ["Unsupported", "decode", "decoded", "dumps", "encode", "loads"]

# A remembered entry is (_PLAIN, data) when the data is what marshal reads, or
# (_TAGGED, data) when it holds a date: YAML gives no tuples, so a tuple in tagged data
# is always one of ours, (_DATE or _DATETIME, ISO text).
_PLAIN = 0
_TAGGED = 1
_DATE = 1
_DATETIME = 2


class Unsupported(Exception):
    """A value that plain data cannot carry; the file is then not remembered."""


def encode(value: Any) -> tuple[int, Any]:
    """``value`` (as :func:`ibpaudit.yamlio.load_yaml` gives it) as plain data, without
    its lines; keys interned (marshal then writes each distinct key once and reads it
    back as one shared string: the catalog's keys recur thousands of times)."""
    dated: list[bool] = []
    data = _encoded(value, dated)
    return (_TAGGED if dated else _PLAIN), data


def _encoded(value: Any, dated: list[bool]) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, dict):  # a LineDict, as the loader makes every mapping
        return {
            sys.intern(k) if type(k) is str else k: _encoded(v, dated) for k, v in value.items()
        }
    if type(value) is list:
        return [_encoded(v, dated) for v in value]
    if type(value) is datetime:
        dated.append(True)
        return (_DATETIME, value.isoformat())
    if type(value) is date:
        dated.append(True)
        return (_DATE, value.isoformat())
    raise Unsupported(type(value).__name__)


def decode(entry: Any) -> Any:
    """The data :func:`encode` was given, without its lines."""
    flag, data = entry
    if flag == _PLAIN:
        return data
    if flag != _TAGGED:
        raise ValueError("not an encoded document")
    return _decoded(data)


def _decoded(value: Any) -> Any:
    if type(value) is tuple:
        if value[0] == _DATETIME:
            return datetime.fromisoformat(value[1])
        if value[0] == _DATE:
            return date.fromisoformat(value[1])
        raise ValueError("not an encoded date")
    if type(value) is dict:
        return {k: _decoded(v) for k, v in value.items()}
    if type(value) is list:
        return [_decoded(v) for v in value]
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
