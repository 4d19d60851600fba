"""Dataclass methods compiled once, not in every run of the ``ibpaudit`` executable.

Python writes the methods of each dataclass (``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, and a frozen one's ``__setattr__`` and ``__delattr__``) as source text and
compiles that text when the class is defined. For the ~65 dataclasses a run defines this
costs about 20 ms of every ``ibpaudit run``, more than any other single step, and the text
is the same every time. Like Python's own bytecode cache, the executable keeps the
compiled code in the user's cache folder (:mod:`ibpaudit.cachedir`), one record per
Python version (:mod:`marshal` data keyed by the source text), and hands it to
:mod:`dataclasses` in place of compiling the same text again: the code is exactly what
``compile`` gives for that text, so every class is the same as without the record.

Only the executable does this (see :func:`ibpaudit.cli.script`); a process that imports
ibpaudit as a library keeps :mod:`dataclasses` as it is. Should a later Python no longer
compile through the ``exec`` replaced here, nothing changes but the speed. A missing,
damaged or unwritable record only costs the compiling; the record is never written
inside a folder named on the command line (a dossier must stay as it is).
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

from ibpaudit import cachedir

__all__ = ["ClassCache"]

# Beyond this many remembered texts, a record keeps only what its last run used.
_MOST = 4096


def _record_name() -> str:
    tag = sys.implementation.cache_tag or sys.implementation.name
    return f"classes/{tag}-{sys.hexversion:x}.marshal"


class ClassCache:
    """Compiled dataclass methods by source text; :meth:`install` puts them to use."""

    def __init__(self, known: dict[str, CodeType]) -> None:
        self.known = known
        self.used: set[str] = set()
        self.missed = 0

    @classmethod
    def load(cls) -> ClassCache:
        """The record for this Python in the cache folder (empty when there is none)."""
        folder = cachedir.cache_dir()
        data = None if folder is None else cachedir.read_entry(folder / _record_name())
        return cls(_decoded(data))

    def exec(
        self,
        source: Any,
        globals: dict[str, Any] | None = None,
        locals: dict[str, Any] | None = None,
        /,
    ) -> None:
        """``exec`` as :mod:`dataclasses` calls it, with the text compiled at most once."""
        if type(source) is str:
            code = self.known.get(source)
            if code is None:
                # As exec compiles a text: no __future__ flags of this module.
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.known[source] = code
                self.missed += 1
            self.used.add(source)
            source = code
        builtins.exec(source, globals, locals)

    def install(self) -> None:
        """From now on, dataclasses defined in this process use the record."""
        dataclasses.exec = self.exec  # type: ignore[attr-defined]

    def uninstall(self) -> None:
        if vars(dataclasses).get("exec") == self.exec:
            del dataclasses.exec  # type: ignore[attr-defined]

    def save(self, avoid: Iterable[Path] = ()) -> None:
        """Write the record if this run compiled something new; not when the cache
        folder lies inside one of the folders ``avoid`` (or there is none)."""
        if not self.missed:
            return
        folder = cachedir.cache_dir()
        if folder is None or any(cachedir.cache_dir(avoid=path) is None for path in avoid):
            return
        kept = self.known
        if len(kept) > _MOST:
            kept = {text: code for text, code in kept.items() if text in self.used}
        try:
            data = marshal.dumps(kept)
        except ValueError:  # a value marshal cannot write: nothing is remembered
            return
        cachedir.write_entry(folder / _record_name(), data)
        self.missed = 0


def _decoded(data: bytes | None) -> dict[str, CodeType]:
    """The record's texts and code; empty when it is missing or not what :meth:`save`
    writes (a damaged record only costs the compiling)."""
    if data is None:
        return {}
    try:
        record = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(record, dict):
        return {}
    return {
        text: code for text, code in record.items() if type(text) is str and type(code) is CodeType
    }
