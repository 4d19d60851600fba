"""Personal data is replaced in text, and locations are kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ibpaudit.engine import redact
from ibpaudit.engine.redact import Redactor, eleven_test, iban_valid
from ibpaudit.model import Origin, Record
from support import PROBE_START, imported

PROBES = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "redaction" / "probes.yaml").read_text(encoding="utf-8")
)


def row(values: dict[str, object]) -> Record:
    return Record(values, origin=Origin("registers/x.csv"))


@pytest.mark.parametrize(
    ("bsn", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("012345672", True),
        ("123456789", False),
        ("000000000", False),
        ("12345672", False),  # eight digits: only in a BSN context, see the probes
    ],
)
def test_the_eleven_test(bsn: str, valid: bool) -> None:
    assert eleven_test(bsn) is valid


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("GB82WEST12345698765432", True),
        ("NL91.ABNA.0417.1643.00", True),
        ("nl91-abna-0417-1643-00", True),
        ("NL00ABNA0417164300", False),
        ("NL06ABNA04171643001", False),  # check digits fit, but no Dutch IBAN is 19 long
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


def test_document_keeps_locations_and_hashes_but_not_personal_data_in_names() -> None:
    """A BSN in a file name leaks like one in a cell; the folder, the rest of the name,
    the row and the SHA-256 still lead an auditor to the file."""
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
                                "location": {
                                    "path": "registers/leerling_111222333.csv",
                                    "sheet": "Blad 111222333",
                                    "row": 4,
                                    "sha256": "ab",
                                },
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
    assert finding["location"] == {
        "path": "registers/leerling_[BSN verborgen].csv",
        "sheet": "Blad [BSN verborgen]",
        "row": 4,
        "sha256": "ab",
    }
    assert document["controls"][0]["checks"][0]["findings"][0]["message"]["nl"] == "BSN 111222333"


def test_disabled_changes_nothing() -> None:
    redactor = Redactor.for_columns(enabled=False)
    assert redactor.text("BSN 111222333", "nl") == "BSN 111222333"


def probe_redactor(entry: dict[str, Any]) -> Redactor:
    redactor = Redactor.for_columns()
    learn = entry.get("learn") or {}
    if learn:
        redactor.learn(tuple(learn), [row(dict(learn))])
    return redactor


@pytest.mark.parametrize("probe", PROBES["probes"], ids=lambda p: f"{p['kind']}:{p['text']}")
def test_every_probe_is_redacted(probe: dict[str, Any]) -> None:
    for lang in ("nl", "en"):
        out = probe_redactor(probe).text(probe["text"], lang)
        for value in probe["hide"]:
            assert value not in out
        for kept in probe.get("keep", ()):
            assert kept in out
        assert ("verborgen" if lang == "nl" else "redacted") in out


@pytest.mark.parametrize("negative", PROBES["negatives"], ids=lambda n: str(n["text"]))
def test_no_negative_is_changed(negative: dict[str, Any]) -> None:
    redactor = probe_redactor(negative)
    assert redactor.text(negative["text"], "nl") == negative["text"]
    assert redactor.redacted == 0


def test_the_probe_corpus_covers_every_kind_with_negatives() -> None:
    kinds = {p["kind"] for p in PROBES["probes"]}
    assert kinds == {"bsn", "phone", "iban", "email", "value"}
    assert len(PROBES["probes"]) >= 37
    assert len(PROBES["negatives"]) >= 20
    # No value to hide is part of a negative: an output scan for it is then meaningful.
    negatives = " | ".join(n["text"] for n in PROBES["negatives"])
    assert not [h for p in PROBES["probes"] for h in p["hide"] if h in negatives]


def test_an_eight_digit_number_is_a_bsn_only_after_a_bsn_word() -> None:
    """12345672 is 012345672 without Excel's leading zero, and also a KvK number's shape."""
    redactor = Redactor.for_columns()
    assert redactor.text("BSN 12345672", "en") == "BSN [BSN redacted]"
    assert redactor.text("KvK 12345672", "en") == "KvK 12345672"  # same digits, no BSN word
    assert redactor.text("ordernummer 12345672", "en") == "ordernummer 12345672"


def test_a_learned_value_is_found_in_any_case_with_or_without_accents() -> None:
    redactor = Redactor.for_columns()
    redactor.learn(("leerling",), [row({"leerling": "Zoë Öztürk"})])
    for written in ("Zoë Öztürk", "zoë öztürk", "ZOE OZTURK", "zoe_ozturk.pdf"):
        assert "[personal data redacted]" in redactor.text(f"zie {written}", "en"), written


def test_roles_and_placeholders_in_marked_columns_stay_readable() -> None:
    redactor = Redactor.for_columns()
    redactor.learn(
        ("verzoeker", "eck_id", "houder"),
        [row({"verzoeker": "ouder", "eck_id": "nee", "houder": "security officer"})],
    )
    text = "de ouder vroeg inzage; nee; de security officer besliste"
    assert redactor.text(text, "nl") == text


def test_each_distinct_text_is_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Redaction costs time per distinct value, not per place a document repeats it."""
    searched: list[str] = []
    real = redact.spans

    def counting(text: str) -> list[tuple[int, int, str]]:
        searched.append(text)
        return real(text)

    monkeypatch.setattr(redact, "spans", counting)
    redactor = Redactor.for_columns()
    finding = {"message": {"nl": "BSN 111222333 ontbreekt", "en": "BSN 111222333 missing"}}
    out = redactor.document({"controls": [{"findings": [finding] * 500}]})
    assert sorted(searched) == ["BSN 111222333 missing", "BSN 111222333 ontbreekt"]
    assert redactor.redacted == 1000  # every redacted excerpt still counts
    assert out["controls"][0]["findings"][499]["message"]["en"] == "BSN [BSN redacted] missing"


