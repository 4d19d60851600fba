"""Helpers for the sector tests: the benchmark's board generator, and the store's tables
as comparable rows."""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from support import EXAMPLE_BOARD, PROJECT


def _generator() -> Callable[..., list[Path]]:
    spec = importlib.util.spec_from_file_location(
        "sector_boards", PROJECT / "benchmarks" / "sector_boards.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]


generate = _generator()

# A dossier whose own plugin kills the worker process that loads it.
CRASH_PLUGIN = "import os\n\nos._exit(7)\n"


def crashing_board(folder: Path) -> Path:
    board = folder / "crashing"
    shutil.copytree(EXAMPLE_BOARD, board)
    (board / "plugins").mkdir(exist_ok=True)
    (board / "plugins" / "crash.py").write_text(CRASH_PLUGIN, encoding="utf-8")
    return board


def broken_board(folder: Path) -> Path:
    board = folder / "broken"
    shutil.copytree(EXAMPLE_BOARD, board)
    (board / "ibpaudit.yaml").write_text("versie: 1\nbestuur: [niet, een, naam\n", encoding="utf-8")
    return board


# Everything a run decides; not when it ran (run_date) nor where (source).
COLUMNS = {
    "boards": "board, name, sector, CAST(as_of AS VARCHAR), target_level, catalog_version, "
    "status, exit_code, controls, norms, norms_at_target, error",
    "controls": "*",
    "norms": "*",
}


def tables(store: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(store), read_only=True) as db:
        return {
            table: db.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
            for table, columns in COLUMNS.items()
        }


def sector_json(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "sector.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
