"""Text from evidence made inert for every output: terminal, CI log, HTML, JUnit, SARIF,
JSON and Markdown.

A register cell can hold anything Excel lets a person type or paste: an ESC that
recolours or clears a terminal, a BEL, a line break followed by ``::error::`` that a CI
runner would take as a command, a right-to-left override (U+202E) that makes the text
after it read backwards. None of that may reach a reader as it was written. Each such
character is replaced by a visible stand-in, so an auditor still sees that it was
there: C0 controls and DEL by their Unicode control pictures (``␛``, ``␇``, ``␊``), C1
controls, bidirectional formatting characters and line separators by ``⟨U+202E⟩``.

The engine applies :func:`document` to the results document, which every report renders
from; :func:`line` guards each line the console prints.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls, DEL, C1 controls; the bidi embeddings, overrides, isolates and marks; the
# Unicode line and paragraph separators (a line break to many terminals and editors).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Commands a CI runner obeys when a log line starts with them (GitHub's ``::name::``,
# after leading blanks) or contains them (Azure Pipelines' and GitHub's legacy ``##[``).
# The same without line feed and tab, which a multi-line catalog text legitimately holds
# and which HTML, XML and JSON carry safely; line-oriented outputs use ``UNSAFE``.
UNSAFE_IN_DOCUMENT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_BREAKS = re.compile("[ \t\r\n]*[\t\r\n][ \t\r\n]*")
_LINE_COMMAND = re.compile(r"^(\s*)::")
_LEGACY_COMMAND = re.compile(r"##(?=\[|vso\[)")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{code:04X}\u27e9"


def text(value: str, unsafe: re.Pattern[str] = UNSAFE) -> str:
    """``value`` with every unsafe character replaced by its visible stand-in."""
    if unsafe.search(value) is None:  # the common case: nothing to copy
        return value
    return unsafe.sub(_stand_in, value)


def one_line(value: str) -> str:
    """Inert text on one line: a line break or tab (with the blanks around it) becomes
    one space; other controls keep their visible stand-ins."""
    return text(_BREAKS.sub(" ", value)) if _BREAKS.search(value) else text(value)


def line(value: str) -> str:
    """One console line: inert text that no CI runner can read as a command."""
    safe = text(value)
    safe = _LINE_COMMAND.sub("\\1:\u200c:", safe) if "::" in safe else safe
    return _LEGACY_COMMAND.sub("#\u200c#", safe) if "##" in safe else safe


def document(value: Any) -> Any:
    """A copy of a JSON-like value with every string (keys too) made inert, line feeds
    and tabs kept; a value with nothing to change is returned as it is, not copied."""
    if isinstance(value, str):
        return text(value, UNSAFE_IN_DOCUMENT)
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new_key = text(key, UNSAFE_IN_DOCUMENT) if isinstance(key, str) else key
            new_item = document(item)
            changed = changed or new_key is not key or new_item is not item
            out[new_key] = new_item
        return out if changed else value
    if isinstance(value, list | tuple):
        items = [document(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value
