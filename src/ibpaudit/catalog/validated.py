"""Catalog files known to be valid, so the shipped catalog is validated once per content.

Validating the Normenkader catalog (94 controls, hundreds of JSON Schema checks) costs
more than the rest of loading it, and the shipped catalog does not change between runs.
A catalog file that passed validation is remembered by the SHA-256 of its name and
bytes, under a key that covers everything validity depends on: the ibpaudit version,
the JSON Schemas, the modules that validate, and the check types on offer (names and
parameter schemas). Change any of these, or one byte of the file, and the file is
validated again. Only folders outside the dossier are remembered: a dossier's own
``controls/`` are validated on every run.

The record lives in the user's cache folder (:mod:`ibpaudit.cachedir`): deleting it,
corrupting it or making it unwritable only costs the validation time. Beside it, under
the same key, the parsed documents of those files (:mod:`ibpaudit.catalog.parsed`), so a
remembered file is not parsed again either.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ibpaudit import cachedir
from ibpaudit.catalog import parsed
from ibpaudit.model import CheckType

__all__ = ["KnownValid"]

_DIGEST = re.compile(r"[0-9a-f]{64}")
_PACKAGE = Path(__file__).resolve().parent.parent  # the ibpaudit package folder
# The modules whose code decides whether a catalog file is valid.
_VALIDATING = (
    "catalog/__init__.py",
    "catalog/conditions.py",
    "catalog/parsed.py",
    "schemas/phrasing.py",
    "values.py",
    "yamlio.py",
)


def context_key(check_types: Mapping[str, CheckType], strict_types: bool) -> str:
    """What validity depends on besides the file itself, as one hex digest."""
    from ibpaudit import __version__

    digest = hashlib.sha256(f"{__version__}\0{strict_types}\0".encode())
    package = _PACKAGE  # the installed files themselves (as the catalog is read)
    schemas = package / "schemas"
    names = sorted(e.name for e in schemas.iterdir() if e.name.endswith(".schema.json"))
    for name in names:
        digest.update(name.encode() + b"\0" + (schemas / name).read_bytes())
    for module in _VALIDATING:
        digest.update(module.encode() + b"\0" + (package / module).read_bytes())
    # A schema is plain data written in a plugin's code: its repr is the same in every
    # process (an object that reprs with its address at worst never matches).
    types = repr([(name, ct.schema) for name, ct in sorted(check_types.items())])
    digest.update(types.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class KnownValid:
    """The digests of catalog files that passed validation under one context key."""

    def __init__(self, entry: Path | None) -> None:
        self.entry = entry
        self._known: set[str] = set()
        self._new: set[str] = set()
        self._parsed: dict[str, Any] | None = None  # read on first use
        self._parsed_new = False
        if entry is not None:
            data = cachedir.read_entry(entry)
            if data is not None:
                lines = data.decode("ascii", errors="replace").split()
                self._known = {line for line in lines if _DIGEST.fullmatch(line)}

    @classmethod
    def open(
        cls, check_types: Mapping[str, CheckType], strict_types: bool, root: Path | None
    ) -> KnownValid:
        """The record for this context in the user's cache folder (none when the cache
        folder would lie inside the dossier ``root``)."""
        folder = cachedir.cache_dir(avoid=root)
        if folder is None:
            return cls(None)
        return cls(folder / "catalog" / f"{context_key(check_types, strict_types)}.txt")

    @staticmethod
    def digest_of(label: str, data: bytes) -> str:
        """The digest of a file named ``label`` holding ``data``."""
        return hashlib.sha256(label.encode() + b"\0" + data).hexdigest()

    def __contains__(self, digest: object) -> bool:
        return digest in self._known

    def add(self, digest: str) -> None:
        if digest not in self._known:
            self._new.add(digest)

    def _documents(self) -> dict[str, Any]:
        if self._parsed is None:
            data = None if self.entry is None else cachedir.read_entry(self._parsed_entry())
            self._parsed = {} if data is None else parsed.loads(data)
        return self._parsed

    def _parsed_entry(self) -> Path:
        assert self.entry is not None
        return self.entry.with_suffix(".parsed")

    def parsed(self, digest: str) -> Any:
        """The parsed document of the file with ``digest``, as :func:`ibpaudit.yamlio.
        load_yaml` gave it when it was remembered; None when it was not (or the record
        is damaged)."""
        if self.entry is None:
            return None
        entry = self._documents().get(digest)
        return None if entry is None else parsed.decoded(entry)

    def keep(self, digest: str, document: Any) -> None:
        """Remember the parsed ``document`` of the file with ``digest`` (one holding
        what plain data cannot carry is not remembered)."""
        if self.entry is None or document is None:
            return
        try:
            self._documents()[digest] = parsed.encode(document)
        except parsed.Unsupported:
            return
        self._parsed_new = True

    def save(self) -> None:
        """Write the record when something new passed or was parsed (failures are
        ignored)."""
        if self.entry is None:
            return
        if self._parsed_new and self._parsed is not None:
            cachedir.write_entry(self._parsed_entry(), parsed.dumps(self._parsed))
            self._parsed_new = False
        if not self._new:
            return
        self._known |= self._new
        self._new = set()
        cachedir.write_entry(self.entry, "\n".join(sorted(self._known)).encode() + b"\n")
