"""Ctrl-C held back while DuckDB works.

DuckDB's Python client notices a pending SIGINT in the middle of a statement and turns it
into its own error ("Query interrupted"), which would reach the user as an internal error
and would cut a board's transaction in two. Inside ``held()`` the signal is only noted;
when the section ends the previous handler is put back and the signal raised again, so
Ctrl-C stops the run as usual (exit 130) between two whole boards."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def held() -> Iterator[None]:
    """Run the body with SIGINT noted rather than acted on; act on it afterwards.

    Outside the main thread no handler can be set, and the body runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        noted.append(signum)

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if noted:
            signal.raise_signal(signal.SIGINT)
