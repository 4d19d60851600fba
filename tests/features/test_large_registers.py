"""A register whose every row fails: results.json keeps every finding, the reports
people read show the first of each check and say exactly how many more there are."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from trestle.oscal.assessment_results import AssessmentResults

from ibpaudit.builtin.reporters.oscal import FILENAME as OSCAL
from ibpaudit.builtin.reporters.oscal import ids
from ibpaudit.reporting import MESSAGE_CHARS, SHOWN_FINDINGS
from support import Cli

ROWS = 250
CONTROL_ID = "PV.P02-verwerkersovereenkomsten"
HEADER = (
    "leverancier;product;verwerkt_persoonsgegevens;modelversie;ondertekend_op;einddatum;"
    "privacybijsluiter;laatst_beoordeeld_op;opslaglocatie"
)
LONG = "L" * (MESSAGE_CHARS + 300)  # a product name longer than a shown message


def _board(board: Path) -> None:
    rows = [
        f"Leverancier {i} B.V.;Product {i};ja;2.0;01-02-2025;;ja;01-01-2020;EER"
        for i in range(ROWS)
    ]
    rows[0] = rows[0].replace("Product 0", LONG)
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    register.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")


def _control(document: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in document["controls"] if c["id"] == CONTROL_ID)


def _model_check(document: dict[str, Any]) -> dict[str, Any]:
    return next(
        k for k in _control(document)["checks"] if k["level"] == 3 and k["check"] == "register"
    )


def test_every_finding_in_json_folded_with_exact_counts_elsewhere(
    board: Path, tmp_path: Path, cli: Cli
) -> None:
    _board(board)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "-q", "-f", "json,html,junit,oscal")
    assert result.code == 1, result.err
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    findings = _model_check(document)["findings"]
    assert len(findings) == ROWS  # every finding stays available
    assert LONG in findings[0]["message"]["nl"]
    left_out = ROWS - SHOWN_FINDINGS

    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"en {left_out} andere (alle bevindingen staan in results.json)" in page
    assert "Product 99:" in page and f"Product {SHOWN_FINDINGS}:" not in page
    assert LONG not in page and "L… (+" in page

    suite = ET.parse(out / "junit.xml").getroot()
    case = next(
        c for c in suite.iter("testcase") if c.get("name", "").startswith("PV.P02-verwerkers")
    )
    out_text = case.findtext("system-out") or ""
    assert f"en {left_out} andere (alle bevindingen staan in results.json)" in out_text
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    # The failure lists every failed finding of the control, folded as a whole.
    failed = sum(
        1
        for k in next(
            c for c in document["controls"] if c["id"] == "PV.P02-verwerkersovereenkomsten"
        )["checks"]
        for f in k["findings"]
        if f["status"] == "failed"
    )
    assert f"en {failed - SHOWN_FINDINGS} andere" in failure.text
    assert LONG not in out_text and LONG not in failure.text

    # OSCAL: the control's finding lists the first of each check and says how many more;
    # its observation cites only the rows it lists; compliance-trestle reads the file.
    assert AssessmentResults.oscal_read(out / OSCAL) is not None
    result_ = json.loads((out / OSCAL).read_text(encoding="utf-8"))["assessment-results"]
    oscal_text = json.dumps(result_, ensure_ascii=False)
    assert LONG not in oscal_text and "L… (+" in oscal_text
    (run,) = result_["results"]
    finding = next(f for f in run["findings"] if f["target"]["target-id"] == ids.token(CONTROL_ID))
    assert (
        f"en {left_out} andere (alle bevindingen staan in results.json)" in (finding["description"])
    )
    observations = {o["uuid"]: o for o in run["observations"]}
    rows = [
        e
        for rel in finding["related-observations"]
        for e in observations[rel["observation-uuid"]]["relevant-evidence"]
        if any(p["name"] == "row" for p in e.get("props", ()))
    ]
    checks = _control(document)["checks"]
    assert 0 < len(rows) <= SHOWN_FINDINGS * len(checks)


def test_english_reports_fold_in_english(board: Path, tmp_path: Path, cli: Cli) -> None:
    _board(board)
    out = tmp_path / "out"
    cli("run", str(board), "-o", str(out), "-q", "-f", "html,junit", "--lang", "en")
    left_out = ROWS - SHOWN_FINDINGS
    sentence = f"and {left_out} more (every finding is in results.json)"
    assert sentence in (out / "report.html").read_text(encoding="utf-8")
    assert sentence in (out / "junit.xml").read_text(encoding="utf-8")


# -- thousands of failing rows that name people ------------------------------------------

MANY = 5_000
FIRST = ("Jorinde", "Wietske", "Sjoerdje", "Marrit", "Ytsje", "Baukje", "Hiltsje", "Tjitske")


def _person(i: int) -> str:
    """A distinct invented name per row: eight first names, 676 family names."""
    family = "Zwanekamp" + chr(97 + i // 26 % 26) + chr(97 + i % 26)
    return f"{FIRST[i // 676 % len(FIRST)]} {family}"


def _board_with_people(board: Path) -> None:
    """Every row fails (model version 2.0, never reviewed) and its product names the
    contact person the register marks as personal (``contactpersoon``); every tenth
    also gives an e-mail address."""
    rows = []
    for i in range(MANY):
        person = _person(i)
        product = f"Portaal {person}"
        if i % 10 == 0:
            product += f" ({person.split()[0].lower()}.{i}@voorbeeld.nl)"
        rows.append(
            f"Leverancier {i % 97} B.V.;{product};ja;2.0;01-02-2025;;ja;01-01-2020;EER;{person}"
        )
    register = board / "registers" / "verwerkersovereenkomsten.csv"
    header = HEADER + ";contactpersoon"
    register.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_thousands_of_findings_all_kept_redacted_and_folded_with_exact_counts(
    board: Path, tmp_path: Path, cli: Cli
) -> None:
    _board_with_people(board)
    out = tmp_path / "out"
    formats = "json,html,junit,markdown,sarif,oscal"
    result = cli("run", str(board), "-o", str(out), "-q", "-f", formats)
    assert result.code == 1, result.err
    raw = (out / "results.json").read_text(encoding="utf-8")
    document = json.loads(raw)
    check = _model_check(document)
    assert len(check["findings"]) == MANY  # every finding stays in results.json
    assert all(f["location"]["row"] == i + 2 for i, f in enumerate(check["findings"]))
    assert check["findings"][1]["message"]["nl"].startswith(
        "Leverancier 1 B.V. / Portaal [persoonsgegeven verborgen]: niet voldaan aan:"
    )
    assert "[e-mail verborgen]" in check["findings"][0]["message"]["nl"]
    assert "[e-mail redacted]" in check["findings"][0]["message"]["en"]
    assert document["run"]["personal_data"] == "redacted"
    assert document["run"]["redactions"] >= 2 * MANY

    # No contact person and no address reaches any report.
    reports = ("results.json", "report.html", "junit.xml", "summary.md", "results.sarif", OSCAL)
    for name in reports:
        shown = (out / name).read_text(encoding="utf-8").lower()
        assert "zwanekamp" not in shown and "@voorbeeld.nl" not in shown, name
        assert not any(first.lower() in shown for first in FIRST), name

    left_out = f"{MANY - SHOWN_FINDINGS:,}".replace(",", ".")
    folded = f"en {left_out} andere (alle bevindingen staan in results.json)"
    assert folded in (out / "report.html").read_text(encoding="utf-8")
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert folded in junit
    control = next(c for c in document["controls"] if c["id"] == "PV.P02-verwerkersovereenkomsten")
    open_findings = [f for k in control["checks"] for f in k["findings"] if f["status"] != "passed"]
    failed = sum(1 for f in open_findings if f["status"] == "failed")
    assert f"en {failed - SHOWN_FINDINGS:,} andere".replace(",", ".") in junit
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert f"+{len(open_findings) - 1} meer" in summary
    assert folded in (out / OSCAL).read_text(encoding="utf-8")
