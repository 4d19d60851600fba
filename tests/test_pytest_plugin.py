"""``pytest --ibpaudit PATH``: real inner pytest sessions on copies of the example board,
compared with ``ibpaudit run`` on the same dossier."""

from __future__ import annotations

import json
import shutil
import sys
import xml.etree.ElementTree as ET
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from support import EXAMPLE_BOARD, PROJECT

pytest_plugins = ["pytester"]

XSD = PROJECT / "tests" / "schemas" / "junit-10.xsd"


@pytest.fixture
def repo(pytester: pytest.Pytester) -> Path:
    """A repository with a pytest configuration and a copy of the example board in board/."""
    pytester.makeini("[pytest]\n")
    shutil.copytree(EXAMPLE_BOARD, pytester.path / "board")
    return pytester.path / "board"


def _ibpaudit_run(
    pytester: pytest.Pytester, board: Path, output: Path, *args: str
) -> dict[str, Any]:
    """``ibpaudit run`` in a subprocess: pytester drops the modules a test imported when it
    ends, and an in-process run here would leave half-imported copies behind."""
    result = pytester.run(
        sys.executable, "-m", "ibpaudit", "run", str(board), "-o", str(output), "-f", "json", *args
    )
    assert (output / "results.json").is_file(), result.stderr.str()
    document: dict[str, Any] = json.loads((output / "results.json").read_text(encoding="utf-8"))
    return document


def _outcomes(document: dict[str, Any], problems_item: bool = False) -> dict[str, int]:
    """pytest's counts for ibpaudit's: waived is skipped, error is error."""
    s = document["summary"]
    return {
        "passed": s["passed"],
        "failed": s["failed"],
        "errors": s["error"] + (1 if problems_item else 0),
        "skipped": s["skipped"] + s["waived"],
    }


def _leave_the_dossier(board: Path) -> None:
    """Make one register a symbolic link out of the dossier: refused, so its controls
    become *error* and the run has a problem (exit 2)."""
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    outside = board.parent / "elders.csv"
    outside.write_text("leverancier;product\nX;Y\n", encoding="utf-8")
    register.unlink()
    register.symlink_to(outside)


def _selected(result: pytest.RunResult) -> set[str]:
    return {line.split("::", 1)[1] for line in result.outlines if line.startswith("board::")}


def _validate_without_testcase_properties(tree: ET.ElementTree[ET.Element]) -> None:
    """pytest writes an item's properties inside its <testcase>, as for record_property;
    CI servers read them, but the strict xunit2 schema has no place for them. All else
    must be valid."""
    copy = ET.fromstring(ET.tostring(tree.getroot()))
    for case in copy.iter("testcase"):
        for properties in case.findall("properties"):
            case.remove(properties)
    xmlschema.XMLSchema(XSD).validate(copy)


def test_the_entry_point_registers_the_plugin() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert found.get("ibpaudit") == "ibpaudit.pytest_plugin"


def test_counts_and_junitxml_match_ibpaudit_run(
    pytester: pytest.Pytester, repo: Path, tmp_path: Path
) -> None:
    document = _ibpaudit_run(pytester, repo, tmp_path / "cli")
    assert document["summary"]["failed"] and document["summary"]["waived"]
    xml_path = tmp_path / "pytest.xml"
    result = pytester.runpytest_subprocess("--ibpaudit", "board", f"--junitxml={xml_path}")
    result.assert_outcomes(**_outcomes(document))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    # ibpaudit's own summary line closes the run, for a reader to compare.
    assert any(line.startswith("ibpaudit: Stichting") for line in result.outlines)

    tree = ET.parse(xml_path)
    cases = {case.get("name"): case for case in tree.iter("testcase")}
    assert set(cases) == {c["id"] for c in document["controls"]}
    _validate_without_testcase_properties(tree)
    for control in document["controls"]:
        case = cases[control["id"]]
        assert case.get("classname") == "board"
        properties = {p.get("name"): p.get("value") for p in case.iter("property")}
        for key in ("norm", "domain", "severity", "status"):
            assert properties[key] == control[key], (control["id"], key)
        outcome = {child.tag for child in case} - {"properties", "system-out", "system-err"}
        expected = {"passed": set(), "failed": {"failure"}, "skipped": {"skipped"}}
        assert outcome == expected.get(control["status"], {"skipped"}), control["id"]
    waived = next(c for c in document["controls"] if c["status"] == "waived")
    skipped = cases[waived["id"]].find("skipped")
    assert skipped is not None
    message = skipped.get("message", "")
    assert waived["waiver"]["approved_by"] in message
    assert waived["waiver"]["expires"] in message


