"""``ibpaudit sector run``: every board audited with the same engine as ``ibpaudit run``,
its reports under boards/<board>/, its results streamed into sector.duckdb; a broken
dossier and a worker process that dies are recorded and the others go on (exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ibpaudit.cli import main
from ibpaudit.errors import ExitCode
from ibpaudit.schemas import load_schema, schema_errors
from sector.sector_support import broken_board, crashing_board, generate, sector_json, tables


def test_every_board_is_stored_as_its_results_json_says(boards: Path, local_run: Path) -> None:
    names = sorted(p.name for p in boards.iterdir())
    with duckdb.connect(str(local_run / "sector.duckdb"), read_only=True) as db:
        stored = [r[0] for r in db.execute("SELECT board FROM boards ORDER BY board").fetchall()]
        assert stored == names
        (count,) = db.execute("SELECT count(DISTINCT board) FROM controls").fetchone() or (0,)
        assert count == len(names)
        for name in names:
            document = json.loads(
                (local_run / "boards" / name / "results.json").read_text(encoding="utf-8")
            )
            rows = db.execute(
                "SELECT control, status, level_reached FROM controls WHERE board = ? "
                "ORDER BY control",
                [name],
            ).fetchall()
            expected = sorted(
                (c["id"], c["status"], c["level_reached"]) for c in document["controls"]
            )
            assert rows == expected
            (sector, as_of) = db.execute(
                "SELECT sector, CAST(as_of AS VARCHAR) FROM boards WHERE board = ?", [name]
            ).fetchone() or (None, None)
            assert (sector, as_of) == (document["board"]["sector"], document["run"]["as_of"])
    for name in names:  # the board's own report set, manifest included
        assert {p.name for p in (local_run / "boards" / name).iterdir()} >= {
            "results.json",
            "report.html",
            "junit.xml",
            "manifest.json",
        }


def test_the_boards_differ_and_sector_json_counts_them(local_run: Path) -> None:
    sector = sector_json(local_run)
    assert schema_errors(load_schema("sector"), sector) == []
    levels = {json.dumps(n["levels"], sort_keys=True) for n in sector["norms"] if n["levels"]}
    assert len(levels) > 1  # generated boards reach different levels
    with duckdb.connect(str(local_run / "sector.duckdb"), read_only=True) as db:
        latest = db.execute(
            "SELECT count(*) FROM boards b WHERE as_of = "
            "(SELECT max(as_of) FROM boards WHERE board = b.board)"
        ).fetchone()
        for norm in sector["norms"]:
            if norm["too_few_boards"]:
                continue
            assert sum(norm["levels"].values()) == norm["boards"]
            assert norm["boards"] <= (latest or (0,))[0]
    assert set(sector["lagging"]) <= {n["id"] for n in sector["norms"]}


def test_a_broken_dossier_and_a_crashing_worker_stop_only_their_board(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "boards"
    generate(5, folder, seed=3)
    crashing_board(folder)
    broken_board(folder)
    out = tmp_path / "out"

    code = main(["sector", "run", str(folder), "--output", str(out), "--workers", "2"])

    assert code == ExitCode.EVIDENCE_ERROR
    err = capsys.readouterr().err
    assert "crashing:" in err and "broken:" in err
    with duckdb.connect(str(out / "sector.duckdb"), read_only=True) as db:
        rows = dict(db.execute("SELECT board, status FROM boards").fetchall())
        errors = dict(
            db.execute("SELECT board, error FROM boards WHERE error IS NOT NULL").fetchall()
        )
        audited = db.execute("SELECT count(DISTINCT board) FROM controls").fetchone()
    assert rows["crashing"] == rows["broken"] == "not_audited"
    assert "crash" in errors["crashing"]
    assert "ibpaudit.yaml" in errors["broken"]
    assert sorted(b for b, s in rows.items() if s != "not_audited") == [
        f"board-{i:04d}" for i in range(5)
    ]
    assert audited == (5,)
    sector = sector_json(out)
    assert sector["boards"]["total"] == 7 and sector["boards"]["audited"] == 5
    assert sector["boards"]["not_audited"] is None  # 2 boards: too few to show


def test_fewer_than_five_boards_show_no_figure_and_no_name(tmp_path: Path) -> None:
    folder = tmp_path / "boards"
    generate(4, folder, seed=5)
    out = tmp_path / "out"

    assert main(["sector", "run", str(folder), "--output", str(out), "--workers", "1"]) == 0

    sector = sector_json(out)
    assert schema_errors(load_schema("sector"), sector) == []
    assert all(n["too_few_boards"] and n["levels"] is None for n in sector["norms"])
    assert all(d["too_few_boards"] and d["at_target"] is None for d in sector["domains"])
    assert sector["lagging"] == []
    page = (out / "sector.html").read_text(encoding="utf-8")
    assert "te weinig besturen" in page
    for written in (json.dumps(sector, ensure_ascii=False), page):
        for i in range(4):
            assert f"board-{i:04d}" not in written
            assert f"Proefbestuur {i:04d}" not in written


def test_named_shows_the_boards(tmp_path: Path, boards: Path, local_run: Path) -> None:
    out = tmp_path / "named"
    shutil.copytree(local_run, out)
    results = sorted((local_run / "boards").glob("*/results.json"))

    assert main(["sector", "report", *map(str, results), "--output", str(out), "--named"]) == 0

    sector = sector_json(out)
    assert schema_errors(load_schema("sector"), sector) == []
    assert sector["named"] is True
    names = {b["name"] for b in sector["board_list"]}
    assert {f"Proefbestuur {i:04d}" for i in range(8)} <= names
    page = (out / "sector.html").read_text(encoding="utf-8")
    assert "Proefbestuur 0003" in page


def test_a_run_of_forty_boards(tmp_path: Path) -> None:
    """The issue's acceptance case: 40 generated boards, every file written."""
    folder = tmp_path / "boards"
    generate(40, folder, seed=40)
    out = tmp_path / "out"

    assert main(["sector", "run", str(folder), "--output", str(out)]) == 0

    with duckdb.connect(str(out / "sector.duckdb"), read_only=True) as db:
        assert db.execute("SELECT count(DISTINCT board) FROM controls").fetchone() == (40,)
    assert (out / "sector.html").stat().st_size > 0
    assert sector_json(out)["boards"]["audited"] == 40
    parquet = {p.name for p in (out / "parquet").iterdir()}
    assert parquet == {"boards.parquet", "controls.parquet", "norms.parquet"}
    with duckdb.connect() as db:
        rows = db.execute(
            f"SELECT count(*) FROM read_parquet('{out / 'parquet' / 'controls.parquet'}')"
        ).fetchone()
    assert rows == (len(tables(out / "sector.duckdb")["controls"]),)


