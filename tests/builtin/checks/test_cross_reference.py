"""``cross_reference``: every selected row has a valid counterpart in another register."""

from __future__ import annotations

from typing import Any

from ibpaudit.model import Status
from support import Judge, messages

APPS = (
    "applicatie;leverancier;product;verwerkt_persoonsgegevens\n"
    "LAS;Edu B.V.;LeerlingPlus;ja\n"
    "Oefenen;Rekenwerk B.V.;Rekentuin;ja\n"
    "Bord;Klasscherm B.V.;Bordtools;nee\n"
)
AGREEMENTS = (
    "leverancier;product;ondertekend_op;privacybijsluiter\n"
    "Edu B.V.;  leerlingplus ;14-08-2025;ja\n"
    "Rekenwerk B.V.;Rekentuin;;nee\n"
)
PARAMS: dict[str, Any] = {
    "from": {
        "register": "applicaties",
        "key": ["leverancier", "product"],
        "where": {"column": "verwerkt_persoonsgegevens", "is": True},
    },
    "to": {
        "register": "verwerkersovereenkomsten",
        "key": ["leverancier", "product"],
        "require": [
            {"column": "ondertekend_op", "not_empty": True},
            {"column": "privacybijsluiter", "is": True},
        ],
    },
}


def files(agreements: str = AGREEMENTS) -> dict[str, str]:
    return {"registers/applicaties.csv": APPS, "registers/verwerkersovereenkomsten.csv": agreements}


def test_unsigned_agreement_fails_once_naming_every_unmet_condition(judge: Judge) -> None:
    outcome = judge(files(), "cross_reference", PARAMS)
    assert outcome.status is Status.FAILED
    (finding,) = outcome.findings  # keys match despite case and spaces; one finding per row
    assert finding.location is not None
    assert (finding.location.path, finding.location.row) == (
        "registers/verwerkersovereenkomsten.csv",
        3,
    )
    assert "'ondertekend_op' is filled in" in finding.message.en
    assert "'privacybijsluiter' is yes" in finding.message.en


def test_missing_counterpart_fails_on_the_source_row(judge: Judge) -> None:
    only_edu = (
        "leverancier;product;ondertekend_op;privacybijsluiter\n"
        "Edu B.V.;LeerlingPlus;01-01-2025;ja\n"
    )
    outcome = judge(files(only_edu), "cross_reference", PARAMS)
    (finding,) = outcome.findings
    assert finding.location is not None and finding.location.path == "registers/applicaties.csv"
    assert "Rekentuin" in finding.message.en


def test_all_present_and_signed_passes(judge: Judge) -> None:
    signed = AGREEMENTS.replace("Rekentuin;;nee", "Rekentuin;01-03-2024;ja")
    assert judge(files(signed), "cross_reference", PARAMS).findings == ()


def test_missing_target_register_fails(judge: Judge) -> None:
    outcome = judge({"registers/applicaties.csv": APPS}, "cross_reference", PARAMS)
    assert outcome.status is Status.FAILED
    assert any("verwerkersovereenkomsten" in m for m in messages(outcome))
