"""Ctrl-C stops a sector run cleanly: exit 130, no traceback, and a store in which every
board is either complete or absent, even when the signal lands while DuckDB writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import duckdb
import pytest

from ibpaudit.sector.store import Store
from sector.sector_support import generate, tables


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


class _Stopped(Exception):
    """What this test's own SIGINT handler raises: the one ``held`` must hand the signal to."""


class _Watched:
    """The store's real connection, telling the test when the board's rows start to go in."""

    def __init__(self, db: Any, writing: threading.Event) -> None:
        self.db, self.writing = db, writing

    def execute(self, *args: Any) -> Any:
        if str(args[0]).startswith("INSERT INTO controls"):
            self.writing.set()
        return self.db.execute(*args)


def test_ctrl_c_while_duckdb_writes_a_board_lands_after_the_whole_board(
    local_run: Path, tmp_path: Path
) -> None:
    """DuckDB would turn the signal into "Query interrupted" halfway through the board; the
    store holds it until the board is committed, then hands it to the handler it found."""
    document = json.loads((local_run / "boards" / "board-0000" / "results.json").read_text())
    controls = document["controls"]
    document["controls"] = [
        {**c, "id": f"{c['id']}-{i}"} for i in range(20_000 // len(controls)) for c in controls
    ]
    writing = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stopped

    def interrupt() -> None:
        if writing.wait(30):
            os.kill(os.getpid(), signal.SIGINT)

    previous = signal.signal(signal.SIGINT, stop)
    sender = threading.Thread(target=interrupt)
    try:
        with Store(tmp_path / "sector.duckdb") as store:
            store.db = _Watched(store.db, writing)
            sender.start()
            with pytest.raises(_Stopped):
                store.add({"board": "big", "ok": True, "results": document, "exit_code": 0})
            store.db = store.db.db
    finally:
        writing.set()
        sender.join()
        signal.signal(signal.SIGINT, previous)
    assert signal.getsignal(signal.SIGINT) is previous
    stored = tables(tmp_path / "sector.duckdb")
    assert len(stored["controls"]) == len(document["controls"])
    assert [r[0] for r in stored["boards"]] == ["big"]
