"""Ctrl-C stops a sector run cleanly: exit 130, no traceback, and a store in which every
board is either complete or absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from sector.sector_support import generate


def test_ctrl_c_stops_cleanly_and_leaves_a_consistent_store(tmp_path: Path) -> None:
    folder = tmp_path / "boards"
    generate(16, folder, seed=9)
    out = tmp_path / "out"
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ibpaudit",
            "sector",
            "run",
            str(folder),
            "--output",
            str(out),
            "--workers",
            "2",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CI": "true"},
        start_new_session=True,  # the signal goes to this group, as a terminal's would
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:  # the first board is in: the run is well under way
            if "1/16" in line:
                break
        os.killpg(process.pid, signal.SIGINT)
        err = process.stderr.read()
        code = process.wait(timeout=120)

    assert code == 130, err
    assert "Traceback" not in err
    with duckdb.connect(str(out / "sector.duckdb"), read_only=True) as db:
        boards = db.execute("SELECT board, controls FROM boards").fetchall()
        for board, count in boards:
            assert db.execute(
                "SELECT count(*) FROM controls WHERE board = ?", [board]
            ).fetchone() == (count,)
    assert 0 < len(boards) < 16
    results = {p.parent.name for p in (out / "boards").glob("*/results.json")}
    assert {b for b, _ in boards} <= results
    assert not (out / "sector.json").exists() or json.loads((out / "sector.json").read_text())
