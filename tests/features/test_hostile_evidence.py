"""Hostile or broken evidence files: a clear message, exit 2, the rest still reported."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.errors import ExitCode
from office import (
    ODS_CELL,
    encrypted_office,
    inline_cell,
    many_pages_pdf,
    raw_ods,
    raw_xlsx,
    truncated,
    with_doctype,
    write_xlsx,
    zip_bomb,
)
from support import Cli, update_config

REGISTER = "registers/verwerkersovereenkomsten"


def _bomb(board: Path) -> str:
    zip_bomb(board / f"{REGISTER}.xlsx")
    return "possible zip bomb"


def _doctype(board: Path) -> str:
    good = write_xlsx(board / "tmp.xlsx", {"Blad1": [["leverancier"], ["x"]]})
    with_doctype(good, board / f"{REGISTER}.xlsx", "xl/worksheets/sheet1.xml")
    good.unlink()
    return "declares a DOCTYPE"


def _truncated(board: Path) -> str:
    good = write_xlsx(board / "tmp.xlsx", {"Blad1": [["leverancier"], ["x"]] * 50})
    truncated(good, board / f"{REGISTER}.xlsx")
    good.unlink()
    return "corrupt or truncated"


def _encrypted(board: Path) -> str:
    encrypted_office(board / f"{REGISTER}.xlsx")
    return "password-protected"


def _too_big(board: Path) -> str:
    config = board / "ibpaudit.yaml"
    config.write_text(config.read_text() + "bewijs:\n  max_bestand_mb: 0.0001\n")
    return "larger than the limit"


def _symlink(board: Path) -> str:
    outside = board.parent / "elders.csv"
    outside.write_text("leverancier;product\nX;Y\n")
    (board / f"{REGISTER}.csv").symlink_to(outside)
    return "leaves the dossier"


@pytest.mark.parametrize(
    "make", [_bomb, _doctype, _truncated, _encrypted, _too_big, _symlink], ids=lambda f: f.__name__
)
def test_hostile_register_errors_its_controls_only(
    cli: Cli, board: Path, tmp_path: Path, make: Callable[[Path], str]
) -> None:
    (board / f"{REGISTER}.csv").unlink()
    expected = make(board)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--lang", "en")  # the expected words
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert expected in result.err and "Traceback" not in result.err
    document: dict[str, Any] = json.loads((out / "results.json").read_text())
    statuses = {c["id"]: c["status"] for c in document["controls"]}
    if make is not _too_big:  # the tiny size limit hits every file, by design
        assert statuses["PV.P02-verwerkersovereenkomsten"] == "error"
        assert statuses["GO.02-beleid"] == "passed"
        assert statuses["GB.02-datalekken"] == "failed"
    assert any(expected in p["message"]["en"] for p in document["problems"])
    assert (out / "junit.xml").is_file() and (out / "report.html").is_file()


# --- native readers: what would crash, exhaust or hang the interpreter ----------------

MEMORY_BUDGET = 1024 * 1024 * 1024  # every hostile file is refused within 1 GiB
HANG_GUARD_S = 120  # not a timing assertion: only keeps a regression from hanging CI


def _far_cell(board: Path) -> tuple[str, str]:
    cells = f"<row r='1'>{inline_cell('A1', 'leverancier')}</row>"
    cells += f"<row r='1048576'>{inline_cell('XFD1048576', 'x')}</row>"
    raw_xlsx(board / f"{REGISTER}.xlsx", cells)
    return f"{REGISTER}.xlsx", "sheet 'Blad1' spans A1:XFD1048576"


def _garbage_reference(board: Path) -> tuple[str, str]:
    cells = f"<row r='1'>{inline_cell('A1', 'leverancier')}"
    cells += f"{inline_cell('A4294967295', 'x')}</row>"
    raw_xlsx(board / f"{REGISTER}.xlsx", cells)
    return f"{REGISTER}.xlsx", "invalid cell reference 'A4294967295'"


def _positional_cells(board: Path) -> tuple[str, str]:
    """Cells without a reference, placed by position after a far one."""
    cells = f"<row r='1048576'>{inline_cell('XFA1048576', 'x')}"
    cells += inline_cell(None, "y") * 2 + "</row>"
    raw_xlsx(board / f"{REGISTER}.xlsx", cells)
    return f"{REGISTER}.xlsx", "sheet 'Blad1' spans A1:XFC1048576"


def _repeated_rows(board: Path) -> tuple[str, str]:
    row = (
        "<table:table-row table:number-rows-repeated='1000000'><table:table-cell "
        "table:number-columns-repeated='100' office:value-type='string'><text:p>x</text:p>"
        "</table:table-cell></table:table-row>"
    )
    raw_ods(board / f"{REGISTER}.ods", row)
    return f"{REGISTER}.ods", "sheet 'Blad1' spans A1:CV1000000"


def _truncated_ods(board: Path) -> tuple[str, str]:
    row = "<table:table-row>" + ODS_CELL.format("leverancier") + "</table:table-row>"
    raw_ods(board / f"{REGISTER}.ods", row, close=False)
    return f"{REGISTER}.ods", "part 'content.xml' is not well-formed XML"


def _fifo(board: Path) -> tuple[str, str]:
    os.mkfifo(board / f"{REGISTER}.csv")
    return f"{REGISTER}.csv", "is a named pipe (FIFO), not a file"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET, MEMORY_BUDGET))


def run_limited(board: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``ibpaudit run`` in its own process, with no more than the memory budget."""
    return subprocess.run(
        [sys.executable, "-m", "ibpaudit", "run", str(board), "-o", str(out), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        preexec_fn=_limited,
        check=False,
    )


@pytest.mark.parametrize(
    "make",
    [_far_cell, _garbage_reference, _positional_cells, _repeated_rows, _truncated_ods, _fifo],
    ids=lambda f: f.__name__.strip("_"),
)
def test_native_reader_attack_errors_only_its_controls(
    board: Path, tmp_path: Path, make: Callable[[Path], tuple[str, str]]
) -> None:
    (board / f"{REGISTER}.csv").unlink()
    rel, expected = make(board)
    out = tmp_path / "out"
    result = run_limited(board, out)
    assert result.returncode == ExitCode.EVIDENCE_ERROR, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert any(line.count(rel) == 1 and expected in line for line in result.stderr.splitlines()), (
        result.stderr[-2000:]
    )
    document: dict[str, Any] = json.loads((out / "results.json").read_text())
    statuses = {c["id"]: c["status"] for c in document["controls"]}
    assert statuses["PV.P02-verwerkersovereenkomsten"] == "error"
    assert statuses["GO.02-beleid"] == "passed"
    assert [p["source"] for p in document["problems"]] == [rel]
    for report in ("junit.xml", "report.html", "manifest.json"):
        assert (out / report).stat().st_size > 0


def test_a_fifo_among_the_boards_own_controls_is_a_problem_not_a_hang(
    board: Path, tmp_path: Path
) -> None:
    """The catalog is read as evidence is: a named pipe where a control file should be
    is refused without being opened for a blocking read (it used to hang the run)."""
    (board / "controls").mkdir(exist_ok=True)
    os.mkfifo(board / "controls" / "eigen.yaml")
    out = tmp_path / "out"
    result = run_limited(board, out)
    assert "Traceback" not in result.stderr
    assert "controls/eigen.yaml: is a named pipe (FIFO), not a file" in result.stderr
    document: dict[str, Any] = json.loads((out / "results.json").read_text())
    assert {c["id"]: c["status"] for c in document["controls"]}["GO.02-beleid"] == "passed"
    for report in ("junit.xml", "report.html", "manifest.json"):
        assert (out / report).stat().st_size > 0


@pytest.mark.parametrize("declared", [None, 1], ids=["declared", "count-lies"])
def test_pdf_with_too_many_pages_is_refused_before_its_text_is_read(
    board: Path, tmp_path: Path, declared: int | None
) -> None:
    many_pages_pdf(board / "beleid" / "bundel.pdf", 99_000, declared=declared)
    out = tmp_path / "out"
    result = run_limited(board, out)
    assert result.returncode == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in result.stderr
    assert "beleid/bundel.pdf: has 99000 pages, more than the 2000 allowed" in result.stderr
    document: dict[str, Any] = json.loads((out / "results.json").read_text())
    assert [p["source"] for p in document["problems"]] == ["beleid/bundel.pdf"]
    assert {c["id"]: c["status"] for c in document["controls"]}["GO.02-beleid"] == "passed"


@pytest.mark.parametrize(("limit", "refused"), [(14, True), (15, False)])
def test_cell_limit_is_set_in_ibpaudit_yaml(
    cli: Cli, board: Path, tmp_path: Path, limit: int, refused: bool
) -> None:
    rows = (board / f"{REGISTER}.csv").read_text(encoding="utf-8").splitlines()
    table = [row.split(";")[:3] for row in rows[:5]]  # 3 columns x 5 rows: 15 cells
    assert len(table) == 5
    (board / f"{REGISTER}.csv").unlink()
    write_xlsx(board / f"{REGISTER}.xlsx", {"Verwerkersovereenkomsten": table})
    update_config(board, {"bewijs": {"max_cellen": limit}})
    result = cli("run", str(board), "-o", str(tmp_path / "out"), "--lang", "en")
    message = f"{REGISTER}.xlsx: sheet 'Verwerkersovereenkomsten' spans A1:C5 (15 cells)"
    assert (message in result.err) is refused
    assert ("raise bewijs.max_cellen in ibpaudit.yaml" in result.err) is refused