def test_error_controls_are_errors_and_problems_one_more(
    pytester: pytest.Pytester, repo: Path, tmp_path: Path
) -> None:
    _leave_the_dossier(repo)
    document = _ibpaudit_run(pytester, repo, tmp_path / "cli")
    assert document["summary"]["error"] and document["problems"]
    xml_path = tmp_path / "pytest.xml"
    result = pytester.runpytest_subprocess("--ibpaudit", "board", f"--junitxml={xml_path}")
    result.assert_outcomes(**_outcomes(document, problems_item=True))
    errors = {c["id"] for c in document["controls"] if c["status"] == "error"}
    for control_id in [*errors, "problems"]:
        result.stdout.fnmatch_lines([f"ERROR board::{control_id} - *"])
    result.stdout.fnmatch_lines(["*symbolische link*wijst buiten het dossier*"])  # Dutch default
    assert "Traceback" not in result.stdout.str()
    # As in ibpaudit's own JUnit report: an *error* control is an <error>.
    cases = {case.get("name"): case for case in ET.parse(xml_path).iter("testcase")}
    assert {name for name, case in cases.items() if case.find("error") is not None} == {
        *errors,
        "problems",
    }


def test_failure_text_names_the_evidence_and_shows_no_traceback(
    pytester: pytest.Pytester, repo: Path
) -> None:
    result = pytester.runpytest_subprocess("--ibpaudit", "board", "--ibpaudit-lang", "en")
    out = result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*_ GB.02-datalekken _*",
            "level 2 reached, target is 3",
            "*registers/datalekken.yaml, line 3: DL-2026-001:*",
        ]
    )
    assert "registers/verwerkersovereenkomsten.csv, row 5" in out
    assert "Traceback" not in out and "pytest_plugin.py" not in out


def test_k_and_m_select_controls(pytester: pytest.Pytester, repo: Path, tmp_path: Path) -> None:
    controls = _ibpaudit_run(pytester, repo, tmp_path / "cli")["controls"]
    # -k matches substrings of the name and of the keywords domain, norm and severity.
    by_keyword = {
        c["id"]
        for c in controls
        if any("gb" in str(c[key]).lower() for key in ("id", "domain", "norm", "severity"))
    }
    result = pytester.runpytest_subprocess(
        "--ibpaudit", "board", "-k", "GB", "--collect-only", "-q"
    )
    assert _selected(result) == by_keyword
    assert "GB.02-datalekken" in by_keyword and len(by_keyword) < len(controls)

    critical = {c["id"] for c in controls if c["severity"] == "critical"}
    result = pytester.runpytest_subprocess(
        "--ibpaudit", "board", "-m", "ibpaudit(severity='critical')", "--strict-markers"
    )
    result.assert_outcomes(
        passed=sum(1 for c in controls if c["id"] in critical and c["status"] == "passed"),
        failed=sum(1 for c in controls if c["id"] in critical and c["status"] == "failed"),
        skipped=sum(
            1 for c in controls if c["id"] in critical and c["status"] in ("skipped", "waived")
        ),
        deselected=len(controls) - len(critical),
    )


def test_without_the_option_the_plugin_collects_and_imports_nothing(
    pytester: pytest.Pytester, repo: Path
) -> None:
    pytester.makepyfile(
        test_own="""
import sys

def test_loaded_but_idle():
    assert "ibpaudit.pytest_plugin" in sys.modules
    engine = ("ibpaudit.engine", "ibpaudit.dossier", "ibpaudit.dossier.config",
              "ibpaudit.engine.run")
    assert [name for name in engine if name in sys.modules] == []
"""
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=1)
    assert not any("board" in line for line in result.outlines)
    help_text = pytester.runpytest_subprocess("--help").stdout.str()
    assert "--ibpaudit=PATH" in help_text and "--ibpaudit-report-dir" in help_text


def test_where_the_option_is_given_decides_what_else_is_collected(
    pytester: pytest.Pytester, repo: Path
) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert True\n")
    pytester.makeini("[pytest]\ntestpaths = test_own.py\n")
    own, control = "test_own.py::test_own", "board::GB.02-datalekken"
    # On the command line, alone: like a path argument, it replaces testpaths.
    alone = pytester.runpytest_subprocess("--ibpaudit", "board", "--collect-only", "-q")
    assert control in alone.outlines and own not in alone.outlines
    # Beside a path argument: both.
    beside = pytester.runpytest_subprocess(
        "test_own.py", "--ibpaudit", "board", "--collect-only", "-q"
    )
    assert control in beside.outlines and own in beside.outlines
    # In the configuration: the dossier joins every run, testpaths included.
    pytester.makeini("[pytest]\ntestpaths = test_own.py\naddopts = --ibpaudit=board\n")
    configured = pytester.runpytest_subprocess("--collect-only", "-q")
    assert control in configured.outlines and own in configured.outlines


