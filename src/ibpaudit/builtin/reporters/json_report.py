"""The results document itself, as UTF-8 JSON: the format machines read and reports are
regenerated from."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text

_LEAF_ITEMS = 64  # a container holding no longer list is encoded whole
_CHUNK = 1 << 16  # characters gathered before a chunk is encoded and handed out


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
    check without many findings) is encoded by ``json``'s C encoder."""
    pending: list[str] = []
    size = 0
    for piece in _pieces(dict(results), top=True):
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(pending).encode()
            pending, size = [], 0
    pending.append("\n")
    yield "".join(pending).encode()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pieces(value: Any, top: bool = False) -> Iterator[str]:
    """``_dump(value)`` in pieces: the same text, joined. A container is walked only if
    it holds a long list somewhere; everything else is encoded whole."""
    if isinstance(value, dict) and (top or _large(value)) and all(type(k) is str for k in value):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("," if i else "") + _dump(key) + ":"
            yield from _pieces(item)
        yield "}"
    elif isinstance(value, list | tuple) and _large(value):
        yield "["
        for i, item in enumerate(value):
            if i:
                yield ","
            yield from _pieces(item)
        yield "]"
    else:
        yield _dump(value)


def _large(value: Any) -> bool:
    """Whether ``value`` is, or holds, a list longer than ``_LEAF_ITEMS`` (a check's
    findings, the controls); the search stops at the first one."""
    if isinstance(value, dict):
        return any(_large(v) for v in value.values())
    if isinstance(value, list | tuple):
        return len(value) > _LEAF_ITEMS or any(_large(v) for v in value)
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
