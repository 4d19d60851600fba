"""SARIF 2.1.0 for GitHub code scanning: valid against the schema GitHub's upload checks
with (codeql-action's ``sarif-schema-2.1.0.json``, vendored in ``tests/schemas/``) and
within its upload limits, one rule per control, one result per finding on the evidence
file and line, fingerprints that survive re-runs and edits elsewhere, waivers as
dismissed alerts."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.protocols import Validator

from builtin.reporters.reporters_support import (
    ERROR_CONTROL,
    HOSTILE_BOARD,
    HOSTILE_PRODUCT,
    PROJECT,
    SKIPPED_CONTROL,
    control,
    results_schema,
    strip_optional,
)
from ibpaudit import inert
from ibpaudit.builtin.reporters.sarif import log as sarif
from ibpaudit.model import Finding, Lang, Location, ReportOptions, Status, Text
from ibpaudit.model.findings import FindingList
from office import write_xlsx
from support import EXAMPLE_BOARD, Cli

SCHEMA = PROJECT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
WAIVED_CONTROL = "PR.07-bewaartermijnen"
DPA_CONTROL = "PV.P02-verwerkersovereenkomsten"
DPA_REGISTER = "registers/verwerkersovereenkomsten"
KEY = sarif.FINGERPRINT_KEY


# GitHub's copy of the schema (github/codeql-action, src/sarif-schema-2.1.0.json), the one
# its SARIF upload validates against; see tests/schemas/README.md.
SCHEMA_SHA256 = "46d4203e43b978a433943881354db1e40e81437d4b46c00f05016110c6b14693"


@pytest.fixture(scope="module")
def validator() -> Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Not Draft202012Validator.check_schema: GitHub's copy fails its own meta-schema (an
    # "anyOf" sits inside region.properties, so it names a property, not a rule). It is
    # used as it is, the way GitHub's upload uses it.
    return Draft202012Validator(schema, format_checker=FormatChecker())


def render(document: dict[str, Any], lang: Lang = "nl") -> dict[str, Any]:
    out: dict[str, Any] = json.loads(sarif.render(document, ReportOptions(lang=lang)))
    return out


def errors(validator: Validator, instance: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def results(log: dict[str, Any], rule_id: str | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return [r for r in found if rule_id is None or r["ruleId"] == rule_id]


def where(result: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = result["locations"][0]["physicalLocation"]
    return physical


def audit(cli: Cli, root: str, output: Path, *extra: str) -> dict[str, Any]:
    """``ibpaudit run`` through the CLI; the SARIF file it wrote."""
    code = cli("run", root, "-o", str(output), "-q", "--format", "json,sarif", *extra).code
    assert code in (1, 2)
    log: dict[str, Any] = json.loads((output / "results.sarif").read_text(encoding="utf-8"))
    return log


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a copy of the example board as ``board/``: the
    repository root that relative SARIF paths start from."""
    shutil.copytree(EXAMPLE_BOARD, tmp_path / "board")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def dpa_result(log: dict[str, Any]) -> dict[str, Any]:
    """The example board's failing processor agreement (OuderApp)."""
    (found,) = results(log, DPA_CONTROL)
    return found


# -- schema and CLI ----------------------------------------------------------------------


def test_vendored_schema_is_githubs_copy_of_the_sarif_2_1_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))

    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    suppression = schema["definitions"]["suppression"]
    assert suppression["properties"]["status"]["enum"] == ["accepted", "underReview", "rejected"]
    assert suppression["additionalProperties"] is False


def test_a_waived_finding_as_old_versions_wrote_it_is_refused(
    example: dict[str, Any], validator: Validator
) -> None:
    """The schema is strict where GitHub is: ``state`` (an old draft's name) is refused."""
    log = render(example)
    (result,) = results(log, WAIVED_CONTROL)
    assert errors(validator, log) == []
    suppression = result["suppressions"][0]
    suppression["state"] = suppression.pop("status")

    assert errors(validator, log) != []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_output_validates_against_the_sarif_schema(
    document: dict[str, Any], lang: Lang, validator: Validator
) -> None:
    log = render(document, lang)

    assert errors(validator, log) == []
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"


