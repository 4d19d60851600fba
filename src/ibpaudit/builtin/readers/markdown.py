"""Markdown documents with YAML front matter between ``---`` lines at the very top.

The front matter is the document's metadata (titel, type, vastgesteld_op, ...); the
body is kept as text for ``contains`` checks. Line numbers in messages are the
file's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import text
from ibpaudit.model import Evidence, EvidenceFile, Limits
from ibpaudit.yamlio import load_yaml

SUFFIXES = frozenset({".md", ".markdown"})
_OPEN = "---"
_CLOSE = frozenset({"---", "..."})


def split_front_matter(content: str, file: EvidenceFile) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line where the body starts)."""
    lines = content.splitlines()
    if not lines or lines[0].strip() != _OPEN:
        return None, content, 1
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in _CLOSE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise EvidenceError.of(
        text(
            "{f}:1: de metadata (front matter) die met '---' begint wordt nooit afgesloten; "
            "zet een regel met '---' na de metadata",
            "{f}:1: front matter opened with '---' is never closed; "
            "add a line with '---' after the metadata",
            f=file.path,
        )
    )


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    content = readers.decode(readers.contents(path, file), file)
    front, body, _ = split_front_matter(content, file)
    metadata: Mapping[str, object] = {}
    if front is not None:
        # A leading newline keeps YAML's line numbers equal to the file's.
        data = load_yaml("\n" + front, file.path, limits.max_yaml_bytes)
        if data is not None and not isinstance(data, Mapping):
            raise EvidenceError.of(
                text(
                    "{f}:2: de metadata (front matter) moeten 'sleutel: waarde'-regels zijn, "
                    "niet '{data}'",
                    "{f}:2: front matter must be 'key: value' lines, not '{data}'",
                    f=file.path,
                    data=data,
                )
            )
        metadata = readers.canonical_metadata(data or {}, file)
    return Evidence(file, "markdown", metadata=metadata, text=body, metadata_line=1)


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
