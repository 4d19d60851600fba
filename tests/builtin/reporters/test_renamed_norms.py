"""What every report says about a norm's source status, and how each recognises a norm
that moved to another ID (PV.P01 -> PR.03): the HTML trend (--history), JUnit and SARIF."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from jsonschema import Draft202012Validator, FormatChecker

from builtin.reporters.reporters_support import parse_html, squash
from ibpaudit.builtin.reporters import html, junit, sarif
from ibpaudit.builtin.reporters.html.history import load_history
from ibpaudit.model import SOURCE_STATUSES, ReportOptions
from renamed import CONTROL, NEW, OLD, before_the_move
from support import PROJECT

MOVED = f"{NEW}-{CONTROL}"


def _norm(document: dict[str, Any], norm_id: str) -> dict[str, Any]:
    return next(n for n in document["norms"] if n["id"] == norm_id)


def test_the_trend_follows_a_moved_norm(example: dict[str, Any], tmp_path: Path) -> None:
    old = before_the_move(example)
    old["run"]["as_of"] = "2025-11-23"
    level = _norm(example, NEW)["level_reached"]
    _norm(old, OLD)["level_reached"] = level - 1
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")

    history = load_history(tmp_path, example)

    assert history.skipped == ()
    assert history.norm_levels(NEW) == (level - 1, level)
    assert history.norm_levels(OLD) == (None, None)


def _properties(xml: bytes) -> dict[str, str]:
    root = ET.fromstring(xml)
    return {
        str(p.get("name")): str(p.get("value"))
        for p in root.findall("./testsuite/properties/property")
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_junit_names_the_old_id_and_every_norms_status(example: dict[str, Any], lang: str) -> None:
    xml = junit.render(example, ReportOptions(lang="en" if lang == "en" else "nl"))
    xmlschema.XMLSchema(PROJECT / "tests" / "schemas" / "junit-10.xsd").validate(xml.decode())
    properties = _properties(xml)
    assert properties[f"renamed:{OLD}-{CONTROL}"] == MOVED
    assert properties[f"renamed:{OLD}"] == NEW
    for norm in example["norms"]:
        assert properties[f"norm_source:{norm['id']}"] == norm["source"]
    (case,) = [
        c
        for c in ET.fromstring(xml).findall("./testsuite/testcase")
        if str(c.get("name")).startswith(f"{MOVED} ")
    ]
    out = str(case.findtext("system-out"))
    label = SOURCE_STATUSES["title-seen"].label.get(lang)
    assert f"{NEW} " in out and f"[{label}; " in out and f"{OLD}]" in out


def test_sarif_rules_carry_the_status_and_the_old_id(example: dict[str, Any]) -> None:
    log = json.loads(sarif.render(example, ReportOptions(lang="en")))
    schema = json.loads((PROJECT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text())
    assert list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(log)) == []
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    moved = rules[MOVED]
    assert moved["deprecatedIds"] == [f"{OLD}-{CONTROL}"]
    assert moved["properties"]["normSource"] == "title-seen"
    assert moved["properties"]["normSourceLabel"] == SOURCE_STATUSES["title-seen"].label.en
    assert rules["SM.09-onderhoud-infrastructuur"]["properties"]["normSource"] == "inferred"
    assert all("deprecatedIds" not in r for rid, r in rules.items() if rid != MOVED)
    assert "[ID and title seen (official)]" in moved["help"]["text"]


def test_html_shows_the_status_with_its_explanation_and_pv_as_ibpaudits_own(
    example: dict[str, Any],
) -> None:
    page = parse_html(html.render(example, ReportOptions(lang="en")))
    for status in ("title-seen", "id-seen", "inferred", "provisional"):
        meaning = SOURCE_STATUSES[status]
        spans = [e for e in page.find("span") if e.attrs.get("title") == meaning.explanation.en]
        expected = sum(1 for n in example["norms"] if n["source"] == status)
        assert len(spans) == expected and expected > 0, status
        assert {squash(s.text) for s in spans} == {meaning.label.en}
    assert "ibpaudit's catch-all, not an official domain" in squash(page.text)
