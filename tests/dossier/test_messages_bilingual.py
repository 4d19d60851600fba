"""ibpaudit.yaml's peildatum and files the dossier cannot read are named in Dutch by
default and in English with --lang en."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ibpaudit.dossier.config import load_config
from ibpaudit.errors import ConfigError, ExitCode
from support import Cli


def _set_as_of(board: Path, value: str) -> None:
    config = board / "ibpaudit.yaml"
    lines = [
        line for line in config.read_text(encoding="utf-8").splitlines()
        if not line.startswith("peildatum:")
    ]  # fmt: skip
    config.write_text("\n".join([*lines, f"peildatum: {value}", ""]), encoding="utf-8")


def test_a_bad_peildatum_names_file_and_line_in_both_languages(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _set_as_of(board, '"31-02-2026"')
    with pytest.raises(ConfigError) as raised:
        load_config(board)
    nl, en = raised.value.in_language("nl"), raised.value.in_language("en")
    assert (
        nl.startswith("ibpaudit.yaml:") and ": peildatum: '31-02-2026' is geen geldige datum" in nl
    )
    assert en.startswith("ibpaudit.yaml:") and ": peildatum: '31-02-2026' is not a valid date" in en

    dutch = cli("run", str(board), "-o", str(tmp_path / "nl"))
    assert dutch.code == ExitCode.EVIDENCE_ERROR
    assert dutch.err.strip() == f"ibpaudit: {nl}"
    english = cli("run", str(board), "-o", str(tmp_path / "en"), "--lang", "en")
    assert english.err.strip() == f"ibpaudit: {en}"


def test_a_peildatum_outside_the_calendar_in_both_languages(board: Path) -> None:
    _set_as_of(board, "1066-10-14")
    with pytest.raises(ConfigError) as raised:
        load_config(board)
    assert "peildatum: 1066-10-14 ligt buiten 1900-01-01 .. 2999-12-31" in raised.value.in_language(
        "nl"
    )
    assert "peildatum: 1066-10-14 is outside 1900-01-01 .. 2999-12-31" in str(raised.value)


def test_a_dangling_link_is_named_in_both_languages(cli: Cli, board: Path, tmp_path: Path) -> None:
    os.symlink("weg.csv", board / "registers" / "kapot.csv")
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "-f", "json")
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "registers/kapot.csv: symbolische link naar 'weg.csv', dat niet bestaat" in result.err
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (problem,) = [p for p in document["problems"] if p["source"] == "registers/kapot.csv"]
    assert problem["message"]["en"] == (
        "registers/kapot.csv: symbolic link to 'weg.csv', which does not exist; "
        "fix or remove the link"
    )
    assert problem["message"]["nl"].endswith("herstel of verwijder de link")
