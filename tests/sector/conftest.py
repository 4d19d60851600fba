from __future__ import annotations

from pathlib import Path

import pytest

from sector.sector_support import generate


@pytest.fixture(scope="session")
def boards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight varied boards made by the benchmark's generator (po and vo, two as-of dates,
    registers cut or grown, files missing)."""
    folder = tmp_path_factory.mktemp("boards")
    generate(8, folder, seed=18)
    return folder


@pytest.fixture(scope="session")
def local_run(boards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``ibpaudit sector run`` over the eight boards with two local workers."""
    from ibpaudit.cli import main

    out = tmp_path_factory.mktemp("local")
    assert main(["sector", "run", str(boards), "--output", str(out), "--workers", "2"]) == 0
    return out
