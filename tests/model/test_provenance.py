"""The one vocabulary of source statuses, level names and renamed IDs."""

from __future__ import annotations

import pytest

from ibpaudit.builtin.reporters.html.labels import TERMS, term_word
from ibpaudit.model import (
    SOURCE_STATUSES,
    canonical_control,
    canonical_norm,
    document_aliases,
    former_ids,
    maturity_level,
    source_status,
)
from ibpaudit.schemas import load_schema

ALIASES = {"PV.P01": "PR.03"}


def test_every_framework_status_is_defined_once_with_both_languages() -> None:
    schema = load_schema("framework")
    allowed = set(schema["properties"]["norms"]["items"]["properties"]["source"]["enum"])
    assert allowed - {"verified"} == set(SOURCE_STATUSES) - {"unknown"}
    for status in SOURCE_STATUSES.values():
        assert status.label.nl and status.label.en and status.label.nl != status.label.en
        assert status.explanation.nl and status.explanation.en


def test_the_html_terms_are_the_vocabulary() -> None:
    for status in SOURCE_STATUSES.values():
        term = TERMS["norm_source"][status.id]
        assert term.word == (status.label.nl, status.label.en)
        assert term.meaning == (status.explanation.nl, status.explanation.en)


def test_an_old_value_reads_as_no_more_than_it_showed() -> None:
    assert source_status("verified").id == "id-seen"
    assert source_status("title-seen").id == "title-seen"
    assert source_status("nonsense").id == "unknown"
    for lang in ("nl", "en"):
        assert term_word("norm_source", "verified", lang) == term_word(
            "norm_source", "id-seen", lang
        )


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, 1),
        (5, 5),
        ("2", 2),
        ("Level 2", 2),
        ("HERHAALBAAR", 2),
        ("  Beheerst  en  meetbaar ", 4),
        ("Beheerst", 4),
        ("Managed", 4),
        ("Défined", 3),
        ("continue verbeteren", 5),
    ],
)
def test_maturity_level_reads_numbers_and_names(value: object, level: int) -> None:
    assert maturity_level(value) == level


@pytest.mark.parametrize("value", [0, 6, True, None, "", "7", "niveau", "Uitstekend", 3.0])
def test_maturity_level_refuses_anything_else(value: object) -> None:
    assert maturity_level(value) is None


def test_renamed_ids() -> None:
    assert canonical_norm("PV.P01", ALIASES) == "PR.03"
    assert canonical_norm("PV.P02", ALIASES) == "PV.P02"
    assert canonical_control("PV.P01-verwerkingsregister", ALIASES) == ("PR.03-verwerkingsregister")
    assert canonical_control("PV.P01-x-y", ALIASES) == "PR.03-x-y"
    assert canonical_control("PV.P011-x", ALIASES) == "PV.P011-x"
    assert former_ids("PR.03-verwerkingsregister", ALIASES) == ("PV.P01-verwerkingsregister",)
    assert former_ids("PR.03", ALIASES) == ("PV.P01",)
    assert former_ids("PR.07", ALIASES) == ()
    # Chains and (hand-written) cycles end.
    assert canonical_norm("A.01", {"A.01": "B.01", "B.01": "C.01"}) == "C.01"
    assert canonical_norm("A.01", {"A.01": "B.01", "B.01": "A.01"}) in ("A.01", "B.01")


def test_document_aliases_ignore_what_is_not_text_to_text() -> None:
    old = {"frameworks": [{"id": "x"}]}
    new = {"frameworks": [{"aliases": {"PV.P01": "PR.03", "X": 1}}, "junk"]}
    assert document_aliases(old, new) == ALIASES
    assert document_aliases({}, {"frameworks": "junk"}) == {}