def test_overrides_reach_the_audit_and_reports_are_written(
    pytester: pytest.Pytester, repo: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    result = pytester.runpytest_subprocess(
        "--ibpaudit",
        "board",
        "--ibpaudit-as-of",
        "2026-01-01",
        "--ibpaudit-target-level",
        "2",
        "--ibpaudit-lang",
        "en",
        "--ibpaudit-report-dir",
        str(reports),
    )
    written: dict[str, Any] = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert written["run"]["as_of"] == "2026-01-01"
    assert written["run"]["lang"] == "en" and written["run"]["target_level"] == 2
    assert written["run"]["command"][0] == "pytest"
    assert (reports / "junit.xml").is_file()
    result.assert_outcomes(**_outcomes(written))
    document = _ibpaudit_run(
        pytester, repo, tmp_path / "cli", "--as-of", "2026-01-01", "--target-level", "2"
    )
    assert {c["id"]: c["status"] for c in document["controls"]} == {
        c["id"]: c["status"] for c in written["controls"]
    }


def test_a_malformed_ibpaudit_yaml_is_a_collection_error_naming_the_file(
    pytester: pytest.Pytester, repo: Path
) -> None:
    config = repo / "ibpaudit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "doelniveau: 9\n", encoding="utf-8")
    result = pytester.runpytest_subprocess("--ibpaudit", "board")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["ibpaudit: ibpaudit.yaml:*doelniveau*staat twee keer*"])
    assert "Traceback" not in result.stdout.str()
    english = pytester.runpytest_subprocess("--ibpaudit", "board", "--ibpaudit-lang", "en")
    english.stdout.fnmatch_lines(["ibpaudit: ibpaudit.yaml:*doelniveau*appears twice*"])


def test_a_missing_dossier_is_a_usage_error(pytester: pytest.Pytester, repo: Path) -> None:
    result = pytester.runpytest_subprocess("--ibpaudit", "nowhere")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: --ibpaudit nowhere: *nowhere/ibpaudit.yaml niet gevonden*"]
    )
    english = pytester.runpytest_subprocess("--ibpaudit", "nowhere", "--ibpaudit-lang", "en")
    english.stderr.fnmatch_lines(["ERROR: --ibpaudit nowhere: *nowhere/ibpaudit.yaml not found*"])
    bad_date = pytester.runpytest_subprocess("--ibpaudit", "board", "--ibpaudit-as-of", "1-2-26")
    assert bad_date.ret == pytest.ExitCode.USAGE_ERROR
    bad_date.stderr.fnmatch_lines(
        [
            "*'1-2-26' is geen datum; schrijf JJJJ-MM-DD*",
            "*'1-2-26' is not a date; write it as YYYY-MM-DD*",
        ]
    )


COUNTER = """
import os
from ibpaudit import hookimpl


@hookimpl
def ibpaudit_check_types():
    # Asked once per audit: one line per audit in the log the test reads.
    with open(os.environ["IBPAUDIT_TEST_AUDITS"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\\n")
    return []
"""


def _enlarge(board: Path, rows: int) -> None:
    """Make the processor register large enough that an audit takes seconds: every row
    misses its privacy statement, so the audit has findings to write, too."""
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    lines = register.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines += [
        f"Leverancier {i} B.V.;{10_000_000 + i};Product {i};ja;ja;4.0;14-08-2025;;nee;EER;"
        "02-09-2026"
        for i in range(rows)
    ]
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_xdist_audits_once_and_writes_one_consistent_report_set(
    pytester: pytest.Pytester, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pytest -n 2 --ibpaudit-report-dir``: every worker used to audit and write the
    same reports through one temporary name; collection failed and no result came."""
    _enlarge(repo, 20_000)
    (repo / "plugins").mkdir()
    (repo / "plugins" / "count_audits.py").write_text(COUNTER, encoding="utf-8")
    audits = tmp_path / "audits.log"
    monkeypatch.setenv("IBPAUDIT_TEST_AUDITS", str(audits))
    document = _ibpaudit_run(pytester, repo, tmp_path / "cli")
    audits.unlink()

    reports = pytester.path / "rapporten"
    result = pytester.runpytest_subprocess(
        "-p", "xdist", "-n", "2", "--ibpaudit", "board", "--ibpaudit-report-dir", "rapporten"
    )

    result.assert_outcomes(**_outcomes(document))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert len(audits.read_text(encoding="utf-8").split()) == 1  # one audit, not three
    written = sorted(p.name for p in reports.iterdir())
    assert written == [".ibpaudit.lock", "junit.xml", "report.html", "results.json"]
    from_pytest = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert from_pytest["summary"] == document["summary"]
    junit = ET.parse(reports / "junit.xml").getroot()
    assert int(junit.get("tests") or 0) == len(document["controls"])
