"""Reports are written only where they belong: never through a link planted in the
output folder, never outside the dossier or the working directory because the dossier's
own ibpaudit.yaml says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ibpaudit.errors import ExitCode
from support import Cli, update_config


@pytest.mark.parametrize("name", ["junit.xml", "results.json", "manifest.json", "report.html"])
def test_a_link_in_the_output_folder_is_replaced_not_followed(
    cli: Cli, board: Path, tmp_path: Path, name: str
) -> None:
    victim = board / "registers" / "verwerkersovereenkomsten.csv"
    before = victim.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(victim)
    (out / f"{name}.tmp").symlink_to(victim)  # the old fixed temporary name, too

    assert cli("run", str(board), "-o", str(out), "-q").code == ExitCode.FAILED

    assert victim.read_bytes() == before
    assert not (out / name).is_symlink() and (out / name).stat().st_size > 0
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]
    assert leftovers == []


def test_a_linked_lock_file_is_refused(cli: Cli, board: Path, tmp_path: Path) -> None:
    victim = tmp_path / "elders.txt"
    victim.write_text("niet aanraken\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".ibpaudit.lock").symlink_to(victim)

    result = cli("run", str(board), "-o", str(out), "-q")

    assert result.code == ExitCode.EVIDENCE_ERROR
    assert ".ibpaudit.lock: cannot be opened to lock the report folder" in result.err
    assert victim.read_text(encoding="utf-8") == "niet aanraken\n"


def test_the_dossier_cannot_send_its_reports_outside(
    cli: Cli, board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    update_config(board, {"rapporten": {"map": str(tmp_path / "elders")}})

    refused = cli("run", str(board), "-q")
    assert refused.code == ExitCode.EVIDENCE_ERROR
    assert "rapporten.map" in refused.err and "--output" in refused.err
    assert not (tmp_path / "elders").exists()

    confirmed = cli("run", str(board), "-q", "--output", str(tmp_path / "elders"))
    assert confirmed.code == ExitCode.FAILED
    assert (tmp_path / "elders" / "results.json").is_file()


def test_a_folder_inside_the_dossier_or_the_working_directory_is_fine(
    cli: Cli, board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    update_config(board, {"rapporten": {"map": os.path.relpath(board / "rapporten")}})

    assert cli("run", str(board), "-q").code == ExitCode.FAILED
    assert (board / "rapporten" / "results.json").is_file()
