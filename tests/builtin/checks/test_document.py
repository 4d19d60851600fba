"""``document``: present, complete, adopted, reviewed on time."""

from __future__ import annotations

from pathlib import Path

from ibpaudit.model import Status
from office import write_pdf
from support import Judge, messages

POLICY = """---
titel: IBP-beleid
type: ibp-beleid
versie: "1.0"
eigenaar: bestuurder
vastgesteld_op: {adopted}
vastgesteld_door: {by}
volgende_review: {review}
---
# IBP-beleid

Wij melden datalekken binnen 72 uur.
"""


def policy(adopted: str = "2026-03-10", by: str = "bestuurder", review: str = "2027-03-01") -> str:
    return POLICY.format(adopted=adopted, by=by, review=review)


def test_adopted_current_policy_passes(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy()},
        "document",
        {
            "type": "ibp-beleid",
            "fields": ["titel", "versie", "eigenaar"],
            "adopted_by": ["bestuurder"],
            "review": True,
            "max_age": "P1Y",
            "contains": ["72 uur"],
        },
    )
    assert outcome.findings == ()
    assert [loc.path for loc in outcome.evidence] == ["beleid/ibp.md"]


def test_missing_document_fails_and_names_the_type(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ander.md": "# geen front matter\n"}, "document", {"type": "ibp-beleid"}
    )
    assert outcome.status is Status.FAILED
    assert "ibp-beleid" in messages(outcome)[0]


def test_overdue_review_and_wrong_adopter_fail(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy(by="conciërge", review="2026-01-01")},
        "document",
        {"type": "ibp-beleid", "adopted_by": ["bestuurder"], "review": True},
    )
    assert outcome.status is Status.FAILED
    text = " ".join(messages(outcome))
    assert "2026-01-01" in text and "conciërge" in text


def test_adopted_after_the_as_of_date_is_not_adopted_yet(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy(adopted="2027-01-01")},
        "document",
        {"type": "ibp-beleid", "adopted_by": ["bestuurder"]},
    )
    assert outcome.status is Status.FAILED
    assert "2027-01-01" in messages(outcome)[0]


def test_too_old_policy_fails(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy(adopted="2022-01-10")},
        "document",
        {"type": "ibp-beleid", "max_age": "P3Y"},
    )
    assert outcome.status is Status.FAILED


def test_the_latest_adopted_version_is_judged(judge: Judge) -> None:
    outcome = judge(
        {
            "beleid/2020.md": policy(adopted="2020-01-01", review="2021-01-01"),
            "beleid/2026.md": policy(),
        },
        "document",
        {"type": "ibp-beleid", "review": True},
    )
    assert outcome.findings == ()
    assert [loc.path for loc in outcome.evidence] == ["beleid/2026.md"]


def test_unreadable_date_is_an_error_not_a_failure(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy(adopted="'31-02-2026'")},
        "document",
        {"type": "ibp-beleid", "adopted_by": ["bestuurder"]},
    )
    assert outcome.status is Status.ERROR
    assert "31-02-2026" in messages(outcome, Status.ERROR)[0]


def test_broken_front_matter_makes_the_check_error(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": "---\ntype: ibp-beleid\ntitel: [open\n---\n"},
        "document",
        {"type": "ibp-beleid"},
    )
    assert outcome.status is Status.ERROR
    assert any("beleid/ibp.md" in m for m in messages(outcome))


def test_sidecar_metadata_counts_for_its_file(judge: Judge) -> None:
    outcome = judge(
        {
            "beleid/ibp.md": "# Beleid zonder metadata\n",
            "beleid/ibp.md.meta.yaml": "type: ibp-beleid\nvastgesteld_op: 2026-03-10\n"
            "vastgesteld_door: bestuurder\n",
        },
        "document",
        {"type": "ibp-beleid", "adopted_by": ["bestuurder"]},
    )
    assert outcome.findings == ()
    assert [loc.path for loc in outcome.evidence] == ["beleid/ibp.md"]


def test_missing_phrase_fails(judge: Judge) -> None:
    outcome = judge(
        {"beleid/ibp.md": policy()}, "document", {"type": "ibp-beleid", "contains": ["ECK iD"]}
    )
    assert outcome.status is Status.FAILED
    assert "ECK iD" in messages(outcome)[0]


def test_pdf_phrase_is_cited_with_its_page(judge: Judge, tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "beleid.pdf",
        {"type": "ibp-beleid"},
        ["Inleiding", "Datalekken melden we binnen 72 uur."],
    )
    outcome = judge(
        {"beleid/beleid.pdf": pdf.read_bytes()},
        "document",
        {"type": "ibp-beleid", "contains": ["72 uur"]},
    )
    assert outcome.findings == ()
    assert [loc.page for loc in outcome.evidence] == [None, 2]


def test_scanned_pdf_cannot_pass_a_contains_check(judge: Judge, tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "scan.pdf", {"type": "ibp-beleid"}, [""])
    outcome = judge(
        {"beleid/scan.pdf": pdf.read_bytes()},
        "document",
        {"type": "ibp-beleid", "contains": ["72 uur"]},
    )
    assert outcome.status is Status.ERROR
    assert "no text layer" in messages(outcome)[0]
