"""Word documents (.docx) with python-docx: metadata from the core and custom document
properties, the text of paragraphs and tables.

Metadata keys follow the evidence contract (``type``, ``vastgesteld_op``, ...), written as
custom properties (File > Properties > Custom in Word); the core *Title* fills ``titel``
when no custom property does. A ``<file>.meta.yaml`` sidecar overrides both.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import text
from ibpaudit.model import Evidence, EvidenceFile, Limits
from ibpaudit.values import is_empty

SUFFIXES = frozenset({".docx", ".docm"})
_CUSTOM = "docProps/custom.xml"
_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def custom_properties(source: Path | BinaryIO) -> dict[str, Any]:
    """``docProps/custom.xml`` of the package at ``source`` (a path or a binary file) as
    name → value (python-docx does not read it). DOCTYPEs were refused by the zip check,
    so ElementTree sees plain XML only."""
    import zipfile  # here, as docx below: a dossier without Word files does not load them
    from xml.etree import ElementTree

    with zipfile.ZipFile(source) as archive:
        if _CUSTOM not in archive.namelist():
            return {}
        root = ElementTree.fromstring(archive.read(_CUSTOM))
    out: dict[str, Any] = {}
    for prop in root.iter(f"{_NS}property"):
        name = prop.get("name")
        value = next(iter(prop), None)
        if name and value is not None:
            kind = value.tag.rsplit("}", 1)[-1]
            raw = value.text or ""
            if kind == "bool":
                out[name] = raw.strip().lower() in ("true", "1")
            elif kind == "filetime":
                out[name] = raw[:10]  # a date property: keep the day (ISO)
            else:
                out[name] = raw
    return out


def _text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    from xml.etree import ElementTree

    import docx  # imported on first use: a dossier without Word files does not pay for it
    from docx.opc.exceptions import PackageNotFoundError

    readers.check_zip(path, file, limits)
    data = readers.contents(path, file)  # the bytes hashed: read once
    try:
        document = docx.Document(io.BytesIO(data))
        custom = custom_properties(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, ElementTree.ParseError) as exc:
        raise EvidenceError.of(
            text(
                "{f}: is niet als Word-document te lezen ({exc}); sla het opnieuw op als .docx",
                "{f}: cannot be read as a Word document ({exc}); save it again as .docx",
                f=file.path,
                exc=exc,
            )
        ) from None
    metadata: dict[str, Any] = {}
    title = document.core_properties.title
    if not is_empty(title):
        metadata["titel"] = title
    metadata.update(readers.canonical_metadata(custom, file))
    return Evidence(file, "word", metadata=metadata, text=_text(document))


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
