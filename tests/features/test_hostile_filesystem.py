"""Ordinary file-system states in a dossier: each is one line naming the path, only the
controls that need it are *error*, exit 2, and every report is still written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.dossier import iter_files, read_file
from ibpaudit.dossier.config import load_config
from ibpaudit.engine.plugins import build
from ibpaudit.errors import ExitCode
from ibpaudit.model import Limits
from support import EXAMPLE_BOARD

REGISTER = "registers/verwerkersovereenkomsten"


@pytest.fixture
def shared_board() -> Iterator[Path]:
    """A copy of the example board that any user can read, so that only the permission
    bits a test takes away stand in the audit's way (see run())."""
    folder = Path(tempfile.mkdtemp(prefix="ibpaudit-fs-"))
    folder.chmod(0o777)
    board = folder / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    for path in [board, *board.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    yield board
    for path in board.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o777)
    shutil.rmtree(folder)


def run(board: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ibpaudit", "run", str(board), "-o", str(out), "--lang", "en"]
    if os.geteuid() == 0:
        # Permission bits mean nothing to root: util-linux's setpriv drops the two
        # capabilities that bypass them, so the audit meets them as any user would (and
        # still finds this Python and its packages, wherever they are installed).
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _dangling(board: Path) -> tuple[str, str]:
    (board / f"{REGISTER}.csv").unlink()
    (board / f"{REGISTER}.csv").symlink_to("weg.csv")
    return f"{REGISTER}.csv", "symbolic link to 'weg.csv', which does not exist"


def _loop(board: Path) -> tuple[str, str]:
    (board / f"{REGISTER}.csv").unlink()
    (board / f"{REGISTER}.csv").symlink_to("verwerkersovereenkomsten.csv")
    return f"{REGISTER}.csv", "symbolic link loop"


def _unreadable(board: Path) -> tuple[str, str]:
    (board / f"{REGISTER}.csv").chmod(0)
    return f"{REGISTER}.csv", "cannot be read (Permission denied)"


def _non_utf8_name(board: Path) -> tuple[str, str]:
    """A folder named in Latin-1 (as an old Windows share may): ``café``."""
    folder = Path(os.fsdecode(bytes(board / "registers") + b"/caf\xe9"))
    folder.mkdir()
    (board / f"{REGISTER}.csv").rename(folder / "verwerkersovereenkomsten.csv")
    return "registers/caf\\xe9/verwerkersovereenkomsten.csv", "its name is not valid UTF-8"


def _unlistable_folder(board: Path) -> tuple[str, str]:
    (board / "registers" / "extra").mkdir()
    shutil.move(board / f"{REGISTER}.csv", board / "registers" / "extra")
    (board / "registers" / "extra").chmod(0)
    return "registers/extra/", "folder cannot be listed (Permission denied)"


@pytest.mark.parametrize(
    "make",
    [_dangling, _loop, _unreadable, _non_utf8_name, _unlistable_folder],
    ids=lambda f: f.__name__.strip("_"),
)
def test_file_system_state_errors_its_controls_only(
    shared_board: Path, make: Callable[[Path], tuple[str, str]]
) -> None:
    rel, expected = make(shared_board)
    out = shared_board.parent / "out"
    result = run(shared_board, out)
    assert result.returncode == ExitCode.EVIDENCE_ERROR, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"{rel}: {expected}" in result.stderr
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    statuses = {c["id"]: c["status"] for c in document["controls"]}
    assert statuses["PV.P02-verwerkersovereenkomsten"] == "error"
    assert statuses["GO.02-beleid"] == "passed"
    assert [p["source"] for p in document["problems"]] == [rel]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert rel in {e["path"] for e in manifest["evidence"]}
    assert (out / "junit.xml").stat().st_size > 0 and (out / "report.html").stat().st_size > 0


def test_unlistable_attestation_folder_is_not_skipped(shared_board: Path) -> None:
    """Today's bug: 25 attestations vanished silently and their controls *failed*."""
    (shared_board / "attestaties").chmod(0)
    out = shared_board.parent / "out"
    result = run(shared_board, out)
    assert result.returncode == ExitCode.EVIDENCE_ERROR
    assert "attestaties/: folder cannot be listed" in result.stderr
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["summary"]["error"] > 0
    assert not any(
        f["message"]["en"].startswith("no attestation with id")
        for c in document["controls"]
        for check in c["checks"]
        for f in check["findings"]
    )


def test_a_file_that_vanishes_after_listing_is_an_error_on_that_file(board: Path) -> None:
    config = load_config(board)
    listed = dict((rel, path) for path, rel in iter_files(board, config))
    listed[f"{REGISTER}.csv"].unlink()
    evidence = read_file(
        listed[f"{REGISTER}.csv"], f"{REGISTER}.csv", board, build(board), Limits()
    )
    assert evidence is not None and evidence.error is not None
    assert evidence.error.en == (
        f"{REGISTER}.csv: vanished while the dossier was being read; run the audit again"
    )


def test_unlistable_dossier_root_is_one_problem_and_every_control_errors(
    shared_board: Path,
) -> None:
    """The root can be entered (ibpaudit.yaml is read) but not listed."""
    shared_board.chmod(0o311)
    out = shared_board.parent / "out"
    try:
        result = run(shared_board, out)
    finally:
        shared_board.chmod(0o777)
    assert result.returncode == ExitCode.EVIDENCE_ERROR and "Traceback" not in result.stderr
    assert "./: folder cannot be listed (Permission denied)" in result.stderr
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [p["source"] for p in document["problems"]] == ["./"]
    assert {c["status"] for c in document["controls"]} == {"error", "skipped"}