def test_leanest_document_still_renders_valid_sarif(
    document: dict[str, Any], validator: Validator
) -> None:
    schema = results_schema()
    strip_optional(document, schema, schema)

    assert errors(validator, render(document)) == []


def test_cli_writes_results_sarif_beside_the_other_formats(
    cli: Cli, workdir: Path, validator: Validator
) -> None:
    out = workdir / "reports"
    code = cli("run", "board", "-o", str(out), "-q", "--format", "junit,html,json,sarif").code

    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        ".ibpaudit.lock",  # runs into one folder take turns
        "junit.xml",
        "manifest.json",
        "report.html",
        "results.json",
        "results.sarif",
    ]
    assert errors(validator, json.loads((out / "results.sarif").read_bytes())) == []


# -- rules -------------------------------------------------------------------------------


def test_one_rule_per_control_with_level_and_security_severity(example: dict[str, Any]) -> None:
    driver = render(example)["runs"][0]["tool"]["driver"]
    expected = {"critical": "9.5", "high": "8.0", "medium": "5.0", "low": "3.0"}
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}

    assert driver["name"] == "ibpaudit"
    assert driver["version"] == example["tool"]["version"]
    assert [r["id"] for r in driver["rules"]] == [c["id"] for c in example["controls"]]
    for rule, ctrl in zip(driver["rules"], example["controls"], strict=True):
        assert rule["defaultConfiguration"]["level"] == levels[ctrl["severity"]]
        assert rule["properties"]["security-severity"] == expected[ctrl["severity"]]
        assert rule["properties"]["tags"][:2] == [ctrl["norm"], ctrl["domain"]]
        assert set(ctrl["tags"]) <= set(rule["properties"]["tags"])
        assert rule["shortDescription"]["text"] == ctrl["title"]["nl"]
        assert f"Norm: {ctrl['norm']}" in rule["help"]["text"]
        assert f"Doelniveau: {ctrl['target_level']}" in rule["help"]["text"]
    assert {c["severity"] for c in example["controls"]} >= {"critical", "high", "medium"}


def test_result_rule_index_points_at_its_rule(example: dict[str, Any]) -> None:
    log = render(example)
    rules = log["runs"][0]["tool"]["driver"]["rules"]

    assert results(log)
    for result in results(log):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == rules[result["ruleIndex"]]["defaultConfiguration"]["level"]


def test_passed_and_skipped_controls_give_no_results(troubled: dict[str, Any]) -> None:
    log = render(troubled)
    flagged = {r["ruleId"] for r in results(log)}
    not_passing = {c["id"] for c in troubled["controls"] if c["status"] in ("failed", "error")}

    assert control(troubled, SKIPPED_CONTROL)["status"] == "skipped"
    assert SKIPPED_CONTROL not in flagged
    assert flagged == not_passing | {WAIVED_CONTROL}


# -- locations ---------------------------------------------------------------------------


def test_failing_csv_row_points_at_its_file_and_line(cli: Cli, workdir: Path) -> None:
    result = dpa_result(audit(cli, "board", workdir / "out"))

    assert where(result) == {
        "artifactLocation": {"uri": f"board/{DPA_REGISTER}.csv", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 5},
    }
    assert "OuderApp" in result["message"]["text"]
    assert result["properties"]["controlStatus"] == "failed"
    assert result["properties"]["norm"] == "PV.P02"
    assert result["properties"]["evidencePath"] == f"{DPA_REGISTER}.csv"


def test_dot_slash_in_the_root_is_normalised_away(cli: Cli, workdir: Path) -> None:
    result = dpa_result(audit(cli, "./board/", workdir / "out"))

    assert where(result)["artifactLocation"]["uri"] == f"board/{DPA_REGISTER}.csv"


def _csv_to_xlsx(register: Path) -> Path:
    """The register as Excel keeps it: dd-mm-jjjj typed in becomes a date cell."""
    with register.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))

    def cell(value: str) -> object:
        match = re.fullmatch(r"(\d{2})-(\d{2})-(\d{4})", value)
        return date(int(match[3]), int(match[2]), int(match[1])) if match else value

    target = write_xlsx(
        register.with_suffix(".xlsx"),
        {"Verwerkersovereenkomsten": [rows[0], *([cell(v) for v in row] for row in rows[1:])]},
    )
    register.unlink()
    return target


