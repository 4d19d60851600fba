"""Reading a regular file and nothing else: the one way ibpaudit opens evidence and
catalog files.

A FIFO, socket or device never blocks a run and is never read: it is opened with
``O_NONBLOCK`` and refused by ``fstat`` before a byte is read (the status is that of
what was opened, not of a name that may have changed since). Bytes are read straight
from the file descriptor, up to a limit, so a file that grows while it is read is told
and never read whole; no buffered file object is made for a file read once.
"""

from __future__ import annotations

import os
import stat as stat_mod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ibpaudit.i18n import Text, text

__all__ = ["NotRegularFileError", "kind_of", "opened", "read_within"]

# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes it return,
# and the fstat in opened() then refuses it (and sockets and devices).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_CHUNK = 1 << 20


class NotRegularFileError(OSError):
    """A FIFO, socket or device where a file was expected; ibpaudit never reads one."""

    def __init__(self, kind: Text) -> None:
        super().__init__(f"is {kind.en}, not a file")
        self.kind = kind


def kind_of(mode: int) -> Text | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat_mod.S_ISREG(mode):
        return None
    if stat_mod.S_ISFIFO(mode):
        return text("een named pipe (FIFO)", "a named pipe (FIFO)")
    if stat_mod.S_ISSOCK(mode):
        return text("een socket", "a socket")
    if stat_mod.S_ISCHR(mode) or stat_mod.S_ISBLK(mode):
        return text("een apparaat", "a device")
    if stat_mod.S_ISDIR(mode):
        return text("een map", "a folder")
    return text("geen gewoon bestand", "not a regular file")


@contextmanager
def opened(path: Path | str) -> Iterator[tuple[int, os.stat_result]]:
    """``path`` opened for reading, as a file descriptor with its status; anything but
    a regular file raises NotRegularFileError without blocking."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise NotRegularFileError(kind)
        yield fd, info
    finally:
        os.close(fd)


def read_within(path: Path | str, most: int) -> tuple[bytes | None, os.stat_result]:
    """The bytes of the regular file ``path`` and its status, when ``fstat`` measures it
    at no more than ``most`` bytes; None for the bytes of a larger file, which is not
    read at all. At most ``most + 1`` bytes are read, so a file that grew past the limit
    while it was read is told (more than ``most`` bytes) and never read whole. Anything
    but a regular file raises NotRegularFileError without blocking."""
    with opened(path) as (fd, info):
        if info.st_size > most:
            return None, info
        return _read(fd, info.st_size, most + 1), info


def _read(fd: int, size: int, most: int) -> bytes:
    """The bytes of the open file ``fd`` that ``fstat`` measured at ``size``, at most
    ``most`` of them (a file that grew since is read on, up to ``most``)."""
    chunks = [os.read(fd, min(size + 1, most))]  # +1: a file that grew shows
    total = len(chunks[0])
    while chunks[-1] and total < most:
        chunks.append(os.read(fd, min(_CHUNK, most - total)))
        total += len(chunks[-1])
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
