"""A norm that moved to another ID (PV.P01 -> PR.03) is no change by itself: ``diff``
and ``--baseline`` compare an older document's old IDs with the new ones."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ibpaudit.catalog import load_schema
from ibpaudit.cli import main
from ibpaudit.results import diff
from renamed import CONTROL, NEW, OLD, before_the_move
from support import EXAMPLE_BOARD


def run(root: Path, out: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", str(root), "-o", str(out), "--format", "json", "-q", *args])
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return code, document


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run(EXAMPLE_BOARD, tmp_path_factory.mktemp("new"))[1]


def test_the_new_document_records_the_alias(new: dict[str, Any]) -> None:
    (framework,) = new["frameworks"]
    assert framework["aliases"] == {OLD: NEW}
    assert any(c["id"] == f"{NEW}-{CONTROL}" for c in new["controls"])


def test_an_older_document_is_still_a_valid_results_document(new: dict[str, Any]) -> None:
    jsonschema.validate(before_the_move(new), load_schema("results"))


def test_the_move_alone_is_no_change(new: dict[str, Any]) -> None:
    comparison = diff.compare(before_the_move(new), new)
    assert (comparison.regressions, comparison.improvements, comparison.changes) == ((), (), ())


def test_without_the_alias_the_move_would_look_like_remove_and_add(new: dict[str, Any]) -> None:
    """What the alias table prevents: the old control gone, a new one added."""
    stripped = copy.deepcopy(new)
    stripped["frameworks"][0].pop("aliases")
    comparison = diff.compare(before_the_move(new), stripped)
    kinds = {c.id: c.kind for c in comparison.changes}
    assert kinds[f"{OLD}-{CONTROL}"] is diff.Kind.REMOVED
    assert kinds[f"{NEW}-{CONTROL}"] is diff.Kind.ADDED


def test_a_real_change_is_reported_under_the_new_id(new: dict[str, Any]) -> None:
    old = before_the_move(new)
    control = next(c for c in old["controls"] if c["id"] == f"{OLD}-{CONTROL}")
    control.update(status="failed", level_reached=2)
    norm = next(n for n in old["norms"] if n["id"] == OLD)
    norm.update(status="failed", level_reached=2)
    (fixed,) = diff.compare(old, new).improvements
    assert (fixed.id, fixed.norm, fixed.kind) == (f"{NEW}-{CONTROL}", NEW, diff.Kind.FIXED)
    (worse,) = diff.compare(new, old).regressions
    assert (worse.id, worse.norm) == (f"{NEW}-{CONTROL}", NEW)


def test_baseline_and_diff_on_the_command_line(
    new: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(before_the_move(new)), encoding="utf-8")
    code, document = run(EXAMPLE_BOARD, tmp_path / "out", "--baseline", str(baseline))
    assert document["baseline"]["regressions"] == []
    assert document["baseline"]["changes"] == []
    assert code == 0  # with --baseline the gate is error,regression: nothing regressed
    current = tmp_path / "out" / "results.json"
    capsys.readouterr()
    main(["diff", str(baseline), str(current), "--format", "json"])
    compared = json.loads(capsys.readouterr().out)
    assert (compared["regressions"], compared["improvements"], compared["changes"]) == (
        [],
        [],
        [],
    )