def test_finding_in_an_xlsx_points_at_the_whole_file(cli: Cli, workdir: Path) -> None:
    _csv_to_xlsx(workdir / "board" / f"{DPA_REGISTER}.csv")
    first = dpa_result(audit(cli, "board", workdir / "out1"))
    again = dpa_result(audit(cli, "board", workdir / "out2"))

    assert where(first) == {
        "artifactLocation": {"uri": f"board/{DPA_REGISTER}.xlsx", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    text = first["message"]["text"]
    assert f"{DPA_REGISTER}.xlsx, blad 'Verwerkersovereenkomsten', rij 5" in text
    assert first["properties"]["sheet"] == "Verwerkersovereenkomsten"
    assert first["properties"]["row"] == 5
    assert re.fullmatch(r"[0-9a-f]{64}", first["partialFingerprints"][KEY])
    assert again["partialFingerprints"] == first["partialFingerprints"]


def test_finding_in_an_xlsx_points_at_its_sidecar_when_there_is_one(
    cli: Cli, workdir: Path
) -> None:
    xlsx = _csv_to_xlsx(workdir / "board" / f"{DPA_REGISTER}.csv")
    without = dpa_result(audit(cli, "board", workdir / "out1"))
    xlsx.with_name(xlsx.name + ".meta.yaml").write_text(
        "titel: Register verwerkersovereenkomsten\neigenaar: privacy officer\n", encoding="utf-8"
    )
    log = audit(cli, "board", workdir / "out2")
    result = dpa_result(log)

    assert where(result) == {
        "artifactLocation": {
            "uri": f"board/{DPA_REGISTER}.xlsx.meta.yaml",
            "uriBaseId": "%SRCROOT%",
        },
        "region": {"startLine": 1},
    }
    assert "blad 'Verwerkersovereenkomsten', rij 5" in result["message"]["text"]
    assert result["properties"]["evidencePath"] == f"{DPA_REGISTER}.xlsx"
    # The finding is the same one: the sidecar changes where it is shown, not what it is.
    assert result["partialFingerprints"] == without["partialFingerprints"]


def test_finding_without_a_location_points_at_ibpaudit_yaml(cli: Cli, workdir: Path) -> None:
    """A missing document: the control fails, and the alert sits on the configuration."""
    (workdir / "board" / "beleid" / "datalekprocedure.md").unlink()
    found = results(audit(cli, "board", workdir / "out"), "GB.02-datalekken")
    missing = [r for r in found if "datalekprocedure" in r["message"]["text"]]

    assert missing
    for result in missing:
        assert where(result) == {
            "artifactLocation": {"uri": "board/ibpaudit.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1},
        }


def test_failed_control_without_findings_still_gives_one_result(example: dict[str, Any]) -> None:
    for check in control(example, DPA_CONTROL)["checks"]:
        check["findings"] = []
    (result,) = results(render(example, "en"), DPA_CONTROL)

    assert result["message"]["text"] == control(example, DPA_CONTROL)["reason"]["en"]
    assert where(result)["artifactLocation"]["uri"] == "evidence/ibpaudit.yaml"
    assert result["properties"]["controlStatus"] == "failed"


def test_checks_above_the_target_level_give_no_results(example: dict[str, Any]) -> None:
    """PV.P02's level-4 check fails too (review date), but only level 3 keeps it below
    target; an alert for the growth path would come and go with unrelated verdicts."""
    checks = control(example, DPA_CONTROL)["checks"]
    failing_levels = {c["level"] for c in checks if c["status"] == "failed"}

    assert failing_levels == {3, 4}
    assert len(results(render(example), DPA_CONTROL)) == 1


def test_an_absolute_root_is_made_relative_to_the_working_directory(
    example: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    example["run"]["root"] = str(tmp_path / "repo" / "dossier")
    inside_log = render(example)
    example["run"]["root"] = str(tmp_path.parent / "elsewhere")
    outside_log = render(example)

    assert where(dpa_result(inside_log))["artifactLocation"] == {
        "uri": f"repo/dossier/{DPA_REGISTER}.csv",
        "uriBaseId": "%SRCROOT%",
    }
    assert "originalUriBaseIds" not in inside_log["runs"][0]
    # Outside the working directory: still a relative URI, against the dossier's root.
    assert where(dpa_result(outside_log))["artifactLocation"] == {
        "uri": f"{DPA_REGISTER}.csv",
        "uriBaseId": "DOSSIER",
    }
    assert outside_log["runs"][0]["originalUriBaseIds"] == {
        "DOSSIER": {"uri": (tmp_path.parent / "elsewhere").as_uri() + "/"}
    }


def test_every_uri_is_relative_and_every_location_has_a_region(
    troubled: dict[str, Any],
) -> None:
    log = render(troubled)
    locations = [
        loc["physicalLocation"]
        for result in results(log)
        for loc in [
            *result["locations"],
            *(s.get("location") for s in result.get("suppressions", ())),
        ]
        if loc
    ]

    assert locations
    for physical in locations:
        uri = physical["artifactLocation"]["uri"]
        assert ":" not in uri.split("/")[0] and not uri.startswith("/"), uri
        assert physical["region"]["startLine"] >= 1


def test_the_driver_names_where_to_learn_about_the_tool(example: dict[str, Any]) -> None:
    driver = render(example)["runs"][0]["tool"]["driver"]

    assert driver["informationUri"].startswith("https://")
    assert driver["name"] == "ibpaudit"


# -- fingerprints ------------------------------------------------------------------------


def test_fingerprints_are_identical_across_runs_and_unique(cli: Cli, workdir: Path) -> None:
    first = audit(cli, "board", workdir / "out1")
    second = audit(cli, "board", workdir / "out2")
    prints = [r["partialFingerprints"][KEY] for r in results(first)]

    assert prints == [r["partialFingerprints"][KEY] for r in results(second)]
    assert len(set(prints)) == len(prints) >= 3


def test_fingerprint_survives_an_unrelated_row_inserted_above(cli: Cli, workdir: Path) -> None:
    before = dpa_result(audit(cli, "board", workdir / "out1"))
    register = workdir / "board" / f"{DPA_REGISTER}.csv"
    header, rest = register.read_text(encoding="utf-8").split("\n", 1)
    new_row = "Nieuw B.V.;00000009;Nieuwtje;ja;ja;4.0;01-09-2026;;ja;EER;01-10-2026"
    register.write_text(f"{header}\n{new_row}\n{rest}", encoding="utf-8")
    after = dpa_result(audit(cli, "board", workdir / "out2"))

    assert where(before)["region"] == {"startLine": 5}
    assert where(after)["region"] == {"startLine": 6}
    assert after["partialFingerprints"] == before["partialFingerprints"]


def _one_finding_document(example: dict[str, Any], messages: list[str]) -> dict[str, Any]:
    document = copy.deepcopy(example)
    ctrl = control(document, DPA_CONTROL)
    check = next(c for c in ctrl["checks"] if c["level"] == 3 and c["status"] == "failed")
    check["findings"] = [
        {
            "status": "failed",
            "message": {"nl": m, "en": m},
            "location": {"path": f"{DPA_REGISTER}.csv", "line": 2 + i, "row": 2 + i},
        }
        for i, m in enumerate(messages)
    ]
    return document


def test_fingerprint_ignores_numbers_that_change_with_the_as_of_date(
    example: dict[str, Any],
) -> None:
    def fingerprints(*messages: str) -> list[str]:
        log = render(_one_finding_document(example, list(messages)))
        return [r["partialFingerprints"][KEY] for r in results(log, DPA_CONTROL)]

    (today,) = fingerprints("beleid.md: review was due on 2026-01-01 and is 326 days overdue")
    (tomorrow,) = fingerprints("beleid.md: review was due on 2026-01-01 and is 327 days overdue")
    (other,) = fingerprints("privacy.md: review was due on 2026-01-01 and is 326 days overdue")

    assert today == tomorrow
    assert other != today
    # Findings that differ only in digits are told apart by their order.
    twins = fingerprints("DL-2026-001 notified too late", "DL-2026-002 notified too late")
    assert len(set(twins)) == 2


# -- waivers, problems, language, hostile text -------------------------------------------


def test_waived_control_is_a_suppressed_result_with_reason_approver_and_expiry(
    example: dict[str, Any],
) -> None:
    waiver = control(example, WAIVED_CONTROL)["waiver"]
    (result,) = results(render(example), WAIVED_CONTROL)

    assert where(result)["artifactLocation"]["uri"] == "evidence/registers/bewaartermijnen.csv"
    assert where(result)["region"] == {"startLine": 7}
    assert result["properties"]["controlStatus"] == "waived"
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == waiver["reason"]
    assert suppression["properties"]["approvedBy"] == "M. de Vries (bestuurder)"
    assert suppression["properties"]["expires"] == "2027-01-31"
    assert suppression["location"]["physicalLocation"] == {
        "artifactLocation": {"uri": "evidence/waivers.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4},
    }


def test_unwaived_results_have_no_suppressions(example: dict[str, Any]) -> None:
    others = [r for r in results(render(example)) if r["ruleId"] != WAIVED_CONTROL]

    assert others
    assert all("suppressions" not in r for r in others)


def test_error_control_gives_error_results(troubled: dict[str, Any]) -> None:
    found = results(render(troubled), ERROR_CONTROL)

    assert control(troubled, ERROR_CONTROL)["status"] == "error"
    assert found
    assert {r["properties"]["controlStatus"] for r in found} == {"error"}
    assert "error" in {r["properties"]["findingStatus"] for r in found}


def test_run_problems_are_tool_execution_notifications(
    example: dict[str, Any], troubled: dict[str, Any]
) -> None:
    (clean,) = render(example)["runs"][0]["invocations"]
    (troubled_run,) = render(troubled, "en")["runs"][0]["invocations"]

    assert clean == {"executionSuccessful": True, "exitCode": 1}
    assert troubled_run["executionSuccessful"] is False
    notes = troubled_run["toolExecutionNotifications"]
    assert [n["properties"]["source"] for n in notes] == [p["source"] for p in troubled["problems"]]
    assert [n["message"]["text"] for n in notes] == [
        p["message"]["en"] for p in troubled["problems"]
    ]
    assert {n["level"] for n in notes} == {"error"}


def test_dutch_and_english_text(example: dict[str, Any]) -> None:
    dutch, english = render(example, "nl"), render(example, "en")
    rule_nl = dutch["runs"][0]["tool"]["driver"]["rules"][0]
    rule_en = english["runs"][0]["tool"]["driver"]["rules"][0]

    assert dpa_result(dutch)["message"]["text"].startswith("Geen geldige verwerkersovereenkomst")
    assert dpa_result(english)["message"]["text"].startswith("No valid processor agreement")
    assert rule_nl["fullDescription"]["text"] == example["controls"][0]["description"]["nl"]
    assert rule_en["fullDescription"]["text"] == example["controls"][0]["description"]["en"]
    assert "Target level: 3" in rule_en["help"]["text"]
    assert (dutch["runs"][0]["language"], english["runs"][0]["language"]) == ("nl", "en")
    # The language is text only: the alert's identity does not change with it.
    assert [r["partialFingerprints"] for r in results(dutch)] == [
        r["partialFingerprints"] for r in results(english)
    ]


def test_hostile_text_survives_as_data(troubled: dict[str, Any]) -> None:
    # The hostile product name is in the level-4 finding: make level 4 the target.
    control(troubled, DPA_CONTROL)["target_level"] = 4
    raw = sarif.render(troubled, ReportOptions())
    log = json.loads(raw)
    messages = [r["message"]["text"] for r in results(log, DPA_CONTROL)]

    # The product name as an auditor can read it: every control character visible.
    assert any(inert.one_line(HOSTILE_PRODUCT) in m for m in messages)
    assert log["runs"][0]["properties"]["board"] == HOSTILE_BOARD
    # No control character at all, not even as a JSON escape; nothing becomes markup.
    assert not re.search(rb"[\x00-\x1f]|\\u00[01]", raw.removesuffix(b"\n"))
    assert not any(inert.UNSAFE.search(m) for m in messages)
    assert b"markdown" not in raw


# -- scale -------------------------------------------------------------------------------


def test_ten_thousand_findings_render(example: dict[str, Any]) -> None:
    rows = [
        f"Leverancier {i} / Product {i}: not met: 'ondertekend_op' is filled in"
        for i in range(10_000)
    ]
    log = render(_one_finding_document(example, rows))
    found = results(log, DPA_CONTROL)

    assert len(found) == 10_000
    assert len({r["partialFingerprints"][KEY] for r in found}) == 10_000
    assert where(found[-1])["region"] == {"startLine": 10_001}


def test_csv_row_is_named_where_it_is_not_the_line_shown(example: dict[str, Any]) -> None:
    """A quoted cell with a line break: the spreadsheet's row 5 starts on line 7."""
    document = _one_finding_document(example, ["OuderApp: not met"])
    finding = control(document, DPA_CONTROL)["checks"][1]["findings"][0]
    finding["location"].update(line=7, row=5, column="privacybijsluiter")
    result = dpa_result(render(document, "en"))

    assert where(result)["region"] == {"startLine": 7}
    assert result["message"]["text"] == "OuderApp: not met (row 5, column 'privacybijsluiter')"


def test_more_results_than_github_accepts_keeps_the_most_severe(
    example: dict[str, Any], validator: Validator, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub refuses a run with more than 25,000 results: keep that many, unsuppressed
    and most severe first, and say how many were left out."""
    over = 7
    document = _one_finding_document(
        example, [f"Product {i}: not met" for i in range(sarif.MAX_RESULTS + over)]
    )
    control(document, DPA_CONTROL)["severity"] = "low"  # the flood is the least severe
    everything = len(results(render(example))) - 1 + sarif.MAX_RESULTS + over
    capsys.readouterr()
    log = render(document)
    kept = results(log)
    err = capsys.readouterr().err

    assert len(kept) == sarif.MAX_RESULTS
    omitted = log["runs"][0]["properties"]["resultsOmitted"]
    assert omitted == everything - sarif.MAX_RESULTS > over
    # Every other control's unsuppressed results survive; the waived one goes first.
    others = [r for r in results(render(example)) if r["ruleId"] != DPA_CONTROL]
    kept_ids = [r["ruleId"] for r in kept]
    for result in others:
        assert (result["ruleId"] in kept_ids) == ("suppressions" not in result)
    assert f"{omitted} of {everything}" in err and "results.json" in err
    assert errors(validator, log) == []


def test_a_capped_run_makes_the_same_results_from_findings_kept_compact(
    example: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Findings as a FindingList (as a run hands them over) or as lists (as results.json
    holds them) give the same bytes, over the limit too; a kept result has the
    fingerprint it has when nothing is left out (its repeats are counted all the same)."""
    messages = ["Product: not met"] * 40 + [f"Product {i}: not met" for i in range(40)]
    listed = _one_finding_document(example, messages)
    compact = copy.deepcopy(listed)
    for ctrl in compact["controls"]:
        for check in ctrl["checks"]:
            check["findings"] = FindingList(
                Finding(
                    Status(f["status"]),
                    Text.of(f["message"]),
                    Location.from_json(f["location"]) if f.get("location") else None,
                    f.get("school"),
                )
                for f in check["findings"]
            )
    everything = render(listed)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 30)
    options = ReportOptions(lang="nl")
    capped = sarif.render(compact, options)
    assert capped == sarif.render(listed, options)
    log = json.loads(capped)
    assert len(results(log)) == 30 and log["runs"][0]["properties"]["resultsOmitted"] > 0
    prints = {r["partialFingerprints"][KEY] for r in results(everything)}
    assert all(r["partialFingerprints"][KEY] in prints for r in results(log))
    capsys.readouterr()


def test_a_run_within_the_limit_says_nothing_was_left_out(
    example: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    log = render(example)

    assert log["runs"][0]["properties"]["resultsOmitted"] == 0
    assert capsys.readouterr().err == ""


def test_tags_per_rule_stay_within_githubs_ten(example: dict[str, Any]) -> None:
    document = copy.deepcopy(example)
    control(document, DPA_CONTROL)["tags"] = [f"tag{i}" for i in range(30)]
    rules = render(document)["runs"][0]["tool"]["driver"]["rules"]
    (rule,) = [r for r in rules if r["id"] == DPA_CONTROL]

    assert len(rule["properties"]["tags"]) == sarif.MAX_TAGS
    assert rule["properties"]["tags"][:2] == [control(document, DPA_CONTROL)["norm"], "PV"]
