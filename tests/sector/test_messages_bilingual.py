"""The sector monitor's usage errors in Dutch by default and in English with --lang en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit.errors import ExitCode, UsageError
from ibpaudit.results.diff import ResultsFileError
from ibpaudit.sector import collect, discover
from support import Cli


def test_a_folder_without_dossiers_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(UsageError) as raised:
        discover.boards(empty)
    assert raised.value.in_language("nl") == (
        f"sector run: {empty}: geen map met een ibpaudit.yaml; het dossier van elk bestuur "
        "is een map met zijn eigen ibpaudit.yaml"
    )
    assert str(raised.value).startswith(f"sector run: {empty}: no folder with an ibpaudit.yaml")

    dutch = cli("sector", "run", str(empty), "--output", str(tmp_path / "uit"))
    assert dutch.code == ExitCode.USAGE_ERROR
    assert f"{empty}: geen map met een ibpaudit.yaml" in dutch.err
    english = cli("sector", "run", str(empty), "--output", str(tmp_path / "uit"), "--lang", "en")
    assert f"{empty}: no folder with an ibpaudit.yaml" in english.err


def test_an_invalid_results_file_in_both_languages(tmp_path: Path) -> None:
    lone = tmp_path / "results.json"
    lone.write_text(json.dumps({"schema_version": "1"}), encoding="utf-8")
    with pytest.raises(ResultsFileError) as raised:
        collect._outcome(lone)
    assert raised.value.in_language("nl").startswith(f"{lone}: geen geldig resultatendocument")
    assert str(raised.value).startswith(f"{lone}: not a valid results document")
