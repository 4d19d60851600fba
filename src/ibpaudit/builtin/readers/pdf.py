"""PDF documents with pypdf (BSD): metadata from the document information dictionary,
text per page so a finding can name its page.

Contract keys may be stored as custom info entries (``/type``, ``/vastgesteld_op``, ...);
the standard ``/Title`` fills ``titel``. A PDF without a text layer (a scan) is read,
but says so: checks that need its text then report *error*, never a silent pass.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.model import Evidence, EvidenceFile, Limits, Location, Problem, text
from ibpaudit.values import is_empty

if TYPE_CHECKING:
    from pypdf import PdfReader

SUFFIXES = frozenset({".pdf"})
_STANDARD = {"/Title": "titel"}
# Standard entries that say nothing the evidence contract asks for.
_SKIP = {
    "/Author", "/Subject", "/Producer", "/Creator", "/CreationDate", "/ModDate",
    "/Keywords", "/Trapped",
}  # fmt: skip


def _metadata(reader: PdfReader, file: EvidenceFile) -> dict[str, Any]:
    info: dict[str, Any] = dict(reader.metadata or {})
    standard: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for key, value in info.items():
        if key in _SKIP or is_empty(value):
            continue
        if key in _STANDARD:
            standard[_STANDARD[key]] = str(value)
        else:
            custom[key.lstrip("/")] = str(value)
    return {**standard, **readers.canonical_metadata(custom, file)}


def _page_texts(reader: PdfReader, file: EvidenceFile, limits: Limits) -> tuple[str, ...]:
    """The text of every page, after checking the page count the document declares
    (``/Count``) and counting as the pages are read, so a page tree that lies is still
    stopped at the limit."""
    try:
        declared = int(reader.root_object["/Pages"]["/Count"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        declared = 0  # no usable /Count: the pages are counted as they are read
    if declared > limits.max_pdf_pages:
        raise _too_many(file, declared, limits)
    texts: list[str] = []
    for page in reader.pages:
        if len(texts) == limits.max_pdf_pages:
            raise _too_many(file, len(reader.pages), limits)
        texts.append(page.extract_text() or "")
    return tuple(texts)


def _too_many(file: EvidenceFile, pages: int, limits: Limits) -> EvidenceError:
    return EvidenceError.of(
        text(
            "{f}: heeft {pages} pagina's, meer dan de toegestane {limit}; lever het beleid "
            "zelf aan, geen bundel documenten (of verhoog bewijs.max_paginas in ibpaudit.yaml)",
            "{f}: has {pages} pages, more than the {limit} allowed; "
            "supply the policy itself, not a bundle of documents (or raise bewijs.max_paginas "
            "in ibpaudit.yaml)",
            f=file.path,
            pages=pages,
            limit=limits.max_pdf_pages,
        )
    )


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    import pypdf  # imported on first use: a dossier without PDFs does not pay for it
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(readers.contents(path, file)), strict=False)
        if reader.is_encrypted:
            raise EvidenceError.of(
                text(
                    "{f}: is beveiligd met een wachtwoord (versleuteld); sla het op zonder "
                    "wachtwoord",
                    "{f}: is password-protected (encrypted); save it without a password",
                    f=file.path,
                )
            )
        pages = _page_texts(reader, file, limits)
        metadata = _metadata(reader, file)
    except EvidenceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise EvidenceError.of(
            text(
                "{f}: is niet als PDF te lezen ({kind}: {exc}); het bestand is beschadigd of "
                "onvolledig",
                "{f}: cannot be read as a PDF ({kind}: {exc}); the file is corrupt or truncated",
                f=file.path,
                kind=type(exc).__name__,
                exc=exc,
            )
        ) from None
    problems: tuple[Problem, ...] = ()
    if not any(page.strip() for page in pages):
        problems = (
            Problem(
                text(
                    "geen tekstlaag (gescand?): de tekst kan niet worden gecontroleerd; "
                    "lever een doorzoekbare PDF aan",
                    "no text layer (scanned?): its text cannot be checked; supply a searchable PDF",
                ),
                Location(file.path, file.sha256, page=1),
            ),
        )
    return Evidence(
        file,
        "pdf",
        metadata=metadata,
        text="\n".join(pages),
        pages=pages,
        problems=problems,
    )


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
