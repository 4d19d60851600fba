"""Progress of a sector run: a bar on a terminal (rich: boards done, failed, the rate),
plain lines when stderr is no terminal or ``CI`` is set (a log that reads well)."""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Any, TextIO

from ibpaudit import inert
from ibpaudit.i18n import Lang


def _interactive(stream: TextIO) -> bool:
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
    return stream.isatty() and not ci


class Progress:
    """``advance(ok)`` per board; a context manager around the run."""

    def __init__(self, total: int, lang: Lang, stream: TextIO | None = None) -> None:
        self.total, self.lang = total, lang
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self.started = time.monotonic()
        self.step = max(1, total // 20)  # plain lines: about every 5 %
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if _interactive(self.stream):
            try:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
            except ImportError:  # the extra is missing: plain lines will do
                return self
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} " + self._word("failed")),
                TextColumn("{task.fields[rate]}"),
                console=Console(file=self.stream),
                transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(
                self._word("boards"), total=self.total, failed=0, rate=""
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, value, traceback)

    def _word(self, key: str) -> str:
        words = {
            "failed": ("mislukt", "failed"),
            "boards": ("besturen", "boards"),
            "per_min": ("besturen/min", "boards/min"),
        }[key]
        return words[1] if self.lang == "en" else words[0]

    def rate(self) -> float:
        """Boards per minute so far."""
        elapsed = time.monotonic() - self.started
        return self.done * 60 / elapsed if elapsed > 0 else 0.0

    def advance(self, board: str, ok: bool, error: str | None = None) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        rate = f"{self.rate():.1f} {self._word('per_min')}"
        if self._bar is not None:
            self._bar.update(self._task, advance=1, failed=self.failed, rate=rate)
            if error is not None:
                self.line(f"{board}: {error}")
            return
        if error is not None:
            self.line(f"{board}: {error}")
        if not ok or self.done % self.step == 0 or self.done == self.total:
            self.line(
                f"{self.done}/{self.total} {self._word('boards')}, {self.failed} "
                f"{self._word('failed')}, {rate}"
            )

    def line(self, text: str) -> None:
        """One message, above the bar while it is shown."""
        message = inert.line(f"ibpaudit sector: {text}")
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=self.stream, flush=True)
