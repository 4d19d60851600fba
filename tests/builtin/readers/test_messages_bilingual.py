"""A file a reader cannot read is an *error* finding in the officer's words: Dutch by
default, English with --lang en, and both in the results document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit.builtin.readers import csv_reader
from ibpaudit.errors import EvidenceError, ExitCode
from ibpaudit.model import EvidenceFile, Limits
from support import Cli

CORRUPT_XLSX = b"PK\x03\x04 this is no spreadsheet"


def _error_findings(results: Path, control: str) -> list[dict[str, str]]:
    document = json.loads(results.read_text(encoding="utf-8"))
    (found,) = [c for c in document["controls"] if c["id"] == control]
    assert found["status"] == "error"
    return [
        finding["message"]
        for check in found["checks"]
        for finding in check["findings"]
        if finding["status"] == "error"
    ]


def test_a_corrupt_xlsx_is_an_error_finding_in_dutch_and_in_english(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    (board / "registers" / "leermiddelen.csv").unlink()
    (board / "registers" / "leermiddelen.xlsx").write_bytes(CORRUPT_XLSX)

    dutch = cli("run", str(board), "-o", str(tmp_path / "nl"), "-f", "json")
    assert dutch.code == ExitCode.EVIDENCE_ERROR
    assert "registers/leermiddelen.xlsx: is beschadigd of onvolledig" in dutch.out + dutch.err
    assert "is corrupt or truncated" not in dutch.out + dutch.err

    english = cli("run", str(board), "-o", str(tmp_path / "en"), "-f", "json", "--lang", "en")
    assert "registers/leermiddelen.xlsx: is corrupt or truncated" in english.out + english.err
    assert "beschadigd" not in english.out + english.err

    messages = _error_findings(tmp_path / "nl" / "results.json", "PV.P08-eck-id")
    assert messages, "the unreadable register is named in the control's findings"
    for message in messages:
        assert message["nl"].startswith("registers/leermiddelen.xlsx: is beschadigd")
        assert message["en"].startswith("registers/leermiddelen.xlsx: is corrupt or truncated")
        assert "opnieuw op" in message["nl"] and "save it again" in message["en"]


def test_a_reader_error_carries_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"naam;datum\x00\r\n")
    file = EvidenceFile("registers/register.csv", "0" * 64, path.stat().st_size, "")
    with pytest.raises(EvidenceError) as raised:
        csv_reader.read(path, file, Limits())
    message = raised.value.as_text()
    assert message.nl.startswith("registers/register.csv: bevat NUL-bytes")
    assert message.en.startswith("registers/register.csv: contains NUL bytes")
    assert str(raised.value) == message.en  # str() stays English, for logs and plugin authors