def test_a_value_learned_later_is_found_in_text_redacted_before() -> None:
    redactor = Redactor.for_columns()
    assert redactor.text("gesprek met Bakker", "nl") == "gesprek met Bakker"
    redactor.learn(("leerling",), [row({"leerling": "Bakker"})])
    assert redactor.text("gesprek met Bakker", "nl") == "gesprek met [persoonsgegeven verborgen]"


def test_attested_statements_are_redacted_and_their_signers_kept() -> None:
    redactor = Redactor.for_columns()
    redactor.learn(("leerling",), [row({"leerling": "Tim Smit"})])
    attestation = {
        "id": "pv.p06",
        "path": "attestaties/pv.p06.yaml",
        "statement": "Het gesprek met Tim Smit (BSN 111222333, 06-12345678) is gevoerd.",
        "signed_by": "M. de Vries",
        "role": "bestuurder",
    }
    out = redactor.document({"attestations": [attestation]})["attestations"][0]
    assert out["statement"] == (
        "Het gesprek met [persoonsgegeven verborgen] (BSN [BSN verborgen], "
        "[telefoonnummer verborgen]) is gevoerd."
    )
    assert (out["signed_by"], out["role"]) == ("M. de Vries", "bestuurder")


def test_dates_and_years_wake_no_validator() -> None:
    """A text whose only long digit runs are dates and year ranges costs regular
    expressions only: neither the phone matcher nor the BSN check is imported (in a
    fresh process, where nothing else has imported them)."""
    probe = (
        PROBE_START + "from ibpaudit.engine.personal import spans\n"
        "texts = ['Roosterserver SRV-01 / 10-11-2026: niet voldaan',\n"
        "         'ontdekt 2026-02-03 09:15, gemeld 2026-02-06 17:30',\n"
        "         'beleid/ibp-strategie-2025-2029.md, schooljaar 2026-2027']\n"
        f"print([spans(t) for t in texts], {imported(('phonenumbers', 'stdnum'))})\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[[],", "[],", "[]]", "False", "False"]
