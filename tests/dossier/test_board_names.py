"""A board's own names: ``bewijs.kolommen`` maps the columns controls read to the board's
headers, and a register or policy file that no control reads gets one warning saying what
it may be and how to tell ibpaudit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ibpaudit.errors import ExitCode
from ibpaudit.schemas import load_schema
from support import Cli, update_config

REGISTER = "registers/verwerkersovereenkomsten.csv"


def _results(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, load_schema("results"))
    return document


def _own_headers(board: Path) -> None:
    path = board / REGISTER
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    header = header.replace("Ondertekend op", "Datum ondertekening").replace(
        ";Product;", ";Applicatie;"
    )
    path.write_text(header + "\n" + rest, encoding="utf-8")


def _statuses(document: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in document["controls"]}


def test_own_headers_audit_as_the_catalog_names_once_mapped(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    cli("run", str(board), "-o", str(tmp_path / "as-is"), "-q", "-f", "json")
    expected = _statuses(_results(tmp_path / "as-is"))
    _own_headers(board)
    cli("run", str(board), "-o", str(tmp_path / "unmapped"), "-q", "-f", "json")
    unmapped = _statuses(_results(tmp_path / "unmapped"))
    assert (
        unmapped["PV.P02-verwerkersovereenkomsten"] != expected["PV.P02-verwerkersovereenkomsten"]
    )

    mapping = {"ondertekend_op": "Datum ondertekening", "product": "Applicatie"}
    update_config(board, {"bewijs": {"kolommen": {"verwerkersovereenkomsten": mapping}}})
    result = cli("run", str(board), "-o", str(tmp_path / "mapped"), "-f", "json")
    document = _results(tmp_path / "mapped")
    assert _statuses(document) == expected
    messages = [
        f["message"]["nl"]
        for c in document["controls"]
        if c["id"].startswith("PV.P02")
        for check in c["checks"]
        for f in check["findings"]
    ]
    assert any("'Datum ondertekening'" in m for m in messages)
    assert not any("'ondertekend_op'" in m for m in messages)
    assert "'Datum ondertekening'" in result.err


def test_the_english_key_and_a_header_the_file_lacks(cli: Cli, board: Path, tmp_path: Path) -> None:
    register = board / REGISTER
    register.write_text(
        register.read_text(encoding="utf-8").replace(";Product;", ";Toepassing;", 1),
        encoding="utf-8",
    )
    path = board / "ibpaudit.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["evidence"] = {"columns": {"verwerkersovereenkomsten": {"product": "Applicatie"}}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cli("run", str(board), "-o", str(tmp_path / "out"), "-q", "-f", "json")
    document = _results(tmp_path / "out")
    errors = [
        f["message"]["en"]
        for c in document["controls"]
        for check in c["checks"]
        for f in check["findings"]
        if f.get("location", {}).get("path") == REGISTER and f["status"] == "error"
    ]
    assert errors and all("'Applicatie'" in e for e in errors)  # the header it asked for


def test_files_no_control_reads_get_one_warning_each(cli: Cli, board: Path, tmp_path: Path) -> None:
    (board / REGISTER).rename(board / "registers" / "Register verwerkersovereenkomsten 2026.csv")
    (board / "beleid" / "losse-notitie.md").write_text(
        "---\ntitel: iets\n---\n# Notitie\n", encoding="utf-8"
    )
    (board / "beleid" / "privacy-beleid.docx.meta.yaml").write_text(
        "type: privacybeleidd\n", encoding="utf-8"
    )
    result = cli("run", str(board), "-o", str(tmp_path / "out"), "--lang", "en", "-f", "json")
    assert result.code == ExitCode.FAILED
    unread = {u["path"]: u for u in _results(tmp_path / "out")["run"]["unread_files"]}
    register = unread["registers/Register verwerkersovereenkomsten 2026.csv"]
    assert (register["kind"], register["suggestion"]) == ("register", "verwerkersovereenkomsten")
    assert "bewijs.registers" in register["message"]["en"]
    note = unread["beleid/losse-notitie.md"]
    assert (note["kind"], note["suggestion"]) == ("document", None)
    assert "has no 'type'" in note["message"]["en"]
    warnings = [line for line in result.err.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(unread)

    renamed = "registers/Register verwerkersovereenkomsten 2026.csv"
    update_config(board, {"bewijs": {"registers": {"verwerkersovereenkomsten": renamed}}})
    cli("run", str(board), "-o", str(tmp_path / "again"), "-q", "-f", "json")
    again = _results(tmp_path / "again")
    assert [u["path"] for u in again["run"]["unread_files"]] == ["beleid/losse-notitie.md"]


def test_the_example_board_reads_every_file(cli: Cli, board: Path, tmp_path: Path) -> None:
    cli("run", str(board), "-o", str(tmp_path / "out"), "-q", "-f", "json")
    assert _results(tmp_path / "out")["run"]["unread_files"] == []


def test_a_partial_run_warns_of_nothing(cli: Cli, board: Path, tmp_path: Path) -> None:
    cli("run", str(board), "-o", str(tmp_path / "out"), "-q", "-f", "json", "--only", "GB.02")
    assert _results(tmp_path / "out")["run"]["unread_files"] == []
