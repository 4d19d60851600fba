"""Maturity levels, statuses, scope and waivers, on small dossiers with their own controls."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ibpaudit.catalog import load_schema
from ibpaudit.engine.evaluate import control_verdict, level_reached
from ibpaudit.errors import ExitCode
from ibpaudit.model import (
    CheckOutcome,
    CheckResult,
    CheckSpec,
    Finding,
    Location,
    Status,
    Waiver,
    text,
)
from support import EXAMPLE_BOARD, Cli, update_config

CONTROL = """\
id: GB.02-test
norm: GB.02
title: Testcontrole
severity: high
levels:
  2:
    - check: register
      register: datalekken
      columns: [kenmerk, ontdekt_op]
  3:
    - check: register
      register: datalekken
      where: {column: meldplichtig, is: true}
      require: {column: gemeld_ap_op, not_after: {column: ontdekt_op, plus: PT72H}}
  4:
    - check: register
      register: datalekken
      require: {column: afgesloten_op, not_empty: true}
"""
ON_TIME = "DL-1;01-02-2026 10:00;ja;02-02-2026 10:00;{closed}\n"
LATE = "DL-2;01-03-2026 10:00;ja;05-03-2026 10:00;10-03-2026\n"
HEADER = "kenmerk;ontdekt_op;meldplichtig;gemeld_ap_op;afgesloten_op\n"


def dossier(tmp_path: Path, rows: str, config: str = "", waivers: str = "") -> Path:
    root = tmp_path / "dossier"
    (root / "controls").mkdir(parents=True)
    (root / "registers").mkdir()
    (root / "ibpaudit.yaml").write_text(
        "bestuur: Teststichting\npeildatum: 2026-11-23\ncontrols:\n  alleen: [GB.02-test]\n"
        + config
    )
    (root / "controls" / "test.yaml").write_text(CONTROL)
    (root / "registers" / "datalekken.csv").write_text(HEADER + rows)
    if waivers:
        (root / "waivers.yaml").write_text(waivers)
    return root


def audit(cli: Cli, root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    out = root.parent / "out"
    result = cli("run", str(root), "-o", str(out), "--format", "json", *args)
    document = json.loads((out / "results.json").read_text())
    jsonschema.Draft202012Validator(load_schema("results")).validate(document)
    return result.code, document


def only(document: dict[str, Any]) -> dict[str, Any]:
    (control,) = document["controls"]
    return control


@pytest.mark.parametrize(
    ("rows", "level", "status", "code"),
    [
        (ON_TIME.format(closed="03-02-2026"), 4, "passed", ExitCode.PASSED),
        (ON_TIME.format(closed=""), 3, "passed", ExitCode.PASSED),
        (ON_TIME.format(closed="03-02-2026") + LATE, 2, "failed", ExitCode.FAILED),
        ("DL-3;gisteren;ja;02-02-2026;\n", 2, "error", ExitCode.EVIDENCE_ERROR),
    ],
)
def test_level_reached_is_the_highest_level_whose_checks_all_pass(
    cli: Cli, tmp_path: Path, rows: str, level: int, status: str, code: int
) -> None:
    result_code, document = audit(cli, dossier(tmp_path, rows))
    control = only(document)
    assert (control["level_reached"], control["status"], result_code) == (level, status, code)
    assert document["norms"][0]["level_reached"] == level


def test_level_two_failure_leaves_level_one(cli: Cli, tmp_path: Path) -> None:
    root = dossier(tmp_path, "")
    (root / "registers" / "datalekken.csv").write_text("kenmerk\nDL-1\n")
    _, document = audit(cli, root)
    assert only(document)["level_reached"] == 1


def test_a_higher_target_turns_a_pass_into_a_failure(cli: Cli, tmp_path: Path) -> None:
    root = dossier(tmp_path, ON_TIME.format(closed=""))
    code, document = audit(cli, root, "--target-level", "4")
    assert (code, only(document)["status"]) == (ExitCode.FAILED, "failed")
    assert only(document)["reason"]["en"] == "level 3 reached, target is 4"
    next_level = document["norms"][0]["next_level"]
    assert next_level["level"] == 4 and next_level["checks"]


def test_active_waiver_covers_a_failure_and_still_shows_findings(cli: Cli, tmp_path: Path) -> None:
    waiver = (
        "- control: GB.02-test\n  reden: Melding liep via het bestuursbureau.\n"
        "  aangevraagd_door: P. Officer\n  goedgekeurd_door: B. Bestuurder\n"
        "  goedgekeurd_op: 2026-11-01\n  verloopt_op: {expires}\n"
    )
    rows = ON_TIME.format(closed="") + LATE
    code, document = audit(
        cli, dossier(tmp_path, rows, waivers=waiver.format(expires="2026-11-23"))
    )
    control = only(document)
    assert (code, control["status"]) == (ExitCode.PASSED, "waived")
    assert any(check["findings"] for check in control["checks"])
    assert document["waivers"][0]["state"] == "active"

    code, document = audit(
        cli, dossier(tmp_path / "b", rows, waivers=waiver.format(expires="2026-11-22"))
    )
    control = only(document)
    assert (code, control["status"]) == (ExitCode.FAILED, "failed")
    assert "expired on 2026-11-22" in control["reason"]["en"]
    assert document["waivers"][0]["state"] == "expired"


def test_skipped_control_carries_its_reason(cli: Cli, tmp_path: Path) -> None:
    config = "  overslaan:\n    - id: GB.02-test\n      reden: geregeld door de koepel\n"
    code, document = audit(cli, dossier(tmp_path, LATE, config=config))
    control = only(document)
    assert (code, control["status"]) == (ExitCode.PASSED, "skipped")
    assert "geregeld door de koepel" in control["reason"]["nl"]


def test_only_filter_by_domain(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    board = tmp_path / "board"
    import shutil

    shutil.copytree(EXAMPLE_BOARD, board)
    update_config(board, {"controls": {"alleen": ["PV"]}})
    cli("run", str(board), "-o", str(out), "--format", "json")
    document = json.loads((out / "results.json").read_text())
    assert {c["norm"].split(".")[0] for c in document["controls"]} == {"PV"}


def test_every_result_cites_the_evidence_it_rests_on(cli: Cli, tmp_path: Path) -> None:
    cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "--format", "json")
    document = json.loads((tmp_path / "results.json").read_text())
    jsonschema.Draft202012Validator(load_schema("results")).validate(document)
    hashes = {e["path"]: e["sha256"] for e in document["evidence"]}
    for control in document["controls"]:
        for check in control["checks"]:
            assert check["evidence"] or check["findings"], (control["id"], check["index"])
            for location in check["evidence"]:
                assert hashes[location["path"]] == location["sha256"]


def test_only_in_ibpaudit_yaml_accepts_tags(cli: Cli, tmp_path: Path) -> None:
    root = dossier(tmp_path, ON_TIME.format(closed=""))
    config = root / "ibpaudit.yaml"
    config.write_text(config.read_text().replace("[GB.02-test]", "[GB.02-test, extra]"))
    (root / "controls" / "other.yaml").write_text(
        CONTROL.replace("id: GB.02-test", "id: GB.02-other").replace(
            "severity: high", "severity: low\ntags: [extra]"
        )
    )
    _, document = audit(cli, root)
    assert {c["id"] for c in document["controls"]} == {"GB.02-test", "GB.02-other"}
    config.write_text(config.read_text().replace("[GB.02-test, extra]", "[EXTRA]"))
    _, document = audit(cli, root)
    assert [c["id"] for c in document["controls"]] == ["GB.02-other"]
    assert document["run"]["selection"] == {"only": ["EXTRA"], "skip": []}
    # Both controls (and the catalog's GB.02-datalekken) belong to norm GB.02; the norm
    # rolls up only what was selected.
    assert document["norms"][0]["controls"] == ["GB.02-other"]


def test_unknown_selector_in_ibpaudit_yaml_is_a_configuration_error(
    cli: Cli, tmp_path: Path
) -> None:
    root = dossier(tmp_path, ON_TIME.format(closed=""))
    config = root / "ibpaudit.yaml"
    config.write_text(config.read_text().replace("alleen: [GB.02-test]", "alleen: [GB.02-tset]"))
    result = cli("run", str(root), "-o", str(tmp_path / "out"))
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "ibpaudit.yaml: controls.alleen: onbekende selectie 'GB.02-tset'" in result.err
    assert "lijkt op: GB.02-test" in result.err
    # On the command line, --only replaces controls.alleen.
    code, document = audit(cli, root, "--only", "GB.02-test")
    assert code == ExitCode.PASSED and only(document)["id"] == "GB.02-test"


def test_waived_and_expired_reasons_name_the_approver(cli: Cli, tmp_path: Path) -> None:
    waiver = (
        "- control: GB.02-test\n  reden: Melding liep via het bestuursbureau.\n"
        "  aangevraagd_door: P. Officer\n  goedgekeurd_door: B. Bestuurder\n"
        "  goedgekeurd_op: 2026-11-01\n  verloopt_op: {expires}\n"
    )
    rows = ON_TIME.format(closed="") + LATE
    _, document = audit(cli, dossier(tmp_path, rows, waivers=waiver.format(expires="2026-12-01")))
    assert only(document)["reason"]["nl"] == (
        "ontheffing tot en met 2026-12-01, goedgekeurd door B. Bestuurder: "
        "Melding liep via het bestuursbureau."
    )
    _, document = audit(
        cli, dossier(tmp_path / "b", rows, waivers=waiver.format(expires="2026-11-22"))
    )
    assert only(document)["reason"]["en"] == (
        "waiver expired on 2026-11-22 (approved by B. Bestuurder); the control fails again"
    )


def _check(level: int, *statuses: Status) -> CheckResult:
    findings = tuple(Finding(s, text("x", "x")) for s in statuses)
    spec = CheckSpec(level, 0, "register", {}, None)
    return CheckResult(spec, "test", text("c", "c"), CheckOutcome(findings), 0.0)


P, F, E = Status.PASSED, Status.FAILED, Status.ERROR


# The climb: (level, findings of one check) per check, in any order → (reached, blocked).
@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ([], (1, False)),
        ([(2, ())], (2, False)),
        ([(2, ()), (3, ()), (4, ())], (4, False)),
        ([(4, ()), (2, ()), (3, ())], (4, False)),  # order of the checks does not matter
        ([(2, ()), (3, (F,)), (4, ())], (2, False)),  # a failure stops the climb
        ([(2, ()), (3, (E,)), (4, ())], (2, True)),  # an error stops it too, and says so
        ([(2, ()), (3, (F, E))], (2, True)),  # error beats failure on one level
        ([(2, ()), (3, ()), (3, (F,))], (2, False)),  # every check of a level counts
        ([(2, (F,)), (3, ())], (1, False)),
        ([(2, (E,)), (3, ())], (1, True)),
        ([(2, ()), (5, ())], (5, False)),  # a level with no checks is no hurdle
    ],
)
def test_level_reached_table(
    checks: list[tuple[int, tuple[Status, ...]]], expected: tuple[int, bool]
) -> None:
    assert level_reached([_check(level, *found) for level, found in checks]) == expected


WAIVER_UNTIL = Waiver(
    control="GB.02-test",
    reason="Nieuwe recorder is besteld.",
    approved_by="M. de Vries",
    expires=date(2026, 11, 23),
    requested_by="R. Jansen",
    approved_on=date(2026, 10, 1),
    location=Location("waivers.yaml", line=2),
)
STALE = "stale evidence; see the findings"
BLOCKED = "level 3 reached; higher levels cannot be judged because of an error"


# The verdict: (reached, blocked, target, stale, waiver, as-of) → (status, English reason).
@pytest.mark.parametrize(
    ("reached", "blocked", "target", "stale", "waiver", "as_of", "expected"),
    [
        (3, False, 3, False, None, "2026-11-23", (P, None)),  # exactly the target
        (4, False, 3, False, None, "2026-11-23", (P, None)),
        (3, True, 3, False, None, "2026-11-23", (P, BLOCKED)),  # target met, higher unknown
        (3, True, 3, True, None, "2026-11-23", (P, BLOCKED)),  # a pass is never "stale"
        (2, False, 3, False, None, "2026-11-23", (F, "level 2 reached, target is 3")),
        (
            2,
            True,
            3,
            False,
            None,
            "2026-11-23",
            (E, "evidence could not be judged; see the errors"),
        ),
        (2, True, 3, True, None, "2026-11-23", (E, STALE)),
        (2, False, 3, True, None, "2026-11-23", (F, STALE)),
        (1, False, 2, False, None, "2026-11-23", (F, "level 1 reached, target is 2")),
        (5, False, 6, False, None, "2026-11-23", (F, "level 5 reached, target is 6")),
        # A waiver covers a failure through its expiry day, inclusive; never an error.
        (2, False, 3, False, WAIVER_UNTIL, "2026-11-23", (Status.WAIVED, "waived")),
        (2, False, 3, True, WAIVER_UNTIL, "2026-11-22", (Status.WAIVED, "waived")),
        (2, False, 3, False, WAIVER_UNTIL, "2026-11-24", (F, "waiver expired on 2026-11-23")),
        (2, True, 3, False, WAIVER_UNTIL, "2026-11-01", (E, "evidence could not be judged")),
        (3, False, 3, False, WAIVER_UNTIL, "2026-11-01", (P, None)),
    ],
)
def test_control_verdict_table(
    reached: int,
    blocked: bool,
    target: int,
    stale: bool,
    waiver: Waiver | None,
    as_of: str,
    expected: tuple[Status, str | None],
) -> None:
    status, reason = control_verdict(
        reached, blocked, target, stale, waiver, date.fromisoformat(as_of)
    )
    assert status is expected[0]
    if expected[1] is None:
        assert reason is None
    else:
        assert reason is not None
        assert reason.en.startswith(expected[1])
        assert reason.nl and reason.nl != reason.en
    if status is Status.WAIVED:
        assert reason is not None
        assert "2026-11-23" in reason.en and "M. de Vries" in reason.en
        assert "Nieuwe recorder" in reason.nl
