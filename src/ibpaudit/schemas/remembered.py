"""A board's small configuration files known to be valid, so that a run whose
``ibpaudit.yaml``, ``waivers.yaml`` and ``organisatie.yaml`` did not change since a
previous run does not import and run the JSON Schema validator for them again (importing
``jsonschema`` alone is a tenth of an example board's audit).

What is remembered is a digest of exactly what the validator would see: the parsed data
(its ``repr``, so a date and the text of a date differ), under a key that covers everything
else validity depends on: the ibpaudit version, the schema's bytes and the installed
``jsonschema``. Any change, to the file or to any of these, means validating again. Only
a verdict of *valid* is remembered; every problem is found and reported on every run.
The record lives in the user's cache folder (:mod:`ibpaudit.cachedir`), never inside the
dossier: deleting, corrupting or locking it only costs the validation time. A dossier's
own controls are not remembered here: they are validated on every run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ibpaudit import cachedir

__all__ = ["unless_known"]

T = TypeVar("T")

_DIGEST = re.compile(rb"[0-9a-f]{64}")
_MOST = 16384  # digests kept in the record (about 1 MB)
_KNOWN: dict[Path, set[bytes]] = {}  # per record file: what it held when first read


@cache
def _validator_stamp() -> bytes:
    """Which jsonschema is installed, without importing it (that is what is saved)."""
    spec = importlib.util.find_spec("jsonschema")
    origin = spec.origin if spec is not None else None
    if origin is None:
        return b"-"
    try:
        stat = os.stat(Path(origin).with_name("validators.py"))
    except OSError:
        return b"-"
    return f"{origin}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()


def _record(root: Path | None) -> Path | None:
    folder = cachedir.cache_dir(avoid=root)
    return None if folder is None else folder / "valid" / "board-files.txt"


def _known(record: Path) -> set[bytes]:
    known = _KNOWN.get(record)
    if known is None:
        data = cachedir.read_entry(record) or b""
        known = _KNOWN[record] = {d for d in data.split() if _DIGEST.fullmatch(d)}
    return known


def _digest(schema: Mapping[str, Any], data: Any) -> bytes | None:
    from ibpaudit import __version__

    try:
        # YAML's plain data (dicts in file order, lists, text, numbers, dates) reprs the
        # same in every process; anything else (a set, an object) at worst never matches.
        payload = repr(data).encode("utf-8", "surrogatepass")
        rules = json.dumps(schema, sort_keys=True).encode()
    except Exception:  # something plain data cannot carry: simply validate
        return None
    digest = hashlib.sha256(f"{__version__}\0".encode())
    digest.update(rules + b"\0" + _validator_stamp() + b"\0")
    digest.update(payload)
    return digest.hexdigest().encode()


def unless_known(
    schema: Mapping[str, Any], data: Any, root: Path | None, find: Callable[[], Sequence[T]]
) -> Sequence[T]:
    """``find()`` (the problems of ``data`` against ``schema``), unless this exact
    ``data`` passed against this exact schema before; a pass is remembered for the next
    run. ``root`` is the dossier, inside which nothing is ever written."""
    record = _record(root)
    digest = None if record is None else _digest(schema, data)
    if record is None or digest is None:
        return find()
    known = _known(record)
    if digest in known:
        return ()
    problems = find()
    if not problems:
        _remember(record, known, digest)
    return problems


def _remember(record: Path, known: set[bytes], digest: bytes) -> None:
    """Add ``digest`` to the record: one line appended (a sector run passes thousands of
    board files through one worker), or the record started afresh once it is full. Two
    processes appending at once at worst garble a line, which the reader drops."""
    if len(known) >= _MOST:
        known.clear()
        known.add(digest)
        cachedir.write_entry(record, digest + b"\n")
        return
    known.add(digest)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(record, flags, 0o600)
        try:
            os.write(fd, digest + b"\n")
        finally:
            os.close(fd)
    except OSError:
        pass  # a record that cannot be written only costs the validation next time
