"""The plugins installed as packages (entry points in the group ``ibpaudit``), found
without importing :mod:`importlib.metadata` when nothing was installed or removed.

Asking :mod:`importlib.metadata` means importing it (and the ``email`` package it reads
package metadata with) and reading every installed distribution: about 10 ms of every
run, most runs finding no plugin at all. What it finds depends only on the folders on
``sys.path``: installing, upgrading, reinstalling or removing a distribution adds or
removes its metadata folder in one of them and so changes that folder's modification
time, the signal Python's own import system uses to notice new modules. The answer is
therefore remembered in the user's cache folder (:mod:`ibpaudit.cachedir`) under a key
made of the interpreter, ``sys.path`` and the modification time of every folder on it.
A folder changed in the last seconds may change again within the same tick of the file
system's clock, unseen; while one has, nothing is remembered (Git's answer to "racy"
timestamps). Deleting the record, or a record that cannot be read, only costs the scan.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ibpaudit import cachedir

__all__ = ["Installed", "installed"]

_FOLDER = "entry-points"
# A folder changed more recently than this is not yet trusted to stay as it is.
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True)
class Installed:
    """One entry point of the group: its name, ``module:attribute`` value, and the
    version of the distribution that declares it (None when that is not known)."""

    name: str
    value: str
    version: str | None

    def load(self, group: str) -> Any:
        """The plugin object, loaded as :mod:`importlib.metadata` loads it."""
        from importlib.metadata import EntryPoint

        return EntryPoint(self.name, self.value, group).load()


def installed(group: str, avoid: Path | None = None) -> list[Installed]:
    """The entry points of ``group`` on the current ``sys.path``, in the order
    :func:`importlib.metadata.entry_points` gives them (no record is used when the cache
    folder lies inside ``avoid``, the dossier)."""
    folder = cachedir.cache_dir(avoid=avoid)
    if folder is None:
        return _scan(group)
    stamps = _stamps(sys.path)
    entry = folder / _FOLDER / f"{_key(group, stamps)}.json"
    remembered = _read(entry)
    if remembered is not None:
        return remembered
    found = _scan(group)
    settled = time.time_ns() - SETTLED_NS
    if all(stamp is None or stamp < settled for _, stamp in stamps):
        record = [[f.name, f.value, f.version] for f in found]
        cachedir.write_entry(entry, json.dumps(record).encode())
    return found


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _stamps(paths: list[str]) -> list[tuple[str, int | None]]:
    """Each folder on the path (``""`` is the working folder) and when it last changed."""
    return [(folder, _mtime(folder)) for folder in (os.path.abspath(p or ".") for p in paths)]


def _key(group: str, stamps: list[tuple[str, int | None]]) -> str:
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0{group}\0".encode())
    digest.update(json.dumps(stamps).encode())
    return digest.hexdigest()


def _read(entry: Path) -> list[Installed] | None:
    """The remembered answer; None when there is none or it is not whole."""
    data = cachedir.read_entry(entry)
    if data is None:
        return None
    try:
        record = json.loads(data)
    except ValueError:
        return None
    if not isinstance(record, list):
        return None
    found = []
    for item in record:
        match item:
            case [str(name), str(value), str() | None as version]:
                found.append(Installed(name, value, version))
            case _:
                return None
    return found


def _scan(group: str) -> list[Installed]:
    """What :mod:`importlib.metadata` finds."""
    from importlib.metadata import entry_points

    return [
        Installed(ep.name, ep.value, None if ep.dist is None else ep.dist.version)
        for ep in entry_points(group=group)
    ]
