"""Hostile or broken evidence files: a clear message, exit 2, the rest still reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.errors import ExitCode
from office import encrypted_office, truncated, with_doctype, write_xlsx, zip_bomb
from support import Cli

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
    result = cli("run", str(board), "-o", str(out))
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
