"""The report template is compiled once into the user's cache folder; a missing, corrupt
or unwritable cache only means compiling it again, never a different report."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builtin.reporters.reporters_support import EXAMPLE_BOARD as EXAMPLE
from ibpaudit.builtin.reporters import html
from ibpaudit.builtin.reporters.html import page
from ibpaudit.model import ReportOptions


@pytest.fixture
def fresh_environment() -> Iterator[None]:
    page.environment.cache_clear()
    yield
    page.environment.cache_clear()


def _render(example: dict[str, Any]) -> bytes:
    page.environment.cache_clear()  # a new process, as far as Jinja is concerned
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


def test_jinja_is_imported_only_for_an_html_report(tmp_path: Path) -> None:
    """Registering the reporter costs no Jinja: a run that writes no HTML report never
    imports it, and a run that does still renders the page."""
    probe = (
        "import sys\n"
        "from ibpaudit.cli import main\n"
        "code = main(['run', sys.argv[1], '-o', sys.argv[2], '-q', '-f', sys.argv[3]])\n"
        "print(code, 'jinja2' in sys.modules)\n"
    )
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CI", None)

    def run(formats: str, out: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(EXAMPLE), str(tmp_path / out), formats],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        return done.stdout.split()[-2:]

    assert run("junit,json", "plain") == ["1", "False"]
    assert not (tmp_path / "plain" / "report.html").exists()
    assert run("html", "page") == ["1", "True"]
    assert (tmp_path / "page" / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
