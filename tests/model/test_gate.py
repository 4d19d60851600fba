"""The gate's inputs as data: the ``--fail-on`` grammar and selectors."""

from __future__ import annotations

import re

import pytest

from ibpaudit.catalog import load_schema
from ibpaudit.model import gate as gating
from ibpaudit.model.gate import GateSpecError, Rule, parse_fail_on


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
    with pytest.raises(GateSpecError, match=message) as raised:
        parse_fail_on(spec)
    assert raised.value.text.en == str(raised.value)
    dutch = raised.value.text.nl
    assert dutch != raised.value.text.en and ("geen uitkomst" in dutch or "leeg" in dutch)


def test_a_severity_threshold_includes_higher_severities() -> None:
    rule = Rule("failed", "high")
    assert [rule.covers(s) for s in ("low", "medium", "high", "critical")] == [
        False,
        False,
        True,
        True,
    ]
    assert rule.covers(None), "an unknown severity is never hidden by a threshold"


def test_split_selectors() -> None:
    assert gating.split_selectors(["GO, PV", "", "privacy"]) == ("GO", "PV", "privacy")


def test_results_schema_accepts_every_fail_on_rule() -> None:
    pattern = load_schema("results")["properties"]["gate"]["properties"]["fail_on"]["items"]
    for spec in ("failed", "error:high", "regression:critical", "low"):
        for rule in parse_fail_on(spec).to_json():
            assert re.fullmatch(pattern["pattern"], rule), rule
