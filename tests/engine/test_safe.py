"""The one walk that makes the results document safe: redaction piece by piece must find
exactly what a search of the whole text finds, a shared container is walked once, and
every string comes out inert."""

from __future__ import annotations

import json
from collections.abc import Sequence
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
from ibpaudit.model.rowfindings import Collector

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


# -- a register's findings, told quiet in bulk ----------------------------------------

_COND = Text("'modelversie' is een van: 3.0", "'modelversie' is one of: 3.0")
_WHERE = Location("registers/verwerkersovereenkomsten.csv", "ab" * 32)


def _rows(values: list[str], template: Text | None = None) -> list[Finding]:
    """Findings as a register check makes them: one template, a row's value and a shared
    condition, a location per row in one file."""
    template = template or Text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}")
    return [
        Finding(
            Status.FAILED,
            template.format(row=value, cond=_COND),
            Location(_WHERE.path, _WHERE.sha256, i + 2, i + 1),
        )
        for i, value in enumerate(values)
    ]


def _as_rows(items: list[Finding]) -> Sequence[Finding]:
    """The same findings as a check holds them when they are on register rows: the
    rows and the template's values (see ibpaudit.model.rowfindings)."""
    collector = Collector()
    for item in items:
        assert item.location is not None
        origin = Origin(item.location.path, item.location.sha256, item.location.sheet)
        row = Record({}, origin=origin, row=item.location.row, line=item.location.line)
        collector.row(item.status, item.message, row)
    found = collector.findings()
    assert list(found) == items
    return found


def _one_by_one(redactor: Redactor, items: list[Finding]) -> bool:
    """The reference: what the walk's loop tells finding by finding (a message that
    :meth:`Redactor.quiet` passes, a location kept as it is) for every finding, and
    nothing counted. (quiet() may say no to a message the walk then keeps: it tells
    without searching, so it says no to all that might need a search.)"""
    walk = SafeWalk(redactor)
    quiet = all(
        type(item.message) is Formatted
        and redactor.quiet(item.message)
        and item.location is not None
        and walk.location(item.location, True) is item.location
        for item in items
    )
    return quiet and redactor.redacted == 0


_PLAIN = [f"Leverancier {i % 7} B.V. / Product {i}" for i in range(120)]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e["text"]))
def test_a_register_s_findings_are_quiet_in_bulk_exactly_when_each_one_is(
    entry: dict[str, Any],
) -> None:
    """Every probe and negative as one row among plain ones (and as every row): the bulk
    verdict is the one finding by finding, and the walk's output and count are those of
    the same findings as dicts."""
    raw = str(entry["text"])
    if "{" in raw or "}" in raw:
        pytest.skip("a brace would be a placeholder in a template")
    for values in (
        [*_PLAIN[:60], raw, *_PLAIN[60:]],
        [raw] * 100,
        [raw + f" {i}" for i in range(80)],
    ):
        items = _rows(values)
        bulk = SafeWalk(redactor_for(entry.get("learn"))).quiet_findings(items, True)
        assert bulk == _one_by_one(redactor_for(entry.get("learn")), items), values[:2]
        rows = _as_rows(items)
        (part,) = rows.parts  # type: ignore[attr-defined]
        assert SafeWalk(redactor_for(entry.get("learn"))).quiet_rows(part, True) == bulk
        reference = redactor_for(entry.get("learn"))
        expected = safe_document({"f": [f.to_json() for f in items]}, reference)["f"]
        for held in (items, rows):  # findings made already, and findings on rows
            redactor = redactor_for(entry.get("learn"))
            out = safe_document({"f": FindingList(held)}, redactor)["f"]
            assert out.to_json() == expected
            assert redactor.redacted == reference.redacted


def test_plain_register_findings_are_told_quiet_in_bulk() -> None:
    """The common case takes the bulk path: plain rows, empty ones, accented ones and
    words of a learned name that start no learned value."""
    values = [*_PLAIN, "", "Zoë's app", "Boer en Zn.", "de Smit B.V."]
    redactor = redactor_for({"leerling": "Sanne de Boer"})
    assert SafeWalk(redactor).quiet_findings(_rows(values), True)
    assert _one_by_one(redactor_for({"leerling": "Sanne de Boer"}), _rows(values))


@pytest.mark.parametrize(
    ("odd", "learn"),
    [
        ("Evil\x1b[2J app", None),  # a character to make inert
        ("Product \u202e1", None),
        ("mail jan@school.nl", None),  # an @
        ("BSN 111222333", None),  # digits close together
        ("06-1234 5678", None),  # digits close together
        ("Sanne de Boer", {"leerling": "Sanne de Boer"}),  # a learned value
        ("a1b2 Sanne", {"leerling": "Sanne de Boer"}),  # a mixed token, values learned
        ("x", {"leerling": "a1b2 de Boer"}),  # only a template, a learned mixed token
    ],
)
def test_register_findings_with_something_to_look_at_are_not_told_quiet_in_bulk(
    odd: str, learn: dict[str, str] | None
) -> None:
    items = _rows([*_PLAIN[:70], odd, *_PLAIN[70:]])
    bulk = SafeWalk(redactor_for(learn)).quiet_findings(items, True)
    assert bulk == _one_by_one(redactor_for(learn), items)
    if odd != "x":
        assert not bulk


@pytest.mark.parametrize(
    "change",
    [
        {"school": "01AB"},
        {"message": Text("plain", "plain")},
        {"message": text("{x}", "{x}", x=text("in {y}", "in {y}", y="nested"))},
        {"location": None},
        {"location": Location("registers/leerling_111222333.csv", "ab" * 32, 3, 3)},
        {"location": Location(_WHERE.path, _WHERE.sha256, 3, 3, "kolom\x1b", "Blad")},
    ],
    ids=["school", "plain-text", "nested", "no-location", "personal-name", "unsafe-column"],
)
def test_one_finding_unlike_the_rest_sends_them_through_the_walk(change: dict[str, Any]) -> None:
    """Not told in bulk, and the walk gives what it gives the dicts."""
    from dataclasses import replace

    items = _rows(_PLAIN)
    items[40] = replace(items[40], **change)
    assert not SafeWalk(redactor_for()).quiet_findings(items, True)
    redactor = redactor_for()
    out = safe_document({"f": FindingList(items)}, redactor)["f"]
    reference = redactor_for()
    assert out.to_json() == safe_document({"f": [f.to_json() for f in items]}, reference)["f"]
    assert redactor.redacted == reference.redacted


@pytest.mark.parametrize("learn", [None, {"leerling": "Sanne de Boer"}, {"ouder": "Ab12 Cd"}])
def test_pieces_learned_in_bulk_have_the_info_each_would_get(learn: dict[str, str] | None) -> None:
    """What _learn_pieces remembers is what _info says of each piece, whenever it takes
    them; when it declines, nothing is remembered."""
    pieces = [
        *_PLAIN[:50], "12345678", "06-12", "1 2 3 4", "B.V.", "-", " x ", "a_b", "x1y",
        "Ab12", "Boer", "de", "ends in 1234", "  ", "!!", "trailing 0",
    ]  # fmt: skip
    bulk, each = redactor_for(learn), redactor_for(learn)
    took = bulk._learn_pieces(pieces)
    if took:
        assert bulk._piece_memo == {piece: each._info(piece) for piece in pieces}
    else:
        assert not set(pieces) & set(bulk._piece_memo)
    if learn is None:
        assert took  # plain ASCII, nothing learned: always in bulk
