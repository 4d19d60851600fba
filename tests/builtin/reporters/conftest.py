"""Fixtures for the reporter tests: the engine runs once per session on each dossier of
reporters_support.py; every test gets its own deep copy of the document."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from builtin.reporters.reporters_support import EXAMPLE_BOARD, Run, audit, make_troubled_board


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    run = audit(EXAMPLE_BOARD, tmp_path_factory.mktemp("example"), "json")
    assert run.code == 1, "the example board has failing controls"
    return run


@pytest.fixture(scope="session")
def troubled_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the session: a test must not change it (copy it first)."""
    return make_troubled_board(tmp_path_factory.mktemp("troubled") / "board")


@pytest.fixture(scope="session")
def troubled_run(troubled_board: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    run = audit(troubled_board, tmp_path_factory.mktemp("troubled-reports"), "json")
    assert run.code == 2, "an unreadable register and run problems make the run exit 2"
    return run


@pytest.fixture
def example(example_run: Run) -> dict[str, Any]:
    return copy.deepcopy(example_run.document)


@pytest.fixture
def troubled(troubled_run: Run) -> dict[str, Any]:
    return copy.deepcopy(troubled_run.document)


@pytest.fixture(params=["example", "troubled"])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each of the two documents in turn."""
    run: Run = request.getfixturevalue(f"{request.param}_run")
    return copy.deepcopy(run.document)
