"""Writing a run's reports: each format rendered from the results document, written
atomically, one run's report set at a time per folder."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ibpaudit.engine.plugins import Plugins
from ibpaudit.errors import ConfigError
from ibpaudit.model import ReportOptions, text
from ibpaudit.model.vocabulary import REPORT_MARKER


@dataclass(frozen=True)
class Written:
    """A report this run wrote, and the SHA-256 of the bytes it wrote (not of whatever
    is at that path later: a concurrent run may have replaced it since)."""

    path: Path
    sha256: str


def write_reports(
    document: Mapping[str, Any],
    formats: Sequence[str],
    output_dir: Path,
    plugins: Plugins,
    options: ReportOptions,
) -> list[Written]:
    """Render each requested format from the results document into ``output_dir``."""
    available = plugins.report_formats()
    unknown = [f for f in formats if f not in available]
    if unknown:
        raise ConfigError.of(
            text(
                "--format: onbekend formaat {u}; beschikbaar: {a}",
                "--format: unknown format {u}; available: {a}",
                u=", ".join(unknown),
                a=", ".join(sorted(available)),
            )
        )
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        fmt = available[name]
        target = output_dir / fmt.filename
        try:
            if fmt.stream is not None:  # chunk by chunk: never the whole report in memory
                digest = write_atomically(target, fmt.stream(document, options))
            else:
                digest = write_atomically(target, fmt.render(document, options))
        except (Exception, SystemExit) as exc:  # a reporter's bug costs its report only
            plugins.fail(name, "render", exc)
            continue
        written.append(Written(target, digest))
    return written


LOCK_FILE = REPORT_MARKER


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder while a run writes its reports and manifest, so that two
    runs into one folder write one after the other and never leave a mixed set. The
    lock file is opened without following a link; on systems without ``fcntl`` the
    runs are not serialised (the manifest still only vouches for this run's bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder / LOCK_FILE, flags, 0o644)
    except OSError as exc:
        raise ConfigError.of(
            text(
                "{p}: kan niet worden geopend om de rapportmap te vergrendelen ({why}); is "
                "het een link? verwijder het",
                "{p}: cannot be opened to lock the report folder ({why}); is it a link? remove it",
                p=folder / LOCK_FILE,
                why=exc.strerror or exc,
            )
        ) from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# A fresh temporary file: created exclusively (never through a name that exists, so a
# planted symlink cannot redirect the write), with the mode of any new file (0666 less
# the umask, applied by the system), closed on exec.
_EXCLUSIVE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _temporary(target: Path) -> tuple[int, str]:
    """A new file beside ``target`` under a random name, opened for writing."""
    for _ in range(100):
        name = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, _EXCLUSIVE, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"{target.parent}: no free temporary name for {target.name}")


def write_atomically(target: Path, data: bytes | Iterable[bytes]) -> str:
    """Write ``target`` whole or not at all, and return the SHA-256 of the bytes
    written. ``data`` is the bytes, or an iterable of chunks written one by one (if it
    raises, ``target`` is left as it was). Through a fresh temporary file that is
    created exclusively in the same folder (never through whatever a name points at, so
    a planted symlink cannot redirect the write, and concurrent writers never share a
    temporary file), then renamed over ``target`` (which replaces a link, not its
    target)."""
    fd, name = _temporary(target)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as handle:
            for chunk in (data,) if isinstance(data, bytes | bytearray) else data:
                digest.update(chunk)
                handle.write(chunk)
        os.replace(name, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
    return digest.hexdigest()
