"""A broken control file is a problem that names its file and line once, the place in
words ("level 3, check 1"), what is wrong and what to do, in Dutch and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.engine import plugins
from ibpaudit.errors import ExitCode
from ibpaudit.model import CatalogProblem
from support import Cli

LABEL = "controls/eigen.yaml"
CONTROL = """\
id: GO.02-eigen
norm: GO.02
title: {nl: Eigen, en: Own}
severity: medium
levels:
  2:
    - check: document
      type: ibp-beleid
  3:
    - check: register
      register: datalekken
      columns: [kenmerk, ontdekt_op]
      where: {column: meldplichtig, is: true}
      require:
        - {column: gemeld_ap_op, not_empty: true}
        - {column: gemeld_ap_op, not_after: {column: ontdekt_op, plus: PT72H}}
"""

# name: (old, new), line, fragments in English, fragments in Dutch
CASES = {
    "operator typo": (
        ("not_after:", "not_afer:"),
        16,
        ["level 3, check 1, require, condition 2", "'not_afer'", "'not_after'"],
        ["niveau 3, check 1, require, voorwaarde 2", "'not_afer'", "bedoelt u 'not_after'"],
    ),
    "unknown check parameter": (
        ("      columns:", "      colums:"),
        12,
        ["level 3, check 1", "'colums'", "did you mean 'columns'"],
        ["niveau 3, check 1", "'colums'", "bedoelt u 'columns'"],
    ),
    "missing check parameter": (
        ("      register: datalekken\n", ""),
        10,
        ["level 3, check 1", "'register'", "add it"],
        ["niveau 3, check 1", "'register'", "vul het in"],
    ),
    "missing control key": (
        ("severity: medium\n", ""),
        1,
        ["'severity'", "add it"],
        ["'severity'", "vul het in"],
    ),
    "unknown control key": (
        ("severity: medium\n", "severity: medium\nsevrity: high\n"),
        5,
        ["'sevrity'", "did you mean 'severity'"],
        ["'sevrity'", "bedoelt u 'severity'"],
    ),
    "text where a list belongs": (
        ("columns: [kenmerk, ontdekt_op]", "columns: kenmerk"),
        12,
        ["level 3, check 1, columns", "list", "'kenmerk'"],
        ["niveau 3, check 1, columns", "lijst", "'kenmerk'"],
    ),
    "bad level number": (
        ("  3:\n", "  7:\n"),
        9,
        ["'7'", "2 to 5"],
        ["'7'", "2 tot en met 5"],
    ),
    "bad severity": (
        ("severity: medium", "severity: hihg"),
        4,
        ["severity", "'hihg'", "did you mean 'high'"],
        ["severity", "'hihg'", "bedoelt u 'high'"],
    ),
    "duplicate key": (
        ("      register: datalekken\n", "      register: datalekken\n      register: dpia\n"),
        12,
        ["'register'", "twice"],
        ["'register'", "twee keer"],
    ),
    "bad duration in a condition": (
        ("plus: PT72H", "plus: drie dagen"),
        16,
        ["level 3, check 1, require, condition 2, not_after", "'drie dagen'"],
        ["niveau 3, check 1, require, voorwaarde 2, not_after", "'drie dagen'"],
    ),
    "a condition without an operator": (
        ("{column: meldplichtig, is: true}", "{column: meldplichtig}"),
        13,
        ["level 3, check 1, where", "exactly one operator"],
        ["niveau 3, check 1, where", "precies één operator"],
    ),
}


def _problems(tmp_path: Path, content: str) -> list[CatalogProblem]:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n", encoding="utf-8")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "eigen.yaml").write_text(content, encoding="utf-8")
    catalog = engine.load_catalog(plugins.build(tmp_path), tmp_path)
    assert "GO.02-eigen" not in {c.id for c in catalog.controls}
    return [p for p in catalog.problems if p.path == LABEL]


def test_the_template_is_a_valid_control(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n", encoding="utf-8")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "eigen.yaml").write_text(CONTROL, encoding="utf-8")
    catalog = engine.load_catalog(plugins.build(tmp_path), tmp_path)
    assert catalog.problems == ()
    assert "GO.02-eigen" in {c.id for c in catalog.controls}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_problem_names_file_line_place_and_remedy(tmp_path: Path, case: str) -> None:
    (old, new), line, english, dutch = CASES[case]
    assert old in CONTROL
    problems = _problems(tmp_path, CONTROL.replace(old, new, 1))

    matching = [
        p
        for p in problems
        if all(f in p.message.en for f in english) and all(f in p.message.nl for f in dutch)
    ]
    assert len(matching) == 1, [p.message for p in problems]
    (problem,) = matching
    for message in (problem.message.en, problem.message.nl):
        assert message.startswith(f"{LABEL}:{line}")
        assert message.count(LABEL) == 1
    assert problem.message.nl != problem.message.en


def test_a_typo_in_a_condition_is_one_problem_not_the_schema_s_alternatives(
    tmp_path: Path,
) -> None:
    problems = _problems(tmp_path, CONTROL.replace("not_after:", "not_afer:"))
    assert len(problems) == 1


def test_problems_of_a_file_come_in_line_order_and_all_at_once(tmp_path: Path) -> None:
    broken = (
        CONTROL.replace("severity: medium", "severity: hihg")
        .replace("      columns:", "      colums:")
        .replace("not_after:", "not_afer:")
    )
    lines = [p.line for p in _problems(tmp_path, broken)]
    assert lines == [4, 12, 16]


def test_run_and_validate_say_the_problem_once_in_the_chosen_language(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    (board / "controls").mkdir()
    (board / "controls" / "eigen.yaml").write_text(
        CONTROL.replace("not_after:", "not_afer:"), encoding="utf-8"
    )
    run = cli("run", str(board), "-o", str(tmp_path / "out"), "--format", "json", "-q")
    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    (problem,) = [p for p in document["problems"] if p["source"] == LABEL]
    english = cli("validate", str(board), "--lang", "en").err
    dutch = cli("validate", str(board), "--lang", "nl").err

    assert run.code == ExitCode.EVIDENCE_ERROR
    assert problem["message"]["en"].startswith(f"{LABEL}:16: ")
    assert "bedoelt u 'not_after'" in problem["message"]["nl"]
    assert english.count(LABEL) == 1 and f"{LABEL}:16: " in english
    assert dutch.count(LABEL) == 1 and "bedoelt u 'not_after'" in dutch
