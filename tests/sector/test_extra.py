"""The sector extra's libraries are imported when needed, with one clear message."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from ibpaudit.errors import UsageError
from ibpaudit.sector.extra import INSTALL, need
from ibpaudit.sector.progress import Progress
from sector.sector_support import broken_board, generate


def test_a_missing_library_says_which_extra_to_install() -> None:
    with pytest.raises(UsageError) as raised:
        need("ibpaudit_no_such_module", "ibpaudit sector run --scheduler")
    dutch, english = raised.value.in_language("nl"), str(raised.value)
    assert f"installeer het met: {INSTALL}" in dutch
    assert f"install it with: {INSTALL}" in english


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


def test_a_terminal_gets_a_progress_bar(tmp_path: Path) -> None:
    """On a terminal (a real pseudo-terminal here) the run draws rich's bar with the boards
    done and failed, and prints no plain progress lines."""
    folder = tmp_path / "boards"
    generate(2, folder, seed=1)
    broken_board(folder)
    primary, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    command = [
        sys.executable,
        "-m",
        "ibpaudit",
        "sector",
        "run",
        str(folder),
        "--output",
        str(tmp_path / "out"),
        "--workers",
        "1",
        "--lang",
        "en",
    ]
    with subprocess.Popen(command, stdout=secondary, stderr=secondary, env=env) as process:
        os.close(secondary)
        output = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed: the run is over
                break
            if not chunk:
                break
            output += chunk
        code = process.wait(timeout=120)
    os.close(primary)
    text = output.decode("utf-8", "replace")
    assert code == 2
    assert "3/3" in text and "1 failed" in text and "\x1b[" in text
    assert "broken: " in text
    assert "3/3 boards, 1 failed" not in text  # the plain line is for logs only
