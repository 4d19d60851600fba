"""``--fail-on`` grammar, ``--only``/``--skip`` selectors and the gate's exit code."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from ibpaudit import engine
from ibpaudit.catalog import load_schema
from ibpaudit.cli import main
from ibpaudit.engine import plugins
from ibpaudit.engine import selection as selecting
from ibpaudit.errors import ExitCode
from ibpaudit.model import Catalog
from ibpaudit.model import gate as gating
from ibpaudit.model.gate import GateSpecError, Rule, Selection, parse_fail_on
from ibpaudit.results import gate
from support import EXAMPLE_BOARD


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return engine.load_catalog(plugins.build(EXAMPLE_BOARD), EXAMPLE_BOARD)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example board's results document (two critical controls fail)."""
    out = tmp_path_factory.mktemp("example")
    main(["run", str(EXAMPLE_BOARD), "-o", str(out), "--format", "json", "-q"])
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("failed,error", ["failed", "error"]),
        ("error , regression", ["error", "regression"]),
        ("failed:high", ["failed:high"]),
        ("high", ["failed:high", "error:high"]),
        ("FAILED:Critical,error", ["failed:critical", "error"]),
        ("failed:high,failed:medium", ["failed:medium"]),  # the lowest threshold wins
        ("regression:low", ["regression"]),
    ],
)
def test_fail_on_grammar(spec: str, expected: list[str]) -> None:
    assert parse_fail_on(spec).to_json() == expected


def test_fail_on_from_a_yaml_list() -> None:
    assert parse_fail_on(["error", "failed:high"]).to_json() == ["failed:high", "error"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("failde", "'failde' is not an outcome"),
        ("failed:severe", "'failed:severe' is not an outcome"),
        ("high:failed", "'high:failed' is not an outcome"),
        (" , ", "empty"),
    ],
)
def test_fail_on_mistakes_are_named(spec: str, message: str) -> None:
    with pytest.raises(GateSpecError, match=message):
        parse_fail_on(spec)


def test_a_severity_threshold_includes_higher_severities() -> None:
    rule = Rule("failed", "high")
    assert [rule.covers(s) for s in ("low", "medium", "high", "critical")] == [
        False,
        False,
        True,
        True,
    ]
    assert rule.covers(None), "an unknown severity is never hidden by a threshold"


def test_selection_by_id_norm_domain_and_tag(catalog: Catalog) -> None:
    def chosen(selection: Selection) -> set[str]:
        return {
            c.id for c in catalog.controls if selection.includes(c, selecting.domain_of(c, catalog))
        }

    everything = chosen(Selection())
    assert len(everything) == len(catalog.controls)
    assert chosen(Selection(only=("GO.02-beleid",))) == {"GO.02-beleid"}
    assert chosen(Selection(only=("go.02",))) == {"GO.02-beleid"}, "selectors ignore case"
    assert chosen(Selection(only=("GB",))) == {c for c in everything if c.startswith("GB.")}
    datalekken = chosen(Selection(only=("datalekken",)))
    assert "GB.02-datalekken" in datalekken and len(datalekken) > 1
    assert chosen(Selection(skip=("datalekken",))) == everything - datalekken
    assert chosen(Selection(only=("GB",), skip=("GB.02",))) == {
        c for c in everything if c.startswith("GB.") and not c.startswith("GB.02")
    }


def test_unknown_selectors_list_close_matches(catalog: Catalog) -> None:
    known = selecting.known_selectors(catalog)
    assert selecting.unknown_selectors(["GO.02", "PV", "privacy", "GO.02-beleid"], known) == []
    (message,) = selecting.unknown_selectors(["GO.2"], known)
    assert "unknown selector 'GO.2'" in message and "GO.02" in message
    (message,) = selecting.unknown_selectors(["zzzz"], known)
    assert "close matches" not in message


def test_split_selectors() -> None:
    assert gating.split_selectors(["GO, PV", "", "privacy"]) == ("GO", "PV", "privacy")


def test_exit_code_follows_fail_on(example: dict[str, Any]) -> None:
    assert gate.exit_code(example, gating.DEFAULT) == (ExitCode.FAILED, ["failed"])
    assert gate.exit_code(example, parse_fail_on("error")) == (ExitCode.PASSED, [])
    # Both failing controls are critical.
    assert gate.exit_code(example, parse_fail_on("failed:critical"))[0] == ExitCode.FAILED
    regressions = [{"severity": "medium"}]
    assert gate.exit_code(example, parse_fail_on("regression"), regressions) == (
        ExitCode.FAILED,
        ["regression"],
    )
    assert gate.exit_code(example, parse_fail_on("regression:high"), regressions)[0] == 0


def test_errors_outrank_failures_and_problems_count_as_errors(example: dict[str, Any]) -> None:
    troubled = copy.deepcopy(example)
    troubled["problems"] = [{"kind": "plugin", "source": "x", "message": {"nl": "x", "en": "x"}}]
    assert gate.exit_code(troubled, gating.DEFAULT) == (
        ExitCode.EVIDENCE_ERROR,
        ["failed", "error"],
    )
    # A severity threshold cannot hide a problem that belongs to no control.
    assert gate.exit_code(troubled, parse_fail_on("error:critical"))[0] == 2
    assert gate.exit_code(troubled, parse_fail_on("failed"))[0] == ExitCode.FAILED


def test_results_schema_accepts_every_fail_on_rule() -> None:
    pattern = load_schema("results")["properties"]["gate"]["properties"]["fail_on"]["items"]
    for spec in ("failed", "error:high", "regression:critical", "low"):
        for rule in parse_fail_on(spec).to_json():
            assert re.fullmatch(pattern["pattern"], rule), rule
