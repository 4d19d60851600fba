"""Fixtures shared by the whole suite: the bundled example board and a way to run the CLI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ibpaudit.cli import main
from support import EXAMPLE_BOARD, Cli, CliResult


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """ibpaudit's cache (validated catalog files, compiled templates) in a folder of this
    session, never the user's; child processes inherit it."""
    before = os.environ.get("IBPAUDIT_CACHE_DIR")
    os.environ["IBPAUDIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("ibpaudit-cache"))
    yield
    if before is None:
        del os.environ["IBPAUDIT_CACHE_DIR"]
    else:
        os.environ["IBPAUDIT_CACHE_DIR"] = before


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``ibpaudit`` in-process with real files; returns exit code, stdout, stderr."""

    def run(*argv: str) -> CliResult:
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A private copy of the example board that a test may break."""
    target = tmp_path / "board"
    shutil.copytree(EXAMPLE_BOARD, target)
    return target


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (``IBPAUDIT_CACHE_DIR``), not yet created."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def cache_in_dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty dossier folder whose ``.cache`` is named as the cache folder
    (``IBPAUDIT_CACHE_DIR``): nothing may be written there."""
    root = tmp_path / "dossier"
    root.mkdir()
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(root / ".cache"))
    return root
