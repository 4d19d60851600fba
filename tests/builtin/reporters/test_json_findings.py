"""The JSON reporter writes each finding of a FindingList without making its dict: the
text must be exactly what ``json`` writes for ``finding.to_json()``."""

from __future__ import annotations

import json

import pytest

from ibpaudit.builtin.reporters import json_report
from ibpaudit.i18n import Text, text
from ibpaudit.model import Finding, Location, Origin, Record, ReportOptions, Status
from ibpaudit.model.findings import FindingList
from ibpaudit.model.rowfindings import Collector, RowFindings

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


@pytest.mark.parametrize("small", [0, json_report._SMALL])
def test_a_written_report_keeps_nothing_of_the_board_for_the_next(
    small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walked (``small`` 0) or encoded whole, nothing of the board stays remembered."""
    monkeypatch.setattr(json_report, "_SMALL", small)
    json_report._finding(Finding(Status.FAILED, _MESSAGES[0], _LOCATIONS[0]))  # remembered
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


# -- a register's findings, written a batch at a time ---------------------------------

_ROW_TEMPLATES = [
    Text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}"),
    Text("'{row}' staat niet in {path} {{x}}", "'{row}' is not in {path} }}{{"),
    Text("{a}{b}", "{b} / {a}"),
]
_SHARED = Text("'modelversie' is een van: 3.0", "'modelversie' is one of: 3.0")


def test_findings_on_spreadsheet_rows_are_written_as_a_batch() -> None:
    """A spreadsheet's rows have a row number and no line: left out of each location."""
    findings = [
        Finding(f.status, f.message, Location(f.location.path, None, None, i, None, "Blad1"))
        for i, f in enumerate(_row_findings(300), start=2)
        if f.location is not None
    ]
    said = json_report._findings(findings)
    assert said is not None
    assert said == ",".join(map(_reference, findings))


def _row_findings(count: int, **vary: bool) -> list[Finding]:
    """``count`` findings as a register check makes them: a formatted message (row
    values, some nasty, a shared condition), a location with a line and a row."""
    tails = [(None, None, None), ('kolom "x"', _NASTY, 4)]
    found = []
    for i in range(count):
        template = _ROW_TEMPLATES[i % 3 if vary.get("templates") else 0]
        cond = _SHARED if i % 5 else Text(f"nl {i}", f"en {i}")  # shared, and one's own
        row = _NASTY if i % 7 == 0 else "" if i % 11 == 0 else f"Leverancier {i % 9} / Product {i}"
        message = template.format(row=row, cond=cond, path="registers/b.csv", a=row, b=f"{i}")
        path = f"registers/{'a' if i % 2 or not vary.get('files') else _NASTY}.csv"
        column, sheet, page = tails[1 if vary.get("tail") else 0]
        location = Location(path, "ab" * 32, i + 2, i + 1, column, sheet, page)
        found.append(Finding(Status.FAILED, message, location))
    return found


@pytest.mark.parametrize(
    "vary",
    [{}, {"templates": True}, {"files": True}, {"tail": True}, {"templates": True, "files": True}],
    ids=["one-template", "templates", "files", "tail", "templates-files"],
)
def test_a_batch_of_row_findings_is_written_as_each_would_be(vary: dict[str, bool]) -> None:
    findings = _row_findings(700, **vary)
    said = json_report._findings(findings)
    assert said is not None  # written as a batch
    assert said == ",".join(map(_reference, findings))


def _unlike(findings: list[Finding], i: int, **change: object) -> list[Finding]:
    from dataclasses import replace

    changed = list(findings)
    changed[i] = replace(changed[i], **change)  # type: ignore[arg-type]
    return changed


@pytest.mark.parametrize(
    "change",
    [
        {"school": "01AB"},
        {"status": Status.ERROR},
        {"message": Text("plain", "plain")},
        {"message": text("{x}", "{x}", x=text("in {y}", "in {y}", y="nested"))},
        {"location": None},
        {"location": Location("registers/a.csv", "ab" * 32, None, 3)},
        {"location": Location("registers/a.csv", "ab" * 32, 3, None)},
        {"location": Location("registers/a.csv", "ab" * 32, 3, 3, "kolom")},
    ],
    ids=["school", "status", "plain-text", "nested", "no-location", "no-line", "no-row", "tail"],
)
def test_a_batch_with_one_unlike_finding_is_written_one_by_one(change: dict[str, object]) -> None:
    """A finding the batch cannot write as its neighbours (the batch would have to tell
    it apart per finding) makes the batch decline; the stream then writes each."""
    findings = _unlike(_row_findings(300), 150, **change)
    assert json_report._findings(findings) is None
    document = {"controls": [{"checks": [{"findings": FindingList(findings)}]}]}
    written = json_report.render(document, ReportOptions()).decode()
    expected = {"controls": [{"checks": [{"findings": [f.to_json() for f in findings]}]}]}
    assert written == json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_a_long_finding_list_is_written_as_json_writes_its_dicts() -> None:
    """Across batches of the stream (4,096 findings each, the last one shorter), with a
    run of findings that no batch can take in between."""
    findings = _row_findings(9_000, templates=True, files=True)
    findings[5_000:5_010] = [Finding(Status.ERROR, Text("x", "y"), None, "01AB")] * 10
    document = {"controls": [{"checks": [{"findings": FindingList(findings)}]}]}
    written = json_report.render(document, ReportOptions()).decode()
    expected = {"controls": [{"checks": [{"findings": [f.to_json() for f in findings]}]}]}
    assert written == json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\n"


def test_findings_on_register_rows_are_written_from_their_columns() -> None:
    """Held as rows and template values (ibpaudit.model.rowfindings), across batches,
    for a csv's rows (a line and a row) and a sheet's (a row only)."""
    for line in (True, False):
        findings = _row_findings(5_000, templates=True)
        collector = Collector()
        expected = []
        for f in findings:
            assert f.location is not None
            sheet = None if line else "Blad1"
            origin = Origin(f.location.path, f.location.sha256, sheet)
            record = Record(
                {}, origin=origin, row=f.location.row, line=f.location.line if line else None
            )
            collector.row(f.status, f.message, record)
            expected.append(Finding(f.status, f.message, record.location))
        held = collector.findings()
        assert all(isinstance(p, RowFindings) for p in held.parts)  # type: ignore[attr-defined]
        assert json_report._rows(held.parts[0]) is not None  # type: ignore[attr-defined]
        document = {"controls": [{"checks": [{"findings": FindingList(held)}]}]}
        written = json_report.render(document, ReportOptions()).decode()
        reference = {"controls": [{"checks": [{"findings": [f.to_json() for f in expected]}]}]}
        assert written == json.dumps(reference, ensure_ascii=False, separators=(",", ":")) + "\n"
