"""The user's cache folder for ibpaudit: work a run may reuse, never evidence.

``IBPAUDIT_CACHE_DIR`` names it; otherwise ``$XDG_CACHE_HOME/ibpaudit`` or the
platform's usual place (``~/.cache/ibpaudit``, ``~/Library/Caches/ibpaudit``,
``%LOCALAPPDATA%\\ibpaudit\\Cache``). Everything in it is safe to delete: a missing,
corrupt or unwritable cache only means the work is done again. The cache is never used
when it would lie inside the dossier being audited (reports must not mix with evidence).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["cache_dir", "read_entry", "write_entry"]

ENV = "IBPAUDIT_CACHE_DIR"


def cache_dir(avoid: Path | None = None) -> Path | None:
    """The cache folder (not created here); None when it would lie inside ``avoid``
    (the dossier) or no home folder is known."""
    chosen = os.environ.get(ENV)
    if chosen:
        folder = Path(chosen)
    elif os.environ.get("XDG_CACHE_HOME"):
        folder = Path(os.environ["XDG_CACHE_HOME"]) / "ibpaudit"
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        folder = Path(os.environ["LOCALAPPDATA"]) / "ibpaudit" / "Cache"
    else:
        try:
            home = Path.home()
        except RuntimeError:
            return None
        mac = sys.platform == "darwin"
        folder = home / ("Library/Caches" if mac else ".cache") / "ibpaudit"
    if avoid is not None:
        try:
            if folder.resolve().is_relative_to(avoid.resolve()):
                return None
        except OSError:
            return None
    return folder


def read_entry(path: Path) -> bytes | None:
    """An entry's bytes, or None when it is missing or cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path, data: bytes) -> None:
    """Write an entry atomically (a reader never sees half of one); failures are
    ignored, since a cache that cannot be written only costs time."""
    import tempfile  # here: a run that finds what it needs writes nothing

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError:
        pass
