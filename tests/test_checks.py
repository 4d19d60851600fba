"""``ibpaudit.checks``: the helpers every check type uses. A prepared
:class:`~ibpaudit.checks.RowTemplate` words a row exactly as formatting the control's
message row by row did, and :func:`~ibpaudit.checks.judge` shares a register's selected
rows between the checks of one run without ever serving them for other rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import checks, testing
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.i18n import Formatted
from ibpaudit.model import (
    CheckContext,
    Control,
    Limits,
    Location,
    Record,
    Shared,
    Status,
    Text,
    join,
    text,
)
from support import AS_OF

TEMPLATES: list[object] = [
    "Geen overeenkomst voor {product} van {leverancier}",
    {"nl": "{product}: ontbreekt ({datum})", "en": "{product}: missing ({datum})"},
    {"nl": "alleen Nederlands {product}"},  # English falls back to the Dutch text
    "{onbekend} blijft staan, {product} niet",
    "{{product}} en {product}{product}",
    "{ product } is geen plaatshouder; {9x} ook niet; {_x1} wel",
    "geen plaatshouders",
    "",
    "{leeg}|{nul}|{getal}|{ja}|{tekst}",
]
VALUES: list[dict[str, Any]] = [
    {
        "product": "LeerlingPlus",
        "leverancier": "Edu B.V.",
        "datum": date(2025, 1, 31),
        "_x1": "x",
        "leeg": None,
        "nul": 0,
        "getal": 3.5,
        "ja": True,
        "tekst": Text("NL", "EN"),
    },
    {"product": "{leverancier}", "leverancier": None},  # a value is never parsed again
    {},
]


def old_message(template: object, values: dict[str, Any]) -> Text:
    """How a failing row was worded before RowTemplate: format the message per row."""
    return Text.of(template).format(**{k: "" if v is None else v for k, v in values.items()})


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("values", VALUES)
def test_a_row_template_words_a_row_as_formatting_the_message_did(
    template: object, values: dict[str, Any]
) -> None:
    assert checks.RowTemplate(template).render(values) == old_message(template, values)


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_row_template_words_every_row_as_formatting_the_message_did(template: object) -> None:
    """One template for many rows, in every order (the first row that has every column
    prepares the later ones): the same words, values and template as formatting each."""
    rows = [*VALUES, VALUES[0], {**VALUES[0], "product": "Ander"}, VALUES[2], VALUES[0]]
    for ordered in (rows, rows[::-1]):
        prepared = checks.RowTemplate(template)
        for values in ordered:
            said, expected = prepared.render(values), old_message(template, values)
            assert said == expected
            assert type(said) is type(expected)
            if isinstance(expected, Formatted):
                assert isinstance(said, Formatted)
                assert said.values == expected.values
                assert said.plan == expected.plan


def test_row_message_is_unchanged_for_a_record() -> None:
    record = Record({"product": "Rekentuin", "leverancier": None}, Location("r.csv", row=2))
    template = "{product} van {leverancier}"
    fallback = text("terugval", "fallback")

    assert checks.row_message(template, record, fallback) == Text(
        "Rekentuin van ", "Rekentuin van "
    )
    assert checks.row_message(None, record, fallback) is fallback


def test_fixed_values_are_filled_once_and_never_parsed_again() -> None:
    fallback = Text("'{row}' staat niet in {path}", "'{row}' is not in {path}")
    prepared = checks.RowTemplate(fallback, path="registers/{row}.csv")

    assert prepared.render({"row": "App"}) == fallback.format(row="App", path="registers/{row}.csv")
    assert prepared.render({}) == Text(
        "'{row}' staat niet in registers/{row}.csv", "'{row}' is not in registers/{row}.csv"
    )


def test_a_template_without_placeholders_gives_every_row_one_message_object() -> None:
    prepared = checks.RowTemplate({"nl": "vast", "en": "fixed"})

    first, second = prepared.render({"a": 1}), prepared.render({"b": 2})
    assert first == Text("vast", "fixed")
    assert first is second


def test_a_row_message_keeps_its_template_and_values() -> None:
    """A register's failing rows share one template: redaction works per distinct value
    (see ibpaudit.engine.safe), not per whole message."""
    template = checks.RowTemplate("{product} zonder overeenkomst ({path})", path="a.csv")
    message = template.render({"product": "LAS"})

    assert message == Text("LAS zonder overeenkomst (a.csv)", "LAS zonder overeenkomst (a.csv)")
    assert isinstance(message, Formatted)
    assert "LAS" in message.values
    assert template.render({"product": "Rekentuin"}).plan is message.plan


# --- judge -------------------------------------------------------------------------------

REGISTER = (
    "leverancier;product;verwerkt_persoonsgegevens;modelversie;laatst_beoordeeld_op\n"
    "Edu B.V.;LeerlingPlus;ja;2.0;01-01-2020\n"
    "Rekenwerk B.V.;Rekentuin;ja;4.0;01-01-2020\n"
    "Bord B.V.;Bordtools;nee;2.0;01-01-2020\n"
    "Taal B.V.;Taalkwartier;ja;2.0;geen datum\n"
)
WHERE = {"column": "verwerkt_persoonsgegevens", "is": True}
REQUIRE = [
    {"column": "modelversie", "in": ["3.0", "4.0"]},
    {"column": "laatst_beoordeeld_op", "within": "P1Y"},
]


def _context(root: Path, registers: dict[str, str]) -> tuple[CheckContext, Dossier]:
    testing.write_dossier(root, registers)
    manager = plugins.build(root)
    dossier = Dossier.load(root, load_config(root), manager, Limits())
    control = Control("T.01-test", "GO.02", Text("t", "t"), None, "low", (), (), "test")
    return CheckContext(dossier, AS_OF, control, {}, shared=Shared()), dossier


def _wrapped(message: Text, cond: Text) -> Text:
    return Text(f"{message.nl} ({cond.nl})", f"{message.en} ({cond.en})")


def test_judge_words_each_failing_row_as_before(tmp_path: Path) -> None:
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": REGISTER})
    (ev,) = dossier.registers("verwerkersovereenkomsten")
    message = "{product} van {leverancier}"

    _, custom = checks.judge(ctx, ev.records, WHERE, REQUIRE, message, ["product"])
    _, fallback = checks.judge(ctx, ev.records, WHERE, REQUIRE, None, ["product"])

    model, review = (described for described, _ in checks.prepare(AS_OF, REQUIRE))
    edu, reken, taal = (ev.records[i] for i in (0, 1, 3))
    assert [f.message for f in custom if f.status is Status.FAILED] == [
        _wrapped(old_message(message, edu.values), join([model, review])),
        _wrapped(old_message(message, reken.values), review),
        _wrapped(old_message(message, taal.values), model),
    ]
    assert [f.message for f in fallback if f.status is Status.FAILED] == [
        text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}", row=row, cond=cond)
        for row, cond in (
            ("LeerlingPlus", join([model, review])),
            ("Rekentuin", review),
            ("Taalkwartier", model),
        )
    ]
    # The unreadable date is an error on its own cell, whatever the wording.
    for findings in (custom, fallback):
        assert [f.location for f in findings if f.status is Status.ERROR] == [
            taal.location.with_column("laatst_beoordeeld_op")
        ]


def test_judge_selects_a_registers_rows_once_per_run(tmp_path: Path) -> None:
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": REGISTER})
    (ev,) = dossier.registers("verwerkersovereenkomsten")

    rows, _ = checks.judge(ctx, ev.records, WHERE, REQUIRE[0])
    again, _ = checks.judge(ctx, ev.records, WHERE, REQUIRE[1])
    assert len(ctx.shared) == 1  # one selection, asked for by two checks
    assert [r.get("product") for r in rows] == ["LeerlingPlus", "Rekentuin", "Taalkwartier"]
    assert again == rows

    others, _ = checks.judge(ctx, ev.records, {"column": "modelversie", "equals": "2.0"}, None)
    assert len(ctx.shared) == 2
    assert [r.get("product") for r in others] == ["LeerlingPlus", "Bordtools", "Taalkwartier"]


def test_judge_never_serves_one_set_of_rows_the_selection_of_another(tmp_path: Path) -> None:
    """A school's view of a register holds other row objects than the board's: each gets
    its own selection, even where the conditions are the same."""
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": REGISTER})
    (ev,) = dossier.registers("verwerkersovereenkomsten")
    first_two = ev.records[:2]

    everything, _ = checks.judge(ctx, ev.records, WHERE, None)
    part, _ = checks.judge(ctx, first_two, WHERE, None)

    assert [r.get("product") for r in everything] == [
        "LeerlingPlus",
        "Rekentuin",
        "Taalkwartier",
    ]
    assert [r.get("product") for r in part] == ["LeerlingPlus", "Rekentuin"]


def test_an_unreadable_where_value_is_reported_to_every_check_that_selects(
    tmp_path: Path,
) -> None:
    register = REGISTER.replace("Taal B.V.;Taalkwartier;ja", "Taal B.V.;Taalkwartier;misschien")
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": register})
    (ev,) = dossier.registers("verwerkersovereenkomsten")

    first = checks.judge(ctx, ev.records, WHERE, REQUIRE[0])[1]
    second = checks.judge(ctx, ev.records, WHERE, REQUIRE[1])[1]

    for findings in (first, second):
        errors = [f for f in findings if f.status is Status.ERROR]
        assert [f.location for f in errors] == [
            ev.records[3].location.with_column("verwerkt_persoonsgegevens")
        ]


def test_rows_made_for_one_call_are_judged_but_not_kept(tmp_path: Path) -> None:
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": REGISTER})
    (ev,) = dossier.registers("verwerkersovereenkomsten")

    rows, _ = checks.judge(ctx, list(ev.records), WHERE, None)

    assert [r.get("product") for r in rows] == ["LeerlingPlus", "Rekentuin", "Taalkwartier"]
    assert len(ctx.shared) == 0  # a list made for this call: no other check can share it


def test_a_where_that_json_cannot_say_exactly_is_judged_without_sharing(tmp_path: Path) -> None:
    """A value no control file can hold (a set, from a plugin) cannot be told apart
    exactly in a key: such a selection is made every time, never shared."""
    ctx, dossier = _context(tmp_path, {"registers/verwerkersovereenkomsten.csv": REGISTER})
    (ev,) = dossier.registers("verwerkersovereenkomsten")
    where = {"column": "modelversie", "in": {"2.0"}}

    rows, _ = checks.judge(ctx, ev.records, where, None)

    assert [r.get("product") for r in rows] == ["LeerlingPlus", "Bordtools", "Taalkwartier"]
    assert len(ctx.shared) == 0
    assert checks.fingerprint(where) is None
    assert checks.fingerprint({"in": [1, 1.0, True, "1"]}) != checks.fingerprint(
        {"in": [1, 1, 1, "1"]}
    )
