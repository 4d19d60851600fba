"""``ibpaudit init``: a skeleton from the catalog that audits to verdicts, not errors,
whose templates the real readers read back, and that never overwrites a file."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ibpaudit import engine
from ibpaudit.builtin.readers import spreadsheet
from ibpaudit.catalog import requirements as rq
from ibpaudit.dossier.config import load_config
from ibpaudit.engine.run import open_run
from ibpaudit.model import EvidenceFile, Limits
from support import PROJECT, Cli

AS_OF = "2026-11-23"


def file_of(path: Path) -> EvidenceFile:
    data = path.read_bytes()
    return EvidenceFile(path.name, hashlib.sha256(data).hexdigest(), len(data), "")


def _results(cli: Cli, root: Path, out: Path) -> tuple[int, dict[str, Any]]:
    result = cli("run", str(root), "--output", str(out), "--format", "json", "--as-of", AS_OF)
    return result.code, json.loads((out / "results.json").read_text(encoding="utf-8"))


def _control(document: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(c for c in document["controls"] if c["id"].startswith(prefix))


@pytest.fixture(scope="module")
def reqs() -> rq.Requirements:
    return rq.derive(engine.load_catalog(open_run(None, config_optional=True).plugins, None))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "yaml"])
def test_the_untouched_skeleton_audits_to_verdicts_not_errors(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    root = tmp_path / "nieuw"
    made = cli("init", str(root), "--bestuur", "Stichting Nieuw", "--formaat", fmt)
    assert made.code == 0, made.err
    code, document = _results(cli, root, tmp_path / "out")
    assert code == 1
    assert document["problems"] == []
    assert all(not ev["problems"] for ev in document["evidence"])
    assert {c["status"] for c in document["controls"]} == {"failed"}
    for control in document["controls"]:
        findings = [f for check in control["checks"] for f in check["findings"]]
        assert findings, control["id"]  # each says what to fill in
        assert {f["status"] for f in findings} == {"failed"}, control["id"]
    assert document["board"]["name"] == "Stichting Nieuw"


def test_xlsx_templates_read_back_as_the_columns_the_controls_read(
    cli: Cli, tmp_path: Path, reqs: rq.Requirements
) -> None:
    assert cli("init", str(tmp_path)).code == 0
    wanted = reqs.register("verwerkersovereenkomsten")
    assert wanted is not None
    path = tmp_path / "registers" / "verwerkersovereenkomsten.xlsx"
    ev = spreadsheet.read(path, file_of(path), Limits())
    assert ev.columns == tuple(c.name for c in wanted.columns)
    assert ev.records == ()
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert "Ondertekend op" in headers and "Privacybijsluiter" in headers
    assert all(sheet.cell(1, i + 1).font.bold for i in range(len(headers)))
    bool_letter = openpyxl.utils.get_column_letter(headers.index("Privacybijsluiter") + 1)
    lists = [
        v
        for v in sheet.data_validations.dataValidation
        if v.type == "list" and bool_letter in str(v.sqref)
    ]
    assert lists and lists[0].formula1 == '"ja,nee"'
    date_letter = openpyxl.utils.get_column_letter(headers.index("Ondertekend op") + 1)
    assert sheet.column_dimensions[date_letter].number_format == "dd-mm-yyyy"


def test_csv_and_yaml_templates_are_excel_and_reader_friendly(cli: Cli, tmp_path: Path) -> None:
    assert cli("init", str(tmp_path / "c"), "--formaat", "csv").code == 0
    raw = (tmp_path / "c" / "registers" / "verwerkersovereenkomsten.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";Ondertekend op;" in raw
    assert cli("init", str(tmp_path / "y"), "--formaat", "yaml").code == 0
    text = (tmp_path / "y" / "registers" / "verwerkersovereenkomsten.yaml").read_text()
    assert "verwerkersovereenkomsten: []" in text


def test_it_never_overwrites_and_says_what_it_left_alone(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "registers").mkdir()
    mine = tmp_path / "registers" / "verwerkersovereenkomsten.xlsx"
    mine.write_bytes(b"mine")
    (tmp_path / "ibpaudit.yaml").write_text("versie: 1\nbestuur: Eigen\n")
    result = cli("init", str(tmp_path), "--lang", "en")
    assert result.code == 0
    assert mine.read_bytes() == b"mine"
    assert (tmp_path / "ibpaudit.yaml").read_text() == "versie: 1\nbestuur: Eigen\n"
    assert "left alone (exists): registers/verwerkersovereenkomsten.xlsx" in result.err
    assert "left alone (exists): ibpaudit.yaml" in result.err
    again = cli("init", str(tmp_path), "--lang", "en")
    assert again.code == 0 and "wrote 0 files" in again.err


def test_filling_in_one_row_and_one_policy_moves_controls_up(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "nieuw"
    assert cli("init", str(root), "--sector", "po", "--doelniveau", "3").code == 0
    _, before = _results(cli, root, tmp_path / "before")
    assert _control(before, "PV.P02")["level_reached"] == 1
    assert _control(before, "GO.02")["level_reached"] == 1

    path = root / "registers" / "verwerkersovereenkomsten.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    row = {
        "Leverancier": "Edu Systems B.V.",
        "Product": "LeerlingPlus",
        "Verwerkt persoonsgegevens": "ja",
        "Ondertekend op": date(2025, 8, 14),
        "Modelversie": "4.0",
        "Privacybijsluiter": "ja",
        "Laatst beoordeeld op": date(2026, 9, 2),
        "Opslaglocatie": "EER",
    }
    for index, cell in enumerate(sheet[1], start=1):
        if cell.value in row:
            sheet.cell(2, index, row[cell.value])
    book.save(path)
    policy = root / "beleid" / "ibp-beleid.md"
    filled = (
        policy.read_text(encoding="utf-8")
        .replace("titel:\n", "titel: IBP-beleid 2026\n")
        .replace("versie:\n", 'versie: "1.0"\n')
        .replace("eigenaar:\n", "eigenaar: bestuurder\n")
    )
    policy.write_text(filled, encoding="utf-8")

    _, after = _results(cli, root, tmp_path / "after")
    assert _control(after, "PV.P02")["level_reached"] == 2
    assert _control(after, "GO.02")["level_reached"] == 2
    assert after["problems"] == []
    assert "error" not in {c["status"] for c in after["controls"]}


def test_voorbeeld_writes_the_example_board(cli: Cli, tmp_path: Path) -> None:
    result = cli("init", str(tmp_path / "vb"), "--voorbeeld")
    assert result.code == 0
    assert (tmp_path / "vb" / "registers" / "verwerkersovereenkomsten.csv").is_file()
    code, document = _results(cli, tmp_path / "vb", tmp_path / "out")
    assert document["board"]["name"] == "Stichting Voorbeeldscholen"
    assert code in (0, 1) and document["problems"] == []


def test_a_file_in_the_way_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "x").write_text("")
    assert cli("init", str(tmp_path / "x")).code == 4


def test_the_wheel_ships_the_example_board(tmp_path: Path) -> None:
    """--voorbeeld works from a wheel install: the example board is inside the wheel."""
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("ibpaudit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "ibpaudit/_example/ibpaudit.yaml" in names
    assert "ibpaudit/_example/registers/verwerkersovereenkomsten.csv" in names
    assert "ibpaudit/cli/init.py" in names


def test_every_commented_example_in_ibpaudit_yaml_is_valid_configuration(
    cli: Cli, tmp_path: Path
) -> None:
    """Removing the # of an example line gives a key ibpaudit accepts (no stale advice)."""
    assert cli("init", str(tmp_path), "--formaat", "csv").code == 0
    config = tmp_path / "ibpaudit.yaml"
    lines = []
    for line in config.read_text(encoding="utf-8").splitlines():
        example = re.match(r"^# ( *[a-z_]+:.*|  +- .*)$", line) or re.match(r"^  # (map:.*)$", line)
        if example:
            body = re.sub(r"\s+#.*$", "", example.group(1))
            line = ("  " if line.startswith("  #") else "") + body
        lines.append(line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_config(tmp_path)
    assert loaded.ignore and loaded.registers and "sarif" in loaded.disabled_plugins
