"""Reports are written only where they belong: never through a link planted in the
output folder, never outside the dossier or the working directory because the dossier's
own ibpaudit.yaml says so."""

from __future__ import annotations

import json
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
    assert ".ibpaudit.lock: kan niet worden geopend om de rapportmap te vergrendelen" in result.err
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


def test_a_report_folder_inside_the_dossier_is_never_evidence(
    cli: Cli, board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'rapporten/' used to be read: verify failed after every run and summary.md was
    read as a policy. Any folder with ibpaudit's reports is left out, whatever its name."""
    monkeypatch.chdir(board)
    update_config(board, {"rapporten": {"map": "rapporten", "formaten": ["json", "markdown"]}})

    first = cli("run", ".", "-q", "--lang", "en")
    second = cli("run", ".", "-q", "--lang", "en")
    moved = board / "archief-2026"
    (board / "rapporten").rename(moved)  # an old report set under another name
    third = cli("run", ".", "-q", "--lang", "en", "-o", "nieuw")

    assert first.code == second.code == third.code == ExitCode.FAILED
    document = json.loads((board / "nieuw" / "results.json").read_text(encoding="utf-8"))
    paths = [e["path"] for e in document["evidence"]]
    assert not any(p.startswith(("rapporten/", "archief-2026/", "nieuw/")) for p in paths)
    assert document["run"]["report_folders"] == ["archief-2026/"]
    assert "archief-2026/: holds ibpaudit reports; not read as evidence" in third.err
    check = cli("verify", "nieuw/manifest.json", ".")
    assert check.code == ExitCode.PASSED, check.err


def test_a_linked_register_is_hashed_by_what_the_run_read(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    """A register linked in from a skipped folder (_bron/) was hashed as the link's text,
    so its target could be edited and verify still passed."""
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    source = board / "_bron" / "verwerkersovereenkomsten.csv"
    source.parent.mkdir()
    register.rename(source)
    register.symlink_to(Path("..") / "_bron" / "verwerkersovereenkomsten.csv")
    out = tmp_path / "out"
    assert cli("run", str(board), "-o", str(out), "-q").code == ExitCode.FAILED
    assert cli("verify", str(out / "manifest.json"), str(board)).code == ExitCode.PASSED

    source.write_text(source.read_text(encoding="utf-8").replace("nee", "ja"), "utf-8")
    check = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en")

    assert check.code == ExitCode.FAILED
    assert "registers/verwerkersovereenkomsten.csv: evidence file changed" in check.err
