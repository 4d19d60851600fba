"""``freshness``: evidence is recent enough; stale or missing evidence is never a pass."""

from __future__ import annotations

from ibpaudit.model import Status
from support import Judge, messages

REVIEWS = "applicatie;beoordeeld_op\nLeerlingadministratie;15-09-2026\nRekenoefenen;01-02-2026\n"


def test_latest_row_is_recent_enough(judge: Judge) -> None:
    outcome = judge(
        {"registers/toegangsreviews.csv": REVIEWS},
        "freshness",
        {"register": "toegangsreviews", "column": "beoordeeld_op", "max_age": "P6M"},
    )
    assert outcome.findings == ()


def test_each_row_must_be_recent_when_asked(judge: Judge) -> None:
    outcome = judge(
        {"registers/toegangsreviews.csv": REVIEWS},
        "freshness",
        {"register": "toegangsreviews", "column": "beoordeeld_op", "max_age": "P6M", "each": True},
    )
    assert outcome.status is Status.FAILED
    (finding,) = outcome.findings
    assert finding.location is not None and finding.location.row == 3


def test_where_filters_rows_before_judging_age(judge: Judge) -> None:
    tests = "getest_op;geslaagd\n12-03-2025;ja\n08-10-2026;nee\n"
    outcome = judge(
        {"registers/hersteltests.csv": tests},
        "freshness",
        {
            "register": "hersteltests",
            "column": "getest_op",
            "max_age": "P1Y",
            "where": {"column": "geslaagd", "is": True},
        },
    )
    assert outcome.status is Status.FAILED
    assert "2025-03-12" in messages(outcome)[0]


def test_no_dated_rows_fails(judge: Judge) -> None:
    outcome = judge(
        {"registers/hersteltests.csv": "getest_op;geslaagd\n;ja\n"},
        "freshness",
        {"register": "hersteltests", "column": "getest_op", "max_age": "P1Y"},
    )
    assert outcome.status is not Status.PASSED


def test_document_field_freshness(judge: Judge) -> None:
    doc = "---\ntype: continuiteitsplan\ngetest_op: 2024-05-01\n---\n"
    outcome = judge(
        {"beleid/bcp.md": doc},
        "freshness",
        {"document_type": "continuiteitsplan", "field": "getest_op", "max_age": "P1Y"},
    )
    assert outcome.status is Status.FAILED
