"""A results file that ``diff`` (or ``--baseline``) cannot use is named in Dutch by
default and in English with --lang en, with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibpaudit.errors import ExitCode
from ibpaudit.results import diff
from support import Cli


def test_a_truncated_results_file_for_diff_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    truncated = tmp_path / "results.json"
    truncated.write_text('{"schema_version": "1", "run": {', encoding="utf-8")

    dutch = cli("diff", str(truncated), str(truncated))
    assert dutch.code == ExitCode.EVIDENCE_ERROR
    assert dutch.err.startswith(f"ibpaudit: {truncated}:1:")
    assert ": geen geldige JSON: " in dutch.err
    assert dutch.err.strip().endswith("is het bestand afgebroken of bewerkt?")

    english = cli("diff", str(truncated), str(truncated), "--lang", "en")
    assert english.code == ExitCode.EVIDENCE_ERROR
    assert ": not valid JSON: " in english.err
    assert english.err.strip().endswith("was the file truncated or edited?")


@pytest.mark.parametrize(
    ("content", "nl", "en"),
    [
        (b"[1, 2]", "geen resultatendocument van ibpaudit", "not an ibpaudit results document"),
        (b'{"schema_version": "9"}', "versie '9'; deze ibpaudit leest", "version '9'; this"),
        (b'{"a": "\xff"}', "(geen UTF-8-tekst)", "(not UTF-8 text)"),
    ],
)
def test_each_unusable_results_file_is_explained_in_both_languages(
    tmp_path: Path, content: bytes, nl: str, en: str
) -> None:
    path = tmp_path / "results.json"
    path.write_bytes(content)
    with pytest.raises(diff.ResultsFileError) as raised:
        diff.load_results(path)
    assert raised.value.in_language("nl").startswith(f"{path}: ")
    assert nl in raised.value.in_language("nl")
    assert en in raised.value.in_language("en") and en in str(raised.value)
