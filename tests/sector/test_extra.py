"""The sector extra's libraries are imported when needed, with one clear message."""

from __future__ import annotations

import io

import pytest

from ibpaudit.errors import UsageError
from ibpaudit.sector.extra import INSTALL, need
from ibpaudit.sector.progress import Progress


def test_a_missing_library_says_which_extra_to_install() -> None:
    with pytest.raises(UsageError) as raised:
        need("ibpaudit_no_such_module", "ibpaudit sector run --scheduler")
    message = str(raised.value)
    assert INSTALL in message and "installeer" in message and "install it" in message


def test_an_installed_library_is_returned() -> None:
    assert need("duckdb", "ibpaudit sector").__name__ == "duckdb"


def test_progress_is_plain_lines_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = io.StringIO()
    with Progress(3, "en", stream) as progress:
        progress.advance("a", True)
        progress.advance("b", False, "broken")
        progress.advance("c", True)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "ibpaudit sector: 1/3 boards, 0 failed, " + lines[0].split(", ")[-1]
    assert "ibpaudit sector: b: broken" in lines
    assert lines[-1].startswith("ibpaudit sector: 3/3 boards, 1 failed, ")
    assert lines[-1].endswith(" boards/min")
