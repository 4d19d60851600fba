"""Odd values in configuration, organisation facts, waivers, cells and input files: one
line naming the file and place, exit 2 (4 for a command-line value), never exit 3; a run
stopped before evaluation still leaves a junit.xml naming the problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import xmlschema

from ibpaudit.errors import ExitCode
from support import PROJECT, Cli, update_config

JUNIT_XSD = PROJECT / "tests" / "schemas" / "junit-10.xsd"


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _infinite_size(board: Path) -> str:
    config = board / "ibpaudit.yaml"
    config.write_text(config.read_text() + "bewijs:\n  max_bestand_mb: .inf\n")
    return "ibpaudit.yaml:18: bewijs.max_bestand_mb: mag hoogstens 1048576 zijn"


def _sector_as_date(board: Path) -> str:
    config = board / "ibpaudit.yaml"
    config.write_text(config.read_text().replace("sector: po", "sector: 2024-01-01"))
    return "ibpaudit.yaml:5: sector: '2024-01-01' is hier niet toegestaan; mogelijk zijn: po"


def _peildatum_offset(board: Path) -> str:
    update_config(board, {"peildatum": "2026-11-23 10:00+25:00"})
    return "peildatum: '2026-11-23 10:00+25:00' heeft een ongeldige tijdzone"


def _peildatum_year_one(board: Path) -> str:
    update_config(board, {"peildatum": "0001-01-01"})
    return "peildatum: 0001-01-01 ligt buiten 1900-01-01 .. 2999-12-31"


def _waiver_in_9999(board: Path) -> str:
    waivers = board / "waivers.yaml"
    text = waivers.read_text().replace("goedgekeurd_op: 2026-10-01", "goedgekeurd_op: 9999-10-01")
    waivers.write_text(text.replace("verloopt_op: 2027-01-31", "verloopt_op: 9999-12-01"))
    return (
        "waivers.yaml:4: ontheffing voor 'PR.07-bewaartermijnen': goedgekeurd_op: 9999-10-01 + P1Y"
    )


@pytest.mark.parametrize(
    "make",
    [_infinite_size, _sector_as_date, _peildatum_offset, _peildatum_year_one, _waiver_in_9999],
    ids=lambda f: f.__name__.strip("_"),
)
def test_configuration_error_is_one_line_and_a_junit_error_case(
    cli: Cli, board: Path, tmp_path: Path, make: Callable[[Path], str]
) -> None:
    expected = make(board)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert expected in _one_line(result.err)
    junit = out / "junit.xml"
    xmlschema.XMLSchema(JUNIT_XSD).validate(junit)
    (suite,) = ElementTree.parse(junit).getroot().iter("testsuite")
    assert [suite.get(k) for k in ("tests", "errors", "failures")] == ["1", "1", "0"]
    (error,) = suite.iter("error")
    assert expected in str(error.get("message"))


def _results(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("scholen: 3", "organisatie.yaml: scholen: moet een lijst zijn; gevonden: 3"),
        ("sector: 2024-01-01", "organisatie.yaml: sector: moet tekst of leeg zijn"),
    ],
    ids=["scholen-number", "sector-date"],
)
def test_organisation_facts_of_the_wrong_type_are_an_evidence_error(
    cli: Cli, board: Path, tmp_path: Path, line: str, expected: str
) -> None:
    organisation = board / "organisatie.yaml"
    kept = organisation.read_text().replace("scholen:", "oude_scholen:")
    organisation.write_text(kept + line + "\n")
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out))
    assert result.code == ExitCode.EVIDENCE_ERROR and "Traceback" not in result.err
    assert expected in result.err
    document = _results(out)
    assert [p["source"] for p in document["problems"]] == ["organisatie.yaml"]
    assert document["board"]["schools"] == [] and document["board"]["sector"] == "po"
    assert (out / "junit.xml").is_file() and (out / "report.html").is_file()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("20-12-9999", "9999-12-20 + P30D falls outside the calendar (years 1 to 9999)"),
        ("2026-03-12 10:00+25:00", "'2026-03-12 10:00+25:00' has an invalid time-zone offset"),
    ],
    ids=["date-overflow", "offset"],
)
def test_an_odd_date_in_one_cell_is_an_error_on_that_cell(
    cli: Cli, board: Path, tmp_path: Path, cell: str, expected: str
) -> None:
    register = board / "registers" / "afgevoerde_gegevensdragers.csv"
    register.write_text(register.read_text().replace(";12-03-2026;fysiek", f";{cell};fysiek"))
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out))
    assert "Traceback" not in result.err
    control = next(c for c in _results(out)["controls"] if c["id"].startswith("DM.P03"))
    findings = [f for check in control["checks"] for f in check["findings"]]
    assert [
        (f["status"], f["location"]["path"], f["location"]["row"])
        for f in findings
        if expected in f["message"]["en"]
    ] == [("error", "registers/afgevoerde_gegevensdragers.csv", 2)]
    assert not any("crashed" in f["message"]["en"] for f in findings)


def test_as_of_outside_the_calendar_range_is_a_usage_error(cli: Cli, board: Path) -> None:
    result = cli("run", str(board), "--as-of", "0001-01-01")
    assert result.code == ExitCode.USAGE_ERROR
    assert "--as-of: 0001-01-01 ligt buiten 1900-01-01 .. 2999-12-31" in _one_line(result.err)
    english = cli("run", str(board), "--as-of", "0001-01-01", "--lang", "en")
    assert "--as-of: 0001-01-01 is outside 1900-01-01 .. 2999-12-31" in _one_line(english.err)


@pytest.fixture
def results_json(cli: Cli, board: Path, tmp_path: Path) -> Path:
    cli("run", str(board), "-o", str(tmp_path / "run"), "-f", "json")
    return tmp_path / "run" / "results.json"


def test_deeply_nested_json_to_diff_and_baseline(
    cli: Cli, board: Path, tmp_path: Path, results_json: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    expected = f"{deep}: geen resultatendocument (JSON te diep genest om te lezen)"
    diff = cli("diff", str(deep), str(results_json))
    assert diff.code == ExitCode.EVIDENCE_ERROR and expected in _one_line(diff.err)
    english = cli("diff", str(deep), str(results_json), "--lang", "en")
    assert f"{deep}: not a results document (JSON nested too deeply to read)" in english.err
    run = cli("run", str(board), "-o", str(tmp_path / "out"), "--baseline", str(deep))
    assert run.code == ExitCode.EVIDENCE_ERROR and expected in _one_line(run.err)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("evidence", 5, "evidence: 5 is not of type 'array'"),
        ("reports", [{"path": 1, "sha256": "x"}], "reports.0.path: 1 is not of type 'string'"),
        ("catalog", "x", "catalog: 'x' is not of type 'object'"),
    ],
)
def test_manifest_with_wrong_types_is_one_line(
    cli: Cli, board: Path, tmp_path: Path, key: str, value: Any, expected: str
) -> None:
    cli("run", str(board), "-o", str(tmp_path / "run"))
    manifest = tmp_path / "run" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data[key] = value
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    result = cli("verify", str(edited), str(board))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert f"{edited}: {expected}" in _one_line(result.err)
