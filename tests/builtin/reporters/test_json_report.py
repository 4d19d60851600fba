"""The JSON reporter writes the results document itself: valid against its schema, and a
report regenerated from it is the same file, byte for byte."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from builtin.reporters.reporters_support import (
    HOSTILE_BOARD,
    HOSTILE_PRODUCT,
    Run,
    results_schema,
)
from ibpaudit import inert
from ibpaudit.builtin.reporters import json_report
from ibpaudit.model import ReportOptions


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = results_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def test_output_validates_against_the_results_schema(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    written = json.loads(json_report.render(document, ReportOptions()))

    assert errors(validator, written) == []


def test_output_round_trips_to_the_same_document(document: dict[str, Any]) -> None:
    assert json.loads(json_report.render(document, ReportOptions())) == document


@pytest.mark.parametrize("run_name", ["example_run", "troubled_run"])
def test_regenerating_the_written_file_gives_the_same_bytes(
    run_name: str, request: pytest.FixtureRequest
) -> None:
    run: Run = request.getfixturevalue(run_name)
    written = (run.output / "results.json").read_bytes()

    assert json_report.render(json.loads(written), ReportOptions()) == written


def test_key_order_is_kept_as_the_engine_wrote_it(example: dict[str, Any]) -> None:
    text = json_report.render(example, ReportOptions()).decode("utf-8")

    assert list(json.loads(text)) == list(example)
    assert text.index('"schema_version"') < text.index('"tool"') < text.index('"summary"')


def test_non_ascii_and_markup_stay_readable_text(troubled: dict[str, Any]) -> None:
    """Reports are read by people too: no \\u escapes for accents; the hostile texts come
    back as the engine made them inert: markup as text, each control character as its
    visible stand-in (JSON has nothing to escape in them but ")."""
    out = json_report.render(troubled, ReportOptions())

    assert "vóór".encode() in out
    assert b"\\u00f3" not in out
    back = json.loads(out)
    assert back["board"]["name"] == HOSTILE_BOARD
    messages = [
        f["message"]["nl"] for c in back["controls"] for k in c["checks"] for f in k["findings"]
    ]
    assert any(inert.document(HOSTILE_PRODUCT) in m for m in messages)
    assert not any(inert.UNSAFE_IN_DOCUMENT.search(m) for m in messages)


def test_language_does_not_change_the_document(example: dict[str, Any]) -> None:
    """The results document is bilingual; the report language only matters to reports
    for people."""
    assert json_report.render(example, ReportOptions(lang="en")) == json_report.render(
        example, ReportOptions(lang="nl")
    )


def test_the_schema_rejects_what_it_should(
    example: dict[str, Any], validator: Draft202012Validator
) -> None:
    """The validation above is not vacuous: a renamed key or a bad status is caught."""
    example["controls"][0]["state"] = example["controls"][0].pop("status")
    example["summary"]["exit_code"] = 7

    found = errors(validator, json.loads(json_report.render(example, ReportOptions())))

    assert any("'status' is a required property" in e for e in found)
    assert any(e.startswith("summary/exit_code") for e in found)


def with_findings(document: dict[str, Any], count: int) -> dict[str, Any]:
    """The document with ``count`` findings on the first failing check, each its own."""
    changed = copy.deepcopy(document)
    check = next(k for c in changed["controls"] for k in c["checks"] if k["status"] == "failed")
    template = check["findings"][0]
    check["findings"] = [
        {**template, "message": {"nl": f"Rij {n} fout é", "en": f"Row {n} wrong"}}
        for n in range(count)
    ]
    return changed


def compact(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


@pytest.mark.parametrize("small", [0, json_report._SMALL])
@pytest.mark.parametrize("count", [1, 64, 65, 5000])
def test_the_stream_is_the_document_in_chunks(
    example: dict[str, Any], count: int, small: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed or not, walked or encoded whole (``small`` 0: every document is walked),
    the bytes are json.dumps of the document; a large document comes in several chunks,
    none of them the whole."""
    monkeypatch.setattr(json_report, "_SMALL", small)
    document = with_findings(example, count)

    chunks = list(json_report.stream(document, ReportOptions()))

    assert b"".join(chunks) == compact(document)
    assert json_report.render(document, ReportOptions()) == compact(document)
    if count == 5000:
        assert len(chunks) > 3
        assert max(map(len, chunks)) < len(b"".join(chunks)) // 3


def test_only_a_small_document_is_encoded_whole(example: dict[str, Any]) -> None:
    """Findings and evidence files count; past the bound, or shaped otherwise, the
    document is walked."""

    def counted(document: dict[str, Any]) -> int:
        checks = [k for c in document["controls"] for k in c["checks"]]
        return len(document["evidence"]) + sum(len(k["findings"]) for k in checks)

    assert json_report._small(example)
    room = json_report._SMALL - counted(with_findings(example, 0))
    at_bound = with_findings(example, room)
    assert counted(at_bound) == json_report._SMALL
    assert json_report._small(at_bound)
    assert not json_report._small(with_findings(example, room + 1))
    many_files = {**example, "evidence": [{}] * (json_report._SMALL + 1)}
    assert not json_report._small(many_files)
    assert not json_report._small({**example, "controls": {"not": "a list"}})


def test_the_streamed_document_validates(
    example: dict[str, Any], validator: Draft202012Validator
) -> None:
    document = with_findings(example, 3000)
    streamed = json.loads(b"".join(json_report.stream(document, ReportOptions())))

    assert errors(validator, streamed) == []
    assert streamed == document
