"""Every shipped control tells its passing and failing evidence fragments apart.

The cases are files under ``controls/cases/<control-id>/{pass,fail*}/``, discovered, not
listed: a new control without both cases fails ``test_every_control_has_both_cases``.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.engine import cases as casetest
from ibpaudit.engine.run import Run, open_run
from ibpaudit.errors import ExitCode
from ibpaudit.model import Catalog, Status
from support import PROJECT, Cli

CASES = casetest.find_cases([PROJECT / "controls"], None)


@cache
def _shipped() -> tuple[Run, Catalog]:
    run = open_run(None)
    return run, engine.load_catalog(run.plugins, None)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.control_id}/{c.name}" for c in CASES])
def test_case(case: casetest.Case) -> None:
    run, catalog = _shipped()
    control = next(c for c in catalog.controls if c.id == case.control_id)
    result = casetest.run_case(case, control, catalog, run)
    assert result.status is result.expected, "\n".join(result.messages)
    if case.kind == "fail":
        assert result.status is Status.FAILED and result.messages


def test_every_control_has_both_cases() -> None:
    _, catalog = _shipped()
    kinds: dict[str, set[str]] = {}
    for case in CASES:
        kinds.setdefault(case.control_id, set()).add(case.kind)
    missing = [c.id for c in catalog.controls if kinds.get(c.id) != {"pass", "fail"}]
    assert missing == []
    assert set(kinds) <= {c.id for c in catalog.controls}, "a case folder names no control"


def test_board_can_test_its_own_controls(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "dossier"
    (root / "controls" / "cases" / "GO.02-eigen" / "pass" / "beleid").mkdir(parents=True)
    (root / "controls" / "cases" / "GO.02-eigen" / "fail").mkdir(parents=True)
    (root / "ibpaudit.yaml").write_text("bestuur: T\n")
    (root / "controls" / "eigen.yaml").write_text(
        "id: GO.02-eigen\nnorm: GO.02\ntitle: Eigen\nseverity: low\n"
        "levels:\n  3:\n    - check: document\n      type: ibp-beleid\n"
    )
    (root / "controls" / "cases" / "GO.02-eigen" / "pass" / "beleid" / "b.md").write_text(
        "---\ntype: ibp-beleid\n---\n"
    )
    result = cli("test-controls", str(root), "--require-cases")
    assert result.code == ExitCode.PASSED, result.out + result.err
    assert "ok   GO.02-eigen pass" in result.out and "ok   GO.02-eigen fail" in result.out
    # A pass case that does not pass makes the command fail and says why.
    (root / "controls" / "cases" / "GO.02-eigen" / "pass" / "beleid" / "b.md").unlink()
    result = cli("test-controls", str(root))
    assert result.code == ExitCode.FAILED
    assert "FOUT GO.02-eigen pass: failed (niveau " in result.out  # Dutch by default
    assert "ibp-beleid" in result.out
    english = cli("test-controls", str(root), "--lang", "en")
    assert "FAIL GO.02-eigen pass: failed (level " in english.out
    assert "1 wrong" in english.err and "1 fout" in result.err


def test_a_case_is_judged_with_the_runs_school_scope(cli: Cli, tmp_path: Path) -> None:
    """A ``scope: school`` control is judged per school under ``run``; so is its case.
    Without spot checks at one school the case cannot pass here and fail there."""
    shipped = PROJECT / "controls" / "cases" / "PH.P02-clear-desk" / "pass"
    board = tmp_path / "board"
    case = board / "controls" / "cases" / "PH.P02-clear-desk" / "pass-twee-scholen"
    shutil.copytree(shipped, case)
    register = case / "registers" / "werkplekcontroles.csv"
    rows = register.read_text(encoding="utf-8").splitlines()
    register.write_text("\n".join(r for r in rows if ";00AC;" not in r) + "\n", encoding="utf-8")
    (board / "ibpaudit.yaml").write_text(
        (PROJECT / "controls" / "cases" / "ibpaudit.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    shutil.copytree(case, tmp_path / "as-a-dossier")
    shutil.copy(board / "ibpaudit.yaml", tmp_path / "as-a-dossier" / "ibpaudit.yaml")

    cases = cli("test-controls", str(board))
    run = cli(
        "run", str(tmp_path / "as-a-dossier"), "-o", str(tmp_path / "out"),
        "--format", "json", "--only", "PH.P02-clear-desk",
    )  # fmt: skip
    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))

    (verdict,) = document["controls"]
    assert verdict["status"] == "failed" and run.code == ExitCode.FAILED
    assert "FOUT PH.P02-clear-desk pass-twee-scholen: failed" in cases.out
    assert cases.code == ExitCode.FAILED
