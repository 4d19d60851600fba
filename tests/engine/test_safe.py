"""The one walk that makes the results document safe: redaction piece by piece must find
exactly what a search of the whole text finds, a shared container is walked once, and
every string comes out inert."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from ibpaudit import inert
from ibpaudit.engine.redact import Redactor
from ibpaudit.engine.safe import SafeWalk, safe_document
from ibpaudit.i18n import Formatted, Text, text
from ibpaudit.model import Finding, Location, Origin, Record, Status
from ibpaudit.model.findings import FindingList, plain

PROBES = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "redaction" / "probes.yaml").read_text(encoding="utf-8")
)
ENTRIES = [*PROBES["probes"], *PROBES["negatives"]]


def redactor_for(learn: dict[str, str] | None = None) -> Redactor:
    redactor = Redactor.for_columns()
    if learn:
        redactor.learn(tuple(learn), [Record(dict(learn), origin=Origin("registers/x.csv"))])
    return redactor


def whole_text(redactor: Redactor, message: Text) -> tuple[str, str]:
    """What redacting the whole text of each language gives: the reference."""
    return (
        inert.text(redactor.text(message.nl, "nl"), inert.UNSAFE_IN_DOCUMENT),
        inert.text(redactor.text(message.en, "en"), inert.UNSAFE_IN_DOCUMENT),
    )


def splits(value: str) -> list[tuple[str, str, str]]:
    """``value`` as (before, middle, after) at every pair of cut points."""
    n = len(value)
    return [(value[:i], value[i:j], value[j:]) for i in range(n + 1) for j in range(i, n + 1)]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["text"]))
def test_piece_by_piece_finds_what_the_whole_text_search_finds(entry: dict[str, Any]) -> None:
    """Every probe and negative, cut into template text and a value at every pair of
    places: the seams (a BSN, an IBAN, an e-mail address, a phone number, a learned
    name split between template and value) must not hide anything, nor add anything."""
    raw = str(entry["text"])
    if "{" in raw or "}" in raw:
        pytest.skip("a brace would be a placeholder in a template")
    pieces_redactor = redactor_for(entry.get("learn"))
    whole_redactor = redactor_for(entry.get("learn"))
    walk = SafeWalk(pieces_redactor)
    for before, middle, after in splits(raw):
        template = before + "{v}" + after
        message = Text(nl=template, en=template).format(v=middle)
        assert isinstance(message, Formatted)
        expected = whole_text(whole_redactor, Text(raw, raw))
        out = walk.text(message, True)
        assert (out.nl, out.en) == expected, (before, middle, after)
    assert pieces_redactor.redacted == whole_redactor.redacted


def test_probes_split_into_two_values_and_nested_texts() -> None:
    """Two values side by side (no template text between them), and a formatted value
    inside a formatted text, for every probe."""
    for entry in PROBES["probes"]:
        raw = str(entry["text"])
        redactor = redactor_for(entry.get("learn"))
        reference = redactor_for(entry.get("learn"))
        walk = SafeWalk(redactor)
        for cut in range(len(raw) + 1):
            inner = text("{x}", "{x}", x=raw[cut:])
            message = text("{a}{b}", "{a}{b}", a=raw[:cut], b=inner)
            out = walk.text(message, True)
            assert (out.nl, out.en) == whole_text(reference, Text(raw, raw)), (raw, cut)
            for value in entry["hide"]:
                assert value not in out.nl and value not in out.en


@pytest.mark.parametrize(
    ("template", "values", "hidden"),
    [
        ("mail {user}@{domain} vandaag", {"user": "jan.jansen", "domain": "school.nl"}, "@"),
        ("rekening NL{check}ABNA{rest}", {"check": "91", "rest": "0417164300"}, "0417164300"),
        ("bel 06-{rest} na 15 uur", {"rest": "12345678"}, "12345678"),
        ("BSN {nr} van de leerling", {"nr": "12345672"}, "12345672"),  # 8 digits: BSN word
        ("BSN 1112{rest} genoteerd", {"rest": "22333"}, "22333"),
        ("gesprek met {first} {last}", {"first": "Sanne", "last": "de Boer"}, "Boer"),
        ("gesprek met Sanne {last}", {"last": "de Boer"}, "Boer"),
        ("gesprek met San{rest}", {"rest": "ne de Boer"}, "Boer"),
    ],
)
def test_personal_data_across_a_seam_is_redacted(
    template: str, values: dict[str, str], hidden: str
) -> None:
    redactor = redactor_for({"leerling": "Sanne de Boer"})
    message = Text(template, template).format(**values)
    out = SafeWalk(redactor).text(message, True)
    assert hidden not in out.nl and hidden not in out.en
    assert (out.nl, out.en) == whole_text(redactor_for({"leerling": "Sanne de Boer"}), message)


def test_a_message_with_nothing_to_change_is_kept_as_it_is() -> None:
    redactor = redactor_for({"leerling": "Sanne de Boer"})
    message = text("{p} van {l}: niet getekend", "{p} by {l}: not signed", p="App", l="Firma")
    assert SafeWalk(redactor).text(message, True) is message
    assert redactor.redacted == 0


def test_control_characters_in_a_value_are_made_inert() -> None:
    message = text("product {p} mist", "product {p} missing", p="Evil\x1b[2J\u202eApp")
    out = SafeWalk(redactor_for()).text(message, True)
    assert "\x1b" not in out.nl + out.en and "\u202e" not in out.nl + out.en
    assert out.nl == "product Evil\u241b[2J\u27e8U+202E\u27e9App mist"
    # Shown personal data is still inert.
    shown = SafeWalk(Redactor.for_columns(enabled=False)).text(message, False)
    assert shown.en == "product Evil\u241b[2J\u27e8U+202E\u27e9App missing"


def test_a_shared_container_is_walked_once_and_counted_every_time() -> None:
    """Walked twice in place, a redacted text would be redacted again: a learned value
    that reads like the token it becomes shows the double redaction."""
    redactor = redactor_for({"leerling": "Persoonsgegeven Verborgen"})
    message = {"nl": "Persoonsgegeven Verborgen belde", "en": "Persoonsgegeven Verborgen called"}
    finding = {"status": "failed", "message": message}
    document: dict[str, Any] = {"controls": [{"checks": [{"findings": [finding, finding]}]}]}
    out = safe_document(document, redactor)
    shown = out["controls"][0]["checks"][0]["findings"]
    assert shown[0]["message"]["nl"] == "[persoonsgegeven verborgen] belde"
    assert shown[1]["message"]["nl"] == "[persoonsgegeven verborgen] belde"
    assert redactor.redacted == 4  # two places, two languages: as two copies would count


def test_a_finding_list_is_redacted_finding_by_finding() -> None:
    redactor = redactor_for({"leerling": "Tim Smit"})
    where = Location("registers/leerling_111222333.csv", "ab" * 32, row=4, sheet="Blad Tim Smit")
    findings = FindingList(
        [
            Finding(
                Status.FAILED, text("{n}: geen toestemming", "{n}: no consent", n="Tim Smit"), where
            ),
            Finding(Status.FAILED, Text("niets persoonlijks", "nothing personal"), where, "00AA"),
        ]
    )
    document: dict[str, Any] = {"controls": [{"checks": [{"findings": findings}]}]}
    out = safe_document(document, redactor)["controls"][0]["checks"][0]["findings"]
    assert isinstance(out, FindingList)
    first, second = out[0], out[1]
    assert first["message"] == {
        "nl": "[persoonsgegeven verborgen]: geen toestemming",
        "en": "[personal data redacted]: no consent",
    }
    assert first["location"] == {
        "path": "registers/leerling_[BSN verborgen].csv",
        "sha256": "ab" * 32,
        "row": 4,
        "sheet": "Blad [persoonsgegeven verborgen]",
    }
    assert second["message"] == {"nl": "niets persoonlijks", "en": "nothing personal"}
    assert second["school"] == "00AA"
    # As the same findings as dicts would be: the walk over dicts is the reference.
    as_dicts = {"controls": [{"checks": [{"findings": findings.to_json()}]}]}
    reference = redactor_for({"leerling": "Tim Smit"})
    expected = safe_document(as_dicts, reference)["controls"][0]["checks"][0]["findings"]
    assert out.to_json() == expected
    assert redactor.redacted == reference.redacted
    assert json.loads(json.dumps(out, default=plain)) == expected


def test_document_redacts_a_copy_and_safe_document_changes_in_place() -> None:
    finding = {"message": {"nl": "BSN 111222333", "en": "BSN 111222333"}}
    document: dict[str, Any] = {"controls": [{"checks": [{"findings": [finding]}]}]}
    copy = Redactor.for_columns().document(document)
    assert copy["controls"][0]["checks"][0]["findings"][0]["message"]["nl"] == "BSN [BSN verborgen]"
    assert finding["message"]["nl"] == "BSN 111222333"
    same = safe_document(document, Redactor.for_columns())
    assert same is document and finding["message"]["nl"] == "BSN [BSN verborgen]"


def test_probes_cut_into_four_values_find_what_the_whole_text_search_finds() -> None:
    """Numbers cut into several values with the gaps between them in values of their own
    (``06`` ``-`` ``1234`` ``5678``): digits close together across seams are found."""
    for entry in ENTRIES:
        raw = str(entry["text"])
        redactor = redactor_for(entry.get("learn"))
        reference = redactor_for(entry.get("learn"))
        walk = SafeWalk(redactor)
        cuts = range(0, len(raw) + 1, 3)
        for i in cuts:
            for j in (c for c in cuts if c >= i):
                for k in (c for c in cuts if c >= j):
                    message = text(
                        "{a}{b}{c}{d}", "{a}{b}{c}{d}", a=raw[:i], b=raw[i:j], c=raw[j:k], d=raw[k:]
                    )
                    out = walk.text(message, True)
                    assert (out.nl, out.en) == whole_text(reference, Text(raw, raw)), (i, j, k)
