"""The JSON reporter writes each finding of a FindingList without making its dict: the
text must be exactly what ``json`` writes for ``finding.to_json()``."""

from __future__ import annotations

import json

import pytest

from ibpaudit.builtin.reporters import json_report
from ibpaudit.i18n import Text, text
from ibpaudit.model import Finding, Location, ReportOptions, Status
from ibpaudit.model.findings import FindingList

_NASTY = 'quote " backslash \\ tab \t newline \n bell \x07 é ß 漢 \u202e {brace} }{'
_LOCATIONS = [
    None,
    Location("registers/a.csv"),
    Location("registers/a.csv", "ab" * 32, 2, 2),
    Location("registers/ü.xlsx", "cd" * 32, None, 7, 'kolom "x"', "Blad 1", None),
    Location("beleid/b.pdf", None, None, None, None, None, 3),
    Location(_NASTY, _NASTY, 1, 1, _NASTY, _NASTY, 9),
]
_MESSAGES = [
    Text("plain", "plain"),
    Text(_NASTY, _NASTY + "!"),
    text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}", row="Rij 1", cond="x"),
    text("{row}: {cond}", "{row}: {cond}", row=_NASTY, cond=Text("nl {a}", "en }{")),
    text("{a}{b}", "{b} {unknown} {{a}}", a="", b=text("in {x}", "inner {x}", x=_NASTY)),
    text("alleen {w}", "only", w="waarde"),
    text("{n} rijen", "{n} rows", n=12),
]


def _reference(finding: Finding) -> str:
    return json.dumps(finding.to_json(), ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("message", _MESSAGES, ids=range(len(_MESSAGES)))
@pytest.mark.parametrize("location", _LOCATIONS, ids=range(len(_LOCATIONS)))
@pytest.mark.parametrize("school", [None, "01AB"])
@pytest.mark.parametrize("status", list(Status))
def test_a_finding_is_written_as_json_writes_its_dict(
    message: Text, location: Location | None, school: str | None, status: Status
) -> None:
    finding = Finding(status, message, location, school)
    assert json_report._finding(finding) == _reference(finding)
    assert json_report._finding(finding) == _reference(finding)  # the pattern remembered


def test_a_written_report_keeps_nothing_of_the_board_for_the_next() -> None:
    findings = FindingList(
        Finding(Status.FAILED, message, location)
        for message in _MESSAGES
        for location in _LOCATIONS
    )
    document = {"controls": [{"id": "X", "checks": [{"findings": findings}]}]}
    written = json.loads(json_report.render(document, ReportOptions()))
    assert len(written["controls"][0]["checks"][0]["findings"]) == len(findings)
    memos = (json_report._PATTERNS, json_report._TEXTS, json_report._FILES, json_report._TAILS)
    assert all(not memo for memo in memos)  # the board's paths and texts are let go
