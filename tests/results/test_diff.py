"""Comparing two results documents: real runs of the example board and of broken copies."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ibpaudit.catalog import load_schema
from ibpaudit.cli import main
from ibpaudit.results import diff
from ibpaudit.results.console import diff_markdown
from support import EXAMPLE_BOARD

POLICY = "beleid/ibp-beleid.md"


def run(root: Path, out: Path, *args: str) -> dict[str, Any]:
    main(["run", str(root), "-o", str(out), "--format", "json", "-q", *args])
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return document


def broken_copy(tmp_path: Path, old: str, new: str, path: str = POLICY) -> Path:
    board = tmp_path / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    target = board / path
    content = target.read_text(encoding="utf-8")
    assert old in content
    target.write_text(content.replace(old, new), encoding="utf-8")
    return board


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run(EXAMPLE_BOARD, tmp_path_factory.mktemp("base"))


def by_id(changes: tuple[diff.Change, ...]) -> dict[str, diff.Change]:
    return {c.id: c for c in changes}


def test_same_document_has_no_changes(base: dict[str, Any]) -> None:
    comparison = diff.compare(base, base)
    assert (comparison.regressions, comparison.improvements, comparison.changes) == ((), (), ())
    assert comparison.target == 3


def test_policy_adopted_in_the_future_is_a_regression_naming_the_file(
    base: dict[str, Any], tmp_path: Path
) -> None:
    board = broken_copy(tmp_path, "vastgesteld_op: 2026-03-10", "vastgesteld_op: 2027-03-10")
    new = run(board, tmp_path / "out")
    comparison = diff.compare(base, new)
    regressions = by_id(comparison.regressions)
    policy = regressions["GO.02-beleid"]
    assert policy.kind is diff.Kind.NEWLY_FAILED
    assert (policy.before, policy.after) == (diff.State("passed", 5), diff.State("failed", 2))
    assert policy.location is not None and policy.location.path == POLICY
    assert policy.finding is not None and "2027-03-10" in policy.finding.en
    assert policy.message.en == "was passed (level 5), now failed (level 2, target 3)"
    # One line per control: the norm's own drop is explained by its control.
    assert not any(c.scope == "norm" for c in comparison.regressions)
    assert comparison.improvements == ()
    # The other way round, the same changes are improvements.
    back = diff.compare(new, base)
    assert back.regressions == ()
    assert {c.id for c in back.improvements} == set(regressions)
    assert all(c.kind is diff.Kind.FIXED for c in back.improvements)


def test_a_level_drop_that_still_passes_is_a_regression(
    base: dict[str, Any], tmp_path: Path
) -> None:
    """GO.02 reaches level 5 on a signed report to the board; without it, level 4."""
    board = tmp_path / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    (board / "attestaties" / "ibp-rapportage-bestuur.yaml").unlink()
    comparison = diff.compare(base, run(board, tmp_path / "out"))
    change = by_id(comparison.regressions)["GO.02-beleid"]
    assert change.kind is diff.Kind.LEVEL_DROPPED
    assert change.after == diff.State("passed", 4)
    assert (
        change.message.nl
        == "niveau gedaald: was geslaagd (niveau 5), nu geslaagd (niveau 4, doel 3)"
    )


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("verloopt_op: 2027-01-31", "verloopt_op: 2026-11-22", "waiver expired on 2026-11-22"),
        ("  - control: PR.07-bewaartermijnen", "  - control: GB.02-datalekken", "no longer in"),
    ],
)
def test_a_lapsed_waiver_is_a_regression(
    base: dict[str, Any], tmp_path: Path, old: str, new: str, says: str
) -> None:
    board = broken_copy(tmp_path, old, new, "waivers.yaml")
    comparison = diff.compare(base, run(board, tmp_path / "out"))
    change = by_id(comparison.regressions)["PR.07-bewaartermijnen"]
    assert change.kind is diff.Kind.WAIVER_EXPIRED
    assert says in change.message.en and "M. de Vries" in change.message.en
    assert change.location is not None
    assert change.location.path == "registers/bewaartermijnen.csv"


def test_a_higher_target_is_applied_to_both_sides(base: dict[str, Any], tmp_path: Path) -> None:
    """Raising the target does not turn unchanged norms into regressions; a norm that
    drops below the new target does regress."""
    at_four = run(EXAMPLE_BOARD, tmp_path / "four", "--target-level", "4")
    assert at_four["summary"]["failed"] > base["summary"]["failed"]
    comparison = diff.compare(base, at_four)
    assert comparison.target == 4 and comparison.regressions == ()
    # Judged at the old target instead, the same runs show what target 4 added as failures.
    assert diff.compare(base, at_four, target=3).regressions == ()


def test_new_and_removed_controls_are_neutral_unless_they_fail(
    base: dict[str, Any], tmp_path: Path
) -> None:
    only_go = run(EXAMPLE_BOARD, tmp_path / "go", "--only", "GO")
    removed = diff.compare(base, only_go)
    assert removed.regressions == () and removed.improvements == ()
    assert {c.kind for c in removed.changes} == {diff.Kind.REMOVED}
    assert len(removed.changes) == len(base["controls"]) - len(only_go["controls"])

    added = diff.compare(only_go, base)
    regressions = by_id(added.regressions)
    assert set(regressions) == {"GB.02-datalekken", "PV.P02-verwerkersovereenkomsten"}
    assert regressions["GB.02-datalekken"].before is None
    assert regressions["GB.02-datalekken"].message.en.startswith("new control, failed")
    assert {c.kind for c in added.improvements} == {diff.Kind.NEW_AT_TARGET}
    assert {c.kind for c in added.changes} == {diff.Kind.ADDED}


def test_a_norm_change_without_a_control_change_is_reported_for_the_norm(
    base: dict[str, Any],
) -> None:
    """A norm's level is the lowest of its controls: a new control that passes at a lower
    level than the norm had lowers the norm without any control regressing."""
    new = copy.deepcopy(base)
    norm = next(n for n in new["norms"] if n["id"] == "GO.02")
    extra = copy.deepcopy(next(c for c in new["controls"] if c["id"] == "GO.02-beleid"))
    extra.update(id="GO.02-extra", level_reached=3)
    new["controls"].append(extra)
    norm.update(level_reached=3, controls=[*norm["controls"], "GO.02-extra"])
    comparison = diff.compare(base, new)
    (change,) = comparison.regressions
    assert (change.scope, change.id, change.kind) == ("norm", "GO.02", diff.Kind.LEVEL_DROPPED)
    assert change.severity == "high"
    assert [c.id for c in comparison.changes] == ["GO.02-extra"]


def test_comparison_json_fits_the_results_schema(base: dict[str, Any], tmp_path: Path) -> None:
    board = broken_copy(tmp_path, "vastgesteld_op: 2026-03-10", "vastgesteld_op: 2027-03-10")
    new = run(board, tmp_path / "out")
    document = dict(new)
    document["baseline"] = {
        "path": "old.json",
        "sha256": "0" * 64,
        "as_of": "2026-11-23",
        **diff.compare(base, new).to_json(),
    }
    jsonschema.Draft202012Validator(load_schema("results")).validate(document)


def test_markdown_table(base: dict[str, Any], tmp_path: Path) -> None:
    board = broken_copy(tmp_path, "vastgesteld_op: 2026-03-10", "vastgesteld_op: 2027-03-10")
    comparison = diff.compare(base, run(board, tmp_path / "out")).to_json()
    sources = ({"path": "old.json", "as_of": "2026-11-23"}, {"path": "new.json", "as_of": "x"})
    text = diff_markdown(comparison, sources, "en")
    assert text.startswith("## ibpaudit diff: 3 regressions, 0 improvements")
    assert "### Regressions" in text and "### Improvements" not in text
    row = next(line for line in text.splitlines() if line.startswith("| GO.02-beleid |"))
    assert f"| {POLICY}, line 1 |" in row and row.count(" | ") == 2
    assert "### Regressies" in diff_markdown(comparison, sources, "nl")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "results.json:1:2: not valid JSON"),
        (b'{"a": "\xff"}', "not UTF-8"),
        (b"[1, 2]", "not an ibpaudit results document"),
        (b'{"schema_version": "9"}', "version '9'"),
        (
            b'{"schema_version": "1"}',
            "not a valid results document: (top): 'run' is a required property",
        ),
    ],
)
def test_unusable_results_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "results.json"
    path.write_bytes(content)
    with pytest.raises(diff.ResultsFileError) as info:
        diff.load_results(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_missing_results_file(tmp_path: Path) -> None:
    with pytest.raises(diff.ResultsFileError, match="cannot read"):
        diff.load_results(tmp_path / "nope.json")


def test_load_results_hashes_the_file(base: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(base), encoding="utf-8")
    loaded = diff.load_results(path)
    import hashlib

    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.to_json() == {"path": str(path), "sha256": loaded.sha256, "as_of": "2026-11-23"}
