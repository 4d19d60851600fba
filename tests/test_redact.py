"""Personal data is replaced in text, and locations are kept."""

from __future__ import annotations

from datetime import date

import pytest

from ibpaudit.models import Origin, Record
from ibpaudit.redact import Redactor, eleven_test, iban_valid


def row(values: dict[str, object]) -> Record:
    return Record(values, origin=Origin("registers/x.csv"))


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False)],
)
def test_the_eleven_test(bsn: str, valid: bool) -> None:
    assert eleven_test(bsn) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("GB82WEST12345698765432", True),
        ("NL00ABNA0417164300", False),
        ("NL91", False),
    ],
)
def test_iban_check_digits(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("BSN 111222333 van de leerling", "111222333"),
        ("BSN 1112.22.333 genoteerd", "1112.22.333"),
        ("BSN 111 222 333 genoteerd", "111 222 333"),
        ("mail naar j.de.vries@basisschool-kompas.nl vandaag", "j.de.vries@basisschool-kompas.nl"),
        ("bel 06-12345678 of", "06-12345678"),
        ("bel 020 123 4567 of", "020 123 4567"),
        ("bel +31 6 1234 5678 of", "+31 6 1234 5678"),
        ("bel 0031612345678 of", "0031612345678"),
        ("bel +32 470 12 34 56 of", "+32 470 12 34 56"),
        ("rekening NL91 ABNA 0417 1643 00 stond erin", "NL91 ABNA 0417 1643 00"),
        ("rekening nl91abna0417164300 stond erin", "nl91abna0417164300"),
    ],
)
def test_patterns_are_redacted_in_both_languages(raw: str, hidden: str) -> None:
    redactor = Redactor.for_columns()
    for lang, word in (("nl", "verborgen"), ("en", "redacted")):
        out = redactor.text(raw, lang)
        assert hidden not in out
        assert word in out
        assert out.split()[0] == raw.split()[0]  # the rest of the text stays


@pytest.mark.parametrize(
    "kept",
    [
        "ontdekt 2026-02-03 09:15, gemeld 2026-02-06 17:30 (binnen 72 uur)",
        "modelversie 4.0 of 3.0; 0,5 uur; kenmerk DL-2026-001; 100000 rijen",
        "nummer 123456789 faalt de elfproef",  # nine digits, not a BSN
        "NL00ABNA0417164300 heeft foute controlecijfers",
        "registers/verwerkersovereenkomsten.xlsx, blad Overeenkomsten, rij 12, kolom F",
    ],
)
def test_ordinary_text_is_left_alone(kept: str) -> None:
    redactor = Redactor.for_columns()
    assert redactor.text(kept, "nl") == kept
    assert redactor.redacted == 0


def test_values_of_marked_columns_are_redacted_wherever_they_appear() -> None:
    redactor = Redactor.for_columns(["Naam kind"])
    redactor.learn(
        ("naam_kind", "geboortedatum", "kenmerk"),
        [row({"naam_kind": "Sanne de Boer", "geboortedatum": date(2016, 3, 4), "kenmerk": "DL-7"})],
    )
    redactor.learn(
        ("verzoeker", "besluit"), [row({"verzoeker": "Piet Jansen", "besluit": "toegewezen"})]
    )
    out = redactor.text("'SANNE DE BOER' (04-03-2016) en Piet Jansen; DL-7 toegewezen", "en")
    assert "sanne" not in out.casefold()
    assert "04-03-2016" not in out
    assert "Piet Jansen" not in out
    assert out.count("[personal data redacted]") == 3
    assert "DL-7 toegewezen" in out  # unmarked columns stay readable


def test_a_bare_name_column_is_not_marked_by_default() -> None:
    """'naam' names applications and components as often as people."""
    redactor = Redactor.for_columns()
    redactor.learn(("naam", "leerling"), [row({"naam": "Parnassys", "leerling": "Sam Smit"})])
    assert redactor.text("Parnassys mist voor Sam Smit", "nl") == (
        "Parnassys mist voor [persoonsgegeven verborgen]"
    )


def test_document_keeps_locations_and_hashes() -> None:
    redactor = Redactor.for_columns()
    document = {
        "run": {"as_of": "2026-11-23", "command": ["ibpaudit", "run"]},
        "controls": [
            {
                "id": "GB.02-datalekken",
                "checks": [
                    {
                        "findings": [
                            {
                                "message": {"nl": "BSN 111222333", "en": "BSN 111222333"},
                                "location": {"path": "registers/111222333.csv", "sha256": "ab"},
                            }
                        ]
                    }
                ],
            }
        ],
    }
    out = redactor.document(document)
    finding = out["controls"][0]["checks"][0]["findings"][0]
    assert finding["message"] == {"nl": "BSN [BSN verborgen]", "en": "BSN [BSN redacted]"}
    assert finding["location"]["path"] == "registers/111222333.csv"
    assert document["controls"][0]["checks"][0]["findings"][0]["message"]["nl"] == "BSN 111222333"


def test_disabled_changes_nothing() -> None:
    redactor = Redactor.for_columns(enabled=False)
    assert redactor.text("BSN 111222333", "nl") == "BSN 111222333"
