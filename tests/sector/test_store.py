"""The DuckDB store: one transaction per board, so a board whose rows cannot all be
written leaves nothing behind, and a board stored again replaces its rows."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ibpaudit.sector.store import Store
from sector.sector_support import tables


def _outcome(local_run: Path, board: str) -> dict[str, Any]:
    document = json.loads((local_run / "boards" / board / "results.json").read_text("utf-8"))
    return {"board": board, "ok": True, "results": document, "exit_code": 0}


def test_a_board_that_fails_halfway_leaves_no_rows(local_run: Path, tmp_path: Path) -> None:
    good = _outcome(local_run, "board-0000")
    bad = copy.deepcopy(_outcome(local_run, "board-0001"))
    del bad["results"]["controls"][-1]["norm"]  # the boards row is in before this fails
    path = tmp_path / "sector.duckdb"
    with Store(path) as store:
        store.add(good)
        with pytest.raises(KeyError):
            store.add(bad)
    stored = tables(path)
    assert {r[0] for r in stored["boards"]} == {"board-0000"}
    assert {r[0] for r in stored["controls"]} == {"board-0000"}
    assert len(stored["controls"]) == len(good["results"]["controls"])


def test_a_board_stored_again_replaces_its_rows(local_run: Path, tmp_path: Path) -> None:
    outcome = _outcome(local_run, "board-0002")
    path = tmp_path / "sector.duckdb"
    with Store(path) as store:
        store.add(outcome)
        store.add({"board": "board-0002", "ok": False, "error": "gone", "exit_code": 2})
        store.add(outcome)
    with duckdb.connect(str(path), read_only=True) as db:
        assert db.execute("SELECT count(*) FROM boards").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM controls").fetchone() == (
            len(outcome["results"]["controls"]),
        )


def test_a_board_that_fails_later_keeps_its_results_and_no_stale_error(
    local_run: Path, tmp_path: Path
) -> None:
    """The board's latest as-of date decides its line in --named: the results, not the
    error of an attempt without a date."""
    outcome = _outcome(local_run, "board-0003")
    path = tmp_path / "sector.duckdb"
    with Store(path) as store:
        store.add(outcome)
        store.add({"board": "board-0003", "ok": False, "error": "gone", "exit_code": 2})
        line = store.summarise(named=True)["board_list"][0]
    assert line["error"] is None
    assert line["status"] != "not_audited"
    assert line["as_of"] == outcome["results"]["run"]["as_of"]
