"""The report template is compiled once into the user's cache folder; a missing, corrupt
or unwritable cache only means compiling it again, never a different report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.builtin.reporters import html
from ibpaudit.model import ReportOptions


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    html.environment.cache_clear()
    yield
    html.environment.cache_clear()


def _render(example: dict[str, Any]) -> bytes:
    html.environment.cache_clear()  # a new process, as far as Jinja is concerned
    return html.render(example, ReportOptions())


def test_compiled_once_and_the_same_report_whatever_the_cache(
    example: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_environment: None,
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(cache))
    first = _render(example)
    entries = list((cache / "templates").rglob("*.cache"))
    assert entries, "the compiled template is kept"
    assert _render(example) == first

    for entry in entries:
        entry.write_bytes(b"\x00 not Jinja bytecode \xff" * 10)
    assert _render(example) == first
    assert all(e.read_bytes()[:1] != b"\x00" for e in entries), "corrupt entries are rewritten"

    blocker = tmp_path / "a-file"
    blocker.write_text("no folder can be made below a file\n")
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(blocker / "cache"))
    assert _render(example) == first
