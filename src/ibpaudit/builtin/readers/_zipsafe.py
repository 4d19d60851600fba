"""Safety checks for zip-based documents (xlsx, docx, ods) before any library opens them.

A zip bomb is refused from its central directory alone (declared sizes, ratio, entry
count), so nothing is decompressed; XML parts that declare a DOCTYPE (entity expansion,
external entities) are refused; encrypted and truncated files get a message that says so.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ibpaudit.errors import EvidenceError
from ibpaudit.models import EvidenceFile, Limits

# An encrypted Office file is not a zip but an OLE compound file ("D0 CF 11 E0").
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE_SCAN_BYTES = 64 * 1024


def check_zip(path: Path, file: EvidenceFile, limits: Limits) -> None:
    """Raise EvidenceError when ``path`` is not a zip container ibpaudit will open."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise EvidenceError(
            f"{file.path}: is password-protected (encrypted) or an old binary Office file; "
            "save it without a password as .xlsx/.docx"
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise EvidenceError(
            f"{file.path}: is corrupt or truncated (not a readable zip container); "
            "save it again from the original program"
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise EvidenceError(
                f"{file.path}: holds {len(entries)} parts, more than the "
                f"{limits.max_zip_entries} allowed; refused as a possible zip bomb"
            )
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries)
        if total > limits.max_unzipped_bytes:
            raise EvidenceError(
                f"{file.path}: unpacks to {total / 1024 / 1024:.0f} MB, more than the "
                f"{limits.max_unzipped_bytes / 1024 / 1024:.0f} MB allowed; refused as a "
                "possible zip bomb"
            )
        if total > 1024 * 1024 and total > limits.max_zip_ratio * max(packed, 1):
            raise EvidenceError(
                f"{file.path}: compresses {total // max(packed, 1)}:1, more than "
                f"{limits.max_zip_ratio}:1; refused as a possible zip bomb"
            )
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise EvidenceError(
                    f"{file.path}: part '{entry.filename}' is encrypted; save the file "
                    "without a password"
                )
            if entry.filename.lower().endswith(_XML_SUFFIXES):
                _refuse_doctype(archive, entry, file)


def _refuse_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file: EvidenceFile) -> None:
    try:
        with archive.open(entry) as part:
            head = part.read(_DOCTYPE_SCAN_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise EvidenceError(
            f"{file.path}: part '{entry.filename}' cannot be unpacked ({exc}); the file is "
            "corrupt or truncated"
        ) from None
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise EvidenceError(
            f"{file.path}: part '{entry.filename}' declares a DOCTYPE, which Office files "
            "never need (a sign of an XML entity attack); refused"
        )