def test_no_dossier_under_the_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sector", "run", str(tmp_path), "--output", str(tmp_path / "o")]) == 4
    assert "ibpaudit.yaml" in capsys.readouterr().err


def test_runs_on_two_as_of_dates_make_a_trend(tmp_path: Path) -> None:
    folder = tmp_path / "boards"
    generate(5, folder, seed=11)
    out = tmp_path / "out"
    for day in ("2025-11-23", "2026-11-23"):
        argv = ["sector", "run", str(folder), "--output", str(out), "--as-of", day]
        assert main([*argv, "--workers", "2", "--lang", "en"]) == 0

    sector = sector_json(out)
    assert [t["as_of"] for t in sector["trend"]] == ["2025-11-23", "2026-11-23"]
    assert all(t["boards"] == 5 for t in sector["trend"])
    assert sector["as_of"] == ["2026-11-23"]  # each board counts with its latest date
    with duckdb.connect(str(out / "sector.duckdb"), read_only=True) as db:
        per_day = db.execute(
            "SELECT CAST(as_of AS VARCHAR), count(DISTINCT board) FROM controls "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert per_day == [("2025-11-23", 5), ("2026-11-23", 5)]
    page = (out / "sector.html").read_text(encoding="utf-8")
    assert "23 November 2025" in page and "Trend" in page
    board = json.loads((out / "boards" / "board-0000" / "results.json").read_text("utf-8"))
    assert board["run"]["lang"] == "en"
