"""Declarative row conditions: every operator, the combinators, date references,
unreadable values and validation, through the one compiler."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ibpaudit.builtin.readers import csv_reader
from ibpaudit.catalog.conditions import (
    OPERATORS,
    SCHEMA,
    Outcome,
    Unreadable,
    as_list,
    compile,
    validate,
)
from ibpaudit.model import EvidenceFile, Limits, Text
from support import EXAMPLE_BOARD

AS_OF = date(2026, 10, 31)
Values = dict[str, Any]


def check(condition: dict[str, Any], values: Values, as_of: date = AS_OF) -> Outcome:
    return compile(condition, as_of)(values)


# --- leaf operators ------------------------------------------------------------------------

OPERATOR_CASES: list[tuple[dict[str, Any], Values, bool]] = [
    # equals / not_equals: text ignores case and surrounding space
    ({"column": "grondslag", "equals": "Publieke taak"}, {"grondslag": " publieke TAAK "}, True),
    ({"column": "grondslag", "equals": "publieke taak"}, {"grondslag": "toestemming"}, False),
    ({"column": "meldplichtig", "equals": True}, {"meldplichtig": "ja"}, True),
    ({"column": "meldplichtig", "equals": False}, {"meldplichtig": "ja"}, False),
    ({"column": "deelnemers", "equals": 84}, {"deelnemers": "84"}, True),
    ({"column": "modelversie", "equals": 4}, {"modelversie": "4,0"}, True),
    ({"column": "app", "equals": {"column": "naam"}}, {"app": "X", "naam": "x "}, True),
    ({"column": "app", "equals": {"column": "naam"}}, {"app": "X", "naam": "Y"}, False),
    ({"column": "app", "equals": {"column": "naam"}}, {"app": "X"}, False),
    ({"column": "grondslag", "equals": "toestemming"}, {"grondslag": None}, False),
    ({"column": "grondslag", "not_equals": "toestemming"}, {"grondslag": "publieke taak"}, True),
    ({"column": "grondslag", "not_equals": "toestemming"}, {"grondslag": "Toestemming"}, False),
    ({"column": "grondslag", "not_equals": "toestemming"}, {"grondslag": None}, True),
    # in / not_in
    ({"column": "opslag", "in": ["EER", "Nederland"]}, {"opslag": "nederland"}, True),
    ({"column": "opslag", "in": ["EER", "Nederland"]}, {"opslag": "VS"}, False),
    ({"column": "opslag", "in": ["EER"]}, {}, False),
    ({"column": "opslag", "not_in": ["VS", "China"]}, {"opslag": "EER"}, True),
    ({"column": "opslag", "not_in": ["VS", "China"]}, {"opslag": "vs"}, False),
    ({"column": "opslag", "not_in": ["VS"]}, {"opslag": "-"}, True),
    # empty / not_empty: a dash is how Excel users write "nothing"
    ({"column": "einddatum", "empty": True}, {"einddatum": None}, True),
    ({"column": "einddatum", "empty": True}, {"einddatum": " – "}, True),
    ({"column": "einddatum", "empty": True}, {}, True),
    ({"column": "einddatum", "empty": True}, {"einddatum": "31-07-2027"}, False),
    ({"column": "einddatum", "not_empty": True}, {"einddatum": "31-07-2027"}, True),
    ({"column": "einddatum", "not_empty": True}, {"einddatum": "  "}, False),
    # is
    ({"column": "geslaagd", "is": True}, {"geslaagd": "ja"}, True),
    ({"column": "geslaagd", "is": True}, {"geslaagd": "Nee"}, False),
    ({"column": "geslaagd", "is": False}, {"geslaagd": "nee"}, True),
    ({"column": "geslaagd", "is": True}, {"geslaagd": True}, True),
    # matches: a search, not a full match
    ({"column": "kenmerk", "matches": r"^DL-\d{4}-\d{3}$"}, {"kenmerk": "DL-2026-001"}, True),
    ({"column": "kenmerk", "matches": r"^DL-\d{4}-\d{3}$"}, {"kenmerk": "DL-26-1"}, False),
    ({"column": "kenmerk", "matches": "2026"}, {"kenmerk": "DL-2026-001"}, True),
    ({"column": "kenmerk", "matches": ".*"}, {"kenmerk": None}, False),
    # before / after / not_before / not_after against today (the as-of date)
    ({"column": "datum", "before": "today"}, {"datum": "30-10-2026"}, True),
    ({"column": "datum", "before": "today"}, {"datum": "31-10-2026"}, False),
    ({"column": "datum", "before": "vandaag"}, {"datum": "2026-10-30"}, True),
    ({"column": "datum", "after": "Today"}, {"datum": "2026-11-01"}, True),
    ({"column": "datum", "after": "peildatum"}, {"datum": "2026-10-31"}, False),
    ({"column": "datum", "not_before": "today"}, {"datum": "2026-10-31"}, True),
    ({"column": "datum", "not_before": "today"}, {"datum": "2026-10-30"}, False),
    ({"column": "datum", "not_after": "today"}, {"datum": "2026-10-31"}, True),
    ({"column": "datum", "not_after": "today"}, {"datum": "2026-11-01"}, False),
    # ... against an ISO or Dutch date
    ({"column": "datum", "before": "2026-01-01"}, {"datum": "31-12-2025"}, True),
    ({"column": "datum", "before": "01-01-2026"}, {"datum": "2026-01-01"}, False),
    ({"column": "datum", "after": "2026-01-01"}, {"datum": date(2026, 1, 2)}, True),
    # a time of day against a plain date: compared by day
    ({"column": "datum", "not_after": "2026-10-30"}, {"datum": "2026-10-30 23:59"}, True),
    ({"column": "datum", "after": "2026-10-30"}, {"datum": "2026-10-30 23:59"}, False),
    # an empty value is never before or after anything
    ({"column": "datum", "before": "today"}, {"datum": None}, False),
    ({"column": "datum", "not_before": "today"}, {"datum": None}, False),
    # within: at most that long before the as-of date, and not after it
    ({"column": "getest_op", "within": "P1Y"}, {"getest_op": "31-10-2025"}, True),
    ({"column": "getest_op", "within": "P1Y"}, {"getest_op": "30-10-2025"}, False),
    ({"column": "getest_op", "within": "P1Y"}, {"getest_op": "2026-10-31"}, True),
    ({"column": "getest_op", "within": "P1Y"}, {"getest_op": "2026-11-01"}, False),
    ({"column": "getest_op", "within": "6 maanden"}, {"getest_op": "2026-04-30"}, True),
    ({"column": "getest_op", "within": "P1Y"}, {"getest_op": None}, False),
    # at_most / at_least: numbers or durations, literal or from a column
    ({"column": "bewaartermijn", "at_most": "P2Y"}, {"bewaartermijn": "P24M"}, True),
    ({"column": "bewaartermijn", "at_most": "P2Y"}, {"bewaartermijn": "P25M"}, False),
    ({"column": "termijn", "at_most": "2 jaar"}, {"termijn": "1 jaar en 6 maanden"}, True),
    ({"column": "bewaartermijn", "at_least": "P1M"}, {"bewaartermijn": "P4W"}, False),
    ({"column": "bewaartermijn", "at_least": {"column": "wettelijk"}},
     {"bewaartermijn": "P7Y", "wettelijk": "P5Y"}, True),
    ({"column": "bewaartermijn", "at_least": {"column": "wettelijk"}},
     {"bewaartermijn": "P7Y", "wettelijk": None}, False),
    ({"column": "deelnemers", "at_least": 50}, {"deelnemers": "84"}, True),
    ({"column": "deelnemers", "at_least": 50}, {"deelnemers": "49,5"}, False),
    ({"column": "deelnemers", "at_most": 100}, {"deelnemers": 100}, True),
    ({"column": "deelnemers", "at_most": 100}, {"deelnemers": None}, False),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "values", "expected"), OPERATOR_CASES)
def test_operator(condition: dict[str, Any], values: Values, expected: bool) -> None:
    assert check(condition, values) == Outcome(expected)


def test_every_operator_has_a_case() -> None:
    used = {next(k for k in c if k != "column") for c, _, _ in OPERATOR_CASES}
    assert used == set(OPERATORS)


# --- date references ------------------------------------------------------------------------

BREACH = {"column": "gemeld_ap_op", "not_after": {"column": "ontdekt_op", "plus": "PT72H"}}


@pytest.mark.parametrize(
    ("ontdekt", "gemeld", "expected"),
    [
        ("2026-02-03 09:15", "2026-02-06 09:15", True),  # exactly 72 hours
        ("2026-02-03 09:15", "2026-02-06 09:16", False),  # a minute late
        ("03-02-2026 09:15", "06-02-2026 17:30", False),
        (datetime(2026, 2, 3, 9, 15), "2026-02-05", True),  # day precision on the left
        ("2026-02-03 09:15", "2026-02-06", True),  # the deadline's day, time unknown
        ("2026-02-03 09:15", "2026-02-07", False),
        # Discovered on a day without a time: the deadline is a day as well, so a
        # notification that day at any hour is not late.
        ("2026-02-03", "2026-02-06 17:30", True),
        ("2026-02-03", "2026-02-07 08:00", False),
        ("2026-02-03T08:15:00Z", "2026-02-06 09:15", True),  # 08:15 UTC is 09:15 here
        ("2026-02-03T08:15:00Z", "2026-02-06 09:20", False),
    ],
)
def test_deadline_from_another_column(ontdekt: Any, gemeld: str, expected: bool) -> None:
    outcome = check(BREACH, {"ontdekt_op": ontdekt, "gemeld_ap_op": gemeld})
    assert outcome == Outcome(expected)


def test_deadline_with_an_empty_reference_is_not_met() -> None:
    assert check(BREACH, {"ontdekt_op": None, "gemeld_ap_op": "2026-02-06"}) == Outcome(False)


@pytest.mark.parametrize(
    ("reference", "value", "expected"),
    [
        ({"date": "2026-01-01", "minus": "P1M"}, "2025-12-02", True),
        ({"date": "2026-01-01", "minus": "P1M"}, "2025-12-01", False),
        ({"minus": "P1M"}, "2026-10-01", True),  # no column or date: the as-of date
        ({"minus": "P1M"}, "2026-09-30", False),
        ({"plus": "P1Y"}, "2027-11-01", True),
        ({"column": "ondertekend_op", "plus": "P5Y"}, "2030-08-15", True),
        ({"column": "ondertekend_op", "plus": "P5Y"}, "2030-08-14", False),
    ],
)
def test_date_references(reference: dict[str, str], value: str, expected: bool) -> None:
    condition = {"column": "datum", "after": reference}
    values = {"datum": value, "ondertekend_op": "14-08-2025"}
    assert check(condition, values) == Outcome(expected)


def test_the_as_of_date_decides_not_the_clock() -> None:
    condition = {"column": "datum", "before": "today"}
    values = {"datum": "2026-06-01"}
    assert check(condition, values, date(2026, 6, 2)).ok
    assert not check(condition, values, date(2026, 6, 1)).ok


# --- unreadable values ------------------------------------------------------------------------


def test_a_bad_date_is_unreadable_not_an_exception() -> None:
    outcome = check({"column": "datum", "before": "today"}, {"datum": "31-02-2026"})
    assert outcome == Outcome(
        False,
        (
            Unreadable(
                "datum",
                Text(
                    "'31-02-2026' is geen geldige datum; schrijf jjjj-mm-dd of dd-mm-jjjj",
                    "'31-02-2026' is not a valid date; write yyyy-mm-dd or dd-mm-yyyy",
                ),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("condition", "values", "column", "english"),
    [
        ({"column": "geslaagd", "is": True}, {"geslaagd": "misschien"}, "geslaagd",
         "'misschien' is not yes or no; write ja/nee (or yes/no)"),
        ({"column": "geslaagd", "is": True}, {"geslaagd": None}, "geslaagd",
         "empty; fill in yes or no"),
        ({"column": "geslaagd", "equals": True}, {"geslaagd": "soms"}, "geslaagd",
         "'soms' is not yes or no; write ja/nee (or yes/no)"),
        ({"column": "aantal", "equals": 4}, {"aantal": "vier"}, "aantal",
         "'vier' is not a number"),
        ({"column": "aantal", "at_least": 4}, {"aantal": "veel"}, "aantal",
         "'veel' is not a valid duration; write ISO 8601 such as P2Y (2 years), P6M, P4W or PT72H"),
        ({"column": "termijn", "at_most": "P2Y"}, {"termijn": "2 jaar na uitschrijving"}, "termijn",
         "'2 jaar na uitschrijving' is not a valid duration; write ISO 8601 such as P2Y "
         "(2 years), P6M, P4W or PT72H"),
        ({"column": "termijn", "at_most": 5}, {"termijn": "P2Y"}, "termijn",
         "'P2Y' and '5' cannot be compared (duration against number)"),
        ({"column": "getest_op", "within": "P1Y"}, {"getest_op": "vorig jaar"}, "getest_op",
         "'vorig jaar' is not a valid date; write yyyy-mm-dd or dd-mm-yyyy"),
        # The bad value sits in the referenced column: that is the column to report.
        (BREACH, {"ontdekt_op": "30-02-2026 10:00", "gemeld_ap_op": "2026-03-01"}, "ontdekt_op",
         "'30-02-2026 10:00' is not a valid date; write yyyy-mm-dd or dd-mm-yyyy"),
        ({"column": "termijn", "at_least": {"column": "wettelijk"}},
         {"termijn": "P7Y", "wettelijk": "vijf jaar"}, "wettelijk",
         "'vijf jaar' is not a valid duration; write ISO 8601 such as P2Y (2 years), P6M, P4W "
         "or PT72H"),
    ],
)  # fmt: skip
def test_unreadable_values_name_their_column(
    condition: dict[str, Any], values: Values, column: str, english: str
) -> None:
    outcome = check(condition, values)
    assert not outcome.ok
    assert [(u.column, u.message.en) for u in outcome.unreadable] == [(column, english)]
    assert outcome.unreadable[0].message.nl != english  # the Dutch text is Dutch


def test_unreadable_values_are_collected_from_every_branch() -> None:
    condition = {
        "all": [
            {"column": "meldplichtig", "is": True},
            {"column": "ontdekt_op", "before": "today"},
            {"column": "kenmerk", "not_empty": True},
        ]
    }
    outcome = check(condition, {"meldplichtig": "?", "ontdekt_op": "gisteren", "kenmerk": "DL-1"})
    assert not outcome.ok
    assert [u.column for u in outcome.unreadable] == ["meldplichtig", "ontdekt_op"]


# --- all / any / not / if ----------------------------------------------------------------------

FILLED = {"column": "a", "not_empty": True}
YES = {"column": "b", "is": True}


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ({"all": [FILLED, YES]}, {"a": "x", "b": "ja"}, True),
        ({"all": [FILLED, YES]}, {"a": "x", "b": "nee"}, False),
        ({"all": [FILLED, YES]}, {"a": None, "b": "ja"}, False),
        ({"any": [FILLED, YES]}, {"a": None, "b": "ja"}, True),
        ({"any": [FILLED, YES]}, {"a": None, "b": "nee"}, False),
        ({"not": FILLED}, {"a": None}, True),
        ({"not": FILLED}, {"a": "x"}, False),
        ({"not": {"not": FILLED}}, {"a": "x"}, True),
        ({"all": [{"any": [FILLED, YES]}, {"not": {"column": "c", "empty": True}}]},
         {"a": "x", "b": "nee", "c": "y"}, True),
    ],
)  # fmt: skip
def test_combinators(condition: dict[str, Any], values: Values, expected: bool) -> None:
    assert check(condition, values) == Outcome(expected)


def test_not_of_an_unreadable_value_is_not_a_pass() -> None:
    outcome = check({"not": YES}, {"b": "wellicht"})
    assert not outcome.ok
    assert [u.column for u in outcome.unreadable] == ["b"]


NOTIFIED_IF_NOTIFIABLE = {
    "if": {"column": "meldplichtig", "is": True},
    "then": {"column": "gemeld_ap_op", "not_empty": True},
}
REASON_OTHERWISE = {
    **NOTIFIED_IF_NOTIFIABLE,
    "else": {"column": "motivatie_geen_melding", "not_empty": True},
}


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        (NOTIFIED_IF_NOTIFIABLE, {"meldplichtig": "ja", "gemeld_ap_op": "2026-02-06"}, True),
        (NOTIFIED_IF_NOTIFIABLE, {"meldplichtig": "ja", "gemeld_ap_op": None}, False),
        (NOTIFIED_IF_NOTIFIABLE, {"meldplichtig": "nee", "gemeld_ap_op": None}, True),
        (REASON_OTHERWISE, {"meldplichtig": "nee", "motivatie_geen_melding": "risico klein"}, True),
        (REASON_OTHERWISE, {"meldplichtig": "nee", "motivatie_geen_melding": None}, False),
        (REASON_OTHERWISE, {"meldplichtig": "ja", "gemeld_ap_op": "2026-02-06"}, True),
    ],
)
def test_if_then_else(condition: dict[str, Any], values: Values, expected: bool) -> None:
    assert check(condition, values) == Outcome(expected)


def test_an_unreadable_premise_decides_nothing() -> None:
    outcome = check(REASON_OTHERWISE, {"meldplichtig": "weet niet", "motivatie_geen_melding": "x"})
    assert not outcome.ok
    assert [u.column for u in outcome.unreadable] == ["meldplichtig"]


# The example board's processor agreements, with rows added for the other branches: no
# personal data, an agreement that has ended, a premise and values that cannot be read.
MORE_AGREEMENTS = (
    "Oud B.V.;00000005;Oudsysteem;ja;ja;4.0;01-01-2020;31-12-2024;ja;EER;01-01-2025\n"
    "Geen PG B.V.;00000006;Roosterweb;nee;nee;;;;;VS;01-03-2026\n"
    "Geen PG B.V.;00000007;Oude tool;nee;nee;;;;;EER;01-03-2020\n"
    "Twijfel B.V.;00000008;Twijfeltool;misschien;ja;4.0;01-02-2025;;ja;EER;01-02-2026\n"
    "Slordig B.V.;00000009;Datumfout;ja;ja;vier;01-02-2025;31-02-2027;;EER;\n"
)
COMPOUND = {
    "if": {"column": "verwerkt_persoonsgegevens", "is": True},
    "then": {
        "all": [
            {"column": "ondertekend_op", "not_empty": True},
            {
                "any": [
                    {"column": "modelversie", "at_least": 4},
                    {"column": "privacybijsluiter", "is": True},
                ]
            },
            {"not": {"column": "einddatum", "before": "today"}},
        ]
    },
    "else": {
        "any": [
            {"column": "laatst_beoordeeld_op", "within": "P1Y"},
            {"not": {"column": "opslaglocatie", "in": ["EER", "Nederland"]}},
        ]
    },
}


def composed(condition: Mapping[str, Any], row: Values, as_of: date) -> Outcome:
    """The combinators' documented meaning, applied to their parts' outcomes: every leaf
    compiled and run on its own."""
    if "column" in condition:
        return compile(condition, as_of)(row)
    if "all" in condition or "any" in condition:
        parts = [composed(c, row, as_of) for c in condition.get("all", condition.get("any"))]
        ok = (all if "all" in condition else any)(p.ok for p in parts)
        return Outcome(ok, () if ok else tuple(u for p in parts for u in p.unreadable))
    if "not" in condition:
        part = composed(condition["not"], row, as_of)
        return part if part.unreadable else Outcome(not part.ok)
    premise = composed(condition["if"], row, as_of)
    if premise.unreadable:
        return premise
    if premise.ok:
        return composed(condition["then"], row, as_of)
    return composed(condition["else"], row, as_of) if "else" in condition else Outcome(True)


def nested(condition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The condition and every condition inside it."""
    inner = [*condition.get("all", ()), *condition.get("any", ())]
    inner += [condition[key] for key in ("not", "if", "then", "else") if key in condition]
    return [condition, *(c for sub in inner for c in nested(sub))]


def test_a_compound_condition_is_its_parts_row_by_row(tmp_path: Path) -> None:
    register = tmp_path / "registers" / "verwerkersovereenkomsten.csv"
    register.parent.mkdir()
    source = EXAMPLE_BOARD / "registers" / "verwerkersovereenkomsten.csv"
    register.write_bytes(source.read_bytes() + MORE_AGREEMENTS.encode("cp1252"))
    content = register.read_bytes()
    file = EvidenceFile(
        "registers/verwerkersovereenkomsten.csv",
        hashlib.sha256(content).hexdigest(),
        len(content),
        "2026-11-23T09:00:00+00:00",
    )
    evidence = csv_reader.read(register, file, Limits())
    assert evidence.error is None and len(evidence.records) == 9
    as_of = date(2026, 11, 23)
    for condition in nested(COMPOUND):
        run = compile(condition, as_of)  # once, then row by row
        for record in evidence.records:
            assert run(record.values) == composed(condition, record.values, as_of), (
                condition,
                record.values,
            )
    compound = compile(COMPOUND, as_of)
    seen = {verdict(compound(record.values)) for record in evidence.records}
    # The rows reach every kind of outcome, through both branches of the 'if'.
    assert seen == {
        True,
        False,
        "unreadable:verwerkt_persoonsgegevens",
        "unreadable:modelversie,privacybijsluiter,einddatum",
    }


# --- validate -------------------------------------------------------------------------------------


def test_valid_conditions_have_no_errors() -> None:
    condition = {
        "all": [
            BREACH,
            REASON_OTHERWISE,
            {"column": "kenmerk", "matches": r"^DL-\d{4}"},
            {"column": "getest_op", "within": "P1Y"},
            {"column": "datum", "before": "31-12-2026"},
            {"column": "datum", "after": {"date": "2026-01-01", "minus": "P1M"}},
            {"not": {"column": "termijn", "at_most": "2 jaar"}},
            {"column": "termijn", "at_least": {"column": "wettelijk"}},
        ]
    }
    assert validate(condition, "levels.2[0].require[0]") == []


@pytest.mark.parametrize(
    ("condition", "error"),
    [
        ({"column": "a", "matches": "(DL-"}, "w.matches: not a valid pattern: "),
        ({"column": "a", "within": "P2X"}, "w.within: 'P2X' is not a valid duration"),
        ({"column": "a", "before": "31-02-2024"}, "w.before: '31-02-2024' is not a valid date"),
        ({"column": "a", "after": {"date": "morgen"}}, "w.after: 'morgen' is not a valid date"),
        ({"column": "a", "after": {"column": "b", "plus": "3 eeuwen"}},
         "w.after: '3 eeuwen' is not a valid duration"),
        ({"column": "a", "at_most": "twee jaar"}, "w.at_most: 'twee jaar' is not a valid duration"),
        ({"column": "a", "frobnicate": 1}, "w.frobnicate: 'frobnicate' is not an operator"),
        ({"column": "a"}, "w: a condition has exactly one operator (equals, not_equals, in, "),
        ({"column": "a", "equals": 1, "in": [1]}, "w: a condition has exactly one operator ("),
        ({"colum": "a"}, "w.colum: 'colum' does not belong in a condition; did you mean 'column'?"),
    ],
)  # fmt: skip
def test_validate_rejects(condition: dict[str, Any], error: str) -> None:
    errors = validate(condition, "w")
    assert len(errors) == 1
    assert errors[0].startswith(error)


def test_validate_names_the_unknown_operator() -> None:
    assert validate({"column": "a", "not_afer": 1}, "w")[0].endswith("did you mean 'not_after'?")
    assert "allowed are: after, at_least" in validate({"column": "a", "frobnicate": 1}, "w")[0]
    assert validate({"column": "a"}, "w")[0].endswith("; found none")


def test_validate_reports_nested_places() -> None:
    condition = {
        "if": {"column": "a", "is": True},
        "then": {"all": [FILLED, {"column": "d", "within": "ooit"}]},
        "else": {"not": {"column": "k", "matches": "["}},
    }
    errors = validate(condition, "levels.3[1].require[0]")
    assert [e.split(":")[0] for e in errors] == [
        "levels.3[1].require[0].then.all[1].within",
        "levels.3[1].require[0].else.not.matches",
    ]


def _schema_errors(condition: object) -> list[str]:
    schema = {"$ref": "#/$defs/conditions", "$defs": SCHEMA["$defs"]}
    # As the catalog validates: with formats (a 'matches' pattern must be a regex).
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    return [e.message for e in validator.iter_errors(condition)]


def test_the_schema_accepts_what_validate_accepts() -> None:
    assert _schema_errors([BREACH, REASON_OTHERWISE, {"any": [FILLED, {"not": YES}]}]) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"column": "a", "frobnicate": 1},
        {"column": "a"},
        {"column": "a", "empty": False},
        {"column": "a", "in": []},
        {"all": []},
        {"if": FILLED},
    ],
)
def test_the_schema_rejects_malformed_conditions(condition: dict[str, Any]) -> None:
    assert _schema_errors(condition) != []


# --- as_list ----------------------------------------------------------------------------------


def test_as_list() -> None:
    assert as_list(None) == []
    assert as_list(FILLED) == [FILLED]
    assert as_list([FILLED, YES]) == [FILLED, YES]


def test_any_that_holds_ignores_unreadable_other_branches() -> None:
    condition = {"any": [{"column": "a", "empty": True}, {"column": "b", "before": "today"}]}
    run = compile(condition, date(2026, 11, 23))
    outcome = run({"a": None, "b": "geen datum"})
    assert outcome.ok and outcome.unreadable == ()
    failing = run({"a": "x", "b": "geen datum"})
    assert not failing.ok and [u.column for u in failing.unreadable] == ["b"]


def test_in_with_mixed_kinds_is_false_not_unreadable() -> None:
    outcome = check({"column": "v", "in": ["x", 1]}, {"v": "y"}, date(2026, 11, 23))
    assert not outcome.ok and outcome.unreadable == ()


# --- boundaries and typed cells ---------------------------------------------------------------


def verdict(outcome: Outcome) -> bool | str:
    """True/False, or the columns that could not be read."""
    if outcome.unreadable:
        assert not outcome.ok
        return "unreadable:" + ",".join(u.column for u in outcome.unreadable)
    return outcome.ok


IS, IS_NOT = {"column": "v", "is": True}, {"column": "v", "is": False}
IN_WORDS = {"column": "v", "in": ["EER", "Nederland"]}
NOT_IN_WORDS = {"column": "v", "not_in": ["EER", "-"]}
IN_MIXED = {"column": "v", "in": [3, "ja"]}
NOT_IN_NUMBERS = {"column": "v", "not_in": [3, 4]}
IN_BOOL = {"column": "v", "in": [True]}

TYPED_CELLS: list[tuple[dict[str, Any], Any, bool | str]] = [
    # is: booleans, numbers 1/0 (Excel), words, and what cannot be yes or no
    (IS, True, True), (IS, False, False), (IS_NOT, False, True), (IS_NOT, True, False),
    (IS, 1, True), (IS, 0, False), (IS_NOT, 0, True), (IS_NOT, 1, False),
    (IS, 1.0, True), (IS, 0.0, False), (IS_NOT, 0.0, True),
    (IS, " JA ", True), (IS, "wel", True), (IS, "x", True), (IS, "niet", False),
    (IS_NOT, "nee", True), (IS_NOT, "Yes", False), (IS, "onwaar", False),
    (IS, None, "unreadable:v"), (IS, "", "unreadable:v"), (IS, "-", "unreadable:v"),
    (IS, 2, "unreadable:v"), (IS, date(2026, 1, 1), "unreadable:v"), (IS, "soms", "unreadable:v"),
    (IS_NOT, 2, "unreadable:v"), (IS_NOT, "soms", "unreadable:v"),
    # in / not_in with words: an empty cell is never a member
    (IN_WORDS, " eer ", True), (IN_WORDS, "VS", False), (IN_WORDS, None, False),
    (IN_WORDS, "", False), (IN_WORDS, "-", False), (IN_WORDS, 4, False),
    (IN_WORDS, date(2026, 1, 1), False), (IN_WORDS, True, False),
    (NOT_IN_WORDS, "VS", True), (NOT_IN_WORDS, "eer", False), (NOT_IN_WORDS, None, True),
    (NOT_IN_WORDS, "", True), (NOT_IN_WORDS, "-", True), (NOT_IN_WORDS, 4, True),
    (NOT_IN_WORDS, date(2026, 1, 1), True),
    # typed cells against a list of words: compared as written ('4', '2026-01-01'), and
    # an empty cell is no member even of a list that names 'none' or 'nan'
    ({"column": "v", "in": ["4", "5"]}, 4, True), ({"column": "v", "in": ["4", "5"]}, 6, False),
    ({"column": "v", "not_in": ["4"]}, 4, False), ({"column": "v", "not_in": ["4"]}, 6, True),
    ({"column": "v", "in": ["2026-01-01"]}, date(2026, 1, 1), True),
    ({"column": "v", "in": ["none", "nan"]}, None, False),
    ({"column": "v", "in": ["none", "nan"]}, float("nan"), False),
    ({"column": "v", "not_in": ["none", "nan"]}, None, True),
    ({"column": "v", "not_in": ["none", "nan"]}, float("nan"), True),
    ({"column": "v", "in": [3, "none", "-"]}, None, False),
    ({"column": "v", "in": [3, "none", "-"]}, "-", False),
    ({"column": "v", "not_in": [3, "none", "-"]}, None, True),
    # in / not_in with numbers and mixed lists: typed cells compare as what they are
    (IN_MIXED, 3, True), (IN_MIXED, 3.0, True), (IN_MIXED, "3", True), (IN_MIXED, "3,0", True),
    (IN_MIXED, "Ja", True), (IN_MIXED, 4, False), (IN_MIXED, "nee", False),
    (IN_MIXED, "x", False), (IN_MIXED, None, False), (IN_MIXED, "", False),
    (NOT_IN_NUMBERS, 5, True), (NOT_IN_NUMBERS, 3, False), (NOT_IN_NUMBERS, 4.0, False),
    (NOT_IN_NUMBERS, "4", False), (NOT_IN_NUMBERS, "abc", True), (NOT_IN_NUMBERS, None, True),
    (NOT_IN_NUMBERS, "", True), (NOT_IN_NUMBERS, date(2026, 1, 1), True),
    (IN_BOOL, True, True), (IN_BOOL, "ja", True), (IN_BOOL, 1, True), (IN_BOOL, "nee", False),
    (IN_BOOL, False, False), (IN_BOOL, "soms", False),
    # equals / not_equals with numbers and booleans
    ({"column": "v", "equals": 3}, "3,0", True), ({"column": "v", "equals": 3}, 4, False),
    ({"column": "v", "equals": 3}, "drie", "unreadable:v"),
    ({"column": "v", "equals": True}, 1, True), ({"column": "v", "not_equals": 3}, 4, True),
    ({"column": "v", "not_equals": 3}, None, True), ({"column": "v", "equals": 3}, None, False),
    ({"column": "v", "equals": {"column": "w"}}, "A", True),
    ({"column": "v", "not_equals": {"column": "w"}}, "A", False),
    # an empty cell equals nothing, not even another empty cell
    ({"column": "v", "equals": {"column": "x"}}, None, False),
    ({"column": "v", "not_equals": {"column": "x"}}, None, True),
    ({"column": "v", "not_equals": {"column": "w"}}, "-", True),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "cell", "expected"), TYPED_CELLS)
def test_typed_cells(condition: dict[str, Any], cell: Any, expected: bool | str) -> None:
    assert verdict(check(condition, {"v": cell, "w": " a "})) == expected


WITHIN_YEAR = {"column": "v", "within": "P1Y"}

# The as-of date is 2026-10-31: one year before it is 2025-10-31, inclusive.
DATE_CELLS: list[tuple[dict[str, Any], Any, bool | str]] = [
    (WITHIN_YEAR, date(2025, 10, 31), True), (WITHIN_YEAR, date(2025, 10, 30), False),
    (WITHIN_YEAR, date(2026, 10, 31), True), (WITHIN_YEAR, date(2026, 11, 1), False),
    (WITHIN_YEAR, datetime(2025, 10, 31, 23, 59), True),
    (WITHIN_YEAR, datetime(2025, 10, 30, 23, 59), False),
    (WITHIN_YEAR, datetime(2026, 10, 31, 23, 59), True),
    (WITHIN_YEAR, datetime(2026, 11, 1, 0, 0), False),
    (WITHIN_YEAR, "31-10-2025", True), (WITHIN_YEAR, "30-10-2025", False),
    (WITHIN_YEAR, "2026-11-01", False), (WITHIN_YEAR, None, False), (WITHIN_YEAR, "", False),
    (WITHIN_YEAR, "-", False), (WITHIN_YEAR, "ooit", "unreadable:v"),
    # today and its synonyms are the as-of date; a fixed date likewise
    *[
        ({"column": "v", op: ref}, cell, expected)
        for ref in ("today", "Vandaag", "as_of", "peildatum", "2026-10-31")
        for op, cell, expected in (
            ("before", date(2026, 10, 31), False), ("before", date(2026, 10, 30), True),
            ("not_before", date(2026, 10, 31), True), ("not_before", date(2026, 10, 30), False),
            ("after", date(2026, 10, 31), False), ("after", date(2026, 11, 1), True),
            ("not_after", date(2026, 10, 31), True), ("not_after", date(2026, 11, 1), False),
            ("not_after", datetime(2026, 10, 31, 23, 59), True),
            ("after", datetime(2026, 10, 31, 23, 59), False),
            ("not_after", "31-10-2026 23:59", True), ("after", "01-11-2026", True),
            ("before", "", False), ("after", None, False), ("not_after", "-", False),
            ("before", "geen", "unreadable:v"),
        )
    ],
    # against another column, timed on both sides: compared to the minute
    ({"column": "v", "before": {"column": "w", "plus": "PT1H"}}, "2026-10-31 10:59", True),
    ({"column": "v", "before": {"column": "w", "plus": "PT1H"}}, "2026-10-31 11:00", False),
    ({"column": "v", "not_before": {"column": "w", "plus": "PT1H"}}, "2026-10-31 11:00", True),
    ({"column": "v", "not_before": {"column": "w", "plus": "PT1H"}}, "2026-10-31 10:59", False),
    ({"column": "v", "after": {"column": "w", "minus": "PT1H"}}, "2026-10-31 09:00", False),
    ({"column": "v", "after": {"column": "w", "minus": "PT1H"}}, "2026-10-31 09:01", True),
    # one side without a time of day: compared by day
    ({"column": "v", "before": {"column": "w", "plus": "PT1H"}}, date(2026, 10, 31), False),
    ({"column": "v", "not_after": {"column": "w"}}, date(2026, 10, 31), True),
    ({"column": "v", "after": {"column": "w"}}, date(2026, 11, 1), True),
    ({"column": "v", "after": {"column": "w"}}, date(2026, 10, 31), False),
    ({"column": "v", "before": {"column": "w"}}, "", False),
    ({"column": "v", "before": {"column": "w", "plus": "P1D"}}, "geen", "unreadable:v"),
    ({"column": "v", "before": {"column": "x"}}, date(2026, 10, 31), "unreadable:x"),
    ({"column": "v", "before": {"column": "y"}}, date(2026, 10, 31), False),  # y is empty
]  # fmt: skip


@pytest.mark.parametrize(("condition", "cell", "expected"), DATE_CELLS)
def test_date_cells_at_their_boundaries(
    condition: dict[str, Any], cell: Any, expected: bool | str
) -> None:
    values = {"v": cell, "w": "2026-10-31 10:00", "x": "31-02-2026", "y": ""}
    assert verdict(check(condition, values)) == expected


MAGNITUDES: list[tuple[dict[str, Any], Any, bool | str]] = [
    ({"column": "v", "at_most": "PT1H"}, "PT60M", True),
    ({"column": "v", "at_most": "PT1H"}, "PT61M", False),
    ({"column": "v", "at_least": "PT1H"}, "PT3600S", True),
    ({"column": "v", "at_least": "PT1H"}, "PT3599S", False),
    ({"column": "v", "at_most": "PT1M"}, "PT61S", False),
    ({"column": "v", "at_most": "P1D"}, "PT24H", True),
    ({"column": "v", "at_most": "P1D"}, "PT25H", False),
    ({"column": "v", "at_least": "P4W"}, "P28D", True),
    ({"column": "v", "at_least": "P4W"}, "P27D", False),
    ({"column": "v", "at_most": "P1Y"}, "P12M", True),
    ({"column": "v", "at_most": "P1Y"}, "P13M", False),
    ({"column": "v", "at_most": 10}, "10", True),
    ({"column": "v", "at_most": 10}, 10.5, False),
    ({"column": "v", "at_least": 10}, "9,5", False),
    ({"column": "v", "at_least": 10}, 10, True),
    ({"column": "v", "at_least": "P1Y"}, 3, "unreadable:v"),
    ({"column": "v", "at_most": 3}, "P1Y", "unreadable:v"),
    ({"column": "v", "at_most": "P1Y"}, "lang", "unreadable:v"),
    ({"column": "v", "at_most": {"column": "w"}}, "P1Y", True),
    ({"column": "v", "at_most": {"column": "w"}}, "P3Y", False),
    ({"column": "v", "at_least": {"column": "x"}}, "P1Y", "unreadable:x"),
    ({"column": "v", "at_least": {"column": "y"}}, "P1Y", False),
    ({"column": "v", "at_least": 1}, None, False),
    ({"column": "v", "at_most": {"column": "w"}}, None, False),
    ({"column": "v", "at_most": 10}, True, "unreadable:v"),
    ({"column": "v", "at_least": "P1D"}, False, "unreadable:v"),
    ({"column": "v", "matches": r"^DL-\d{4}$"}, "DL-2026", True),
    ({"column": "v", "matches": r"^DL-\d{4}$"}, "DL-26", False),
    ({"column": "v", "matches": r"\d"}, 7, True),
    ({"column": "v", "matches": r"\d"}, "", False),
    ({"column": "v", "empty": True}, " - ", True),
    ({"column": "v", "empty": True}, 0, False),
    ({"column": "v", "not_empty": True}, 0, True),
    ({"column": "v", "not_empty": True}, None, False),
]


@pytest.mark.parametrize(("condition", "cell", "expected"), MAGNITUDES)
def test_magnitudes_and_patterns(
    condition: dict[str, Any], cell: Any, expected: bool | str
) -> None:
    assert verdict(check(condition, {"v": cell, "w": "P2Y", "x": "lang", "y": "-"})) == expected


def test_a_compiled_combination_is_called_row_by_row() -> None:
    condition = {"any": [{"column": "a", "empty": True}, {"column": "b", "before": "today"}]}
    run = compile(condition, AS_OF)
    assert run({"a": None}) == Outcome(True)
    assert verdict(run({"a": "x", "b": "geen"})) == "unreadable:b"


BAD = {"column": "a", "within": "ooit"}


@pytest.mark.parametrize(
    ("condition", "place"),
    [
        ({"all": [FILLED, BAD]}, "w.all[1].within"),
        ({"any": [BAD]}, "w.any[0].within"),
        ({"not": BAD}, "w.not.within"),
        ({"if": BAD, "then": FILLED}, "w.if.within"),
        ({"if": FILLED, "then": BAD}, "w.then.within"),
        ({"if": FILLED, "then": FILLED, "else": BAD}, "w.else.within"),
        ({"column": "a", "before": {"minus": "ooit"}}, "w.before"),
        ({"column": "a", "not_after": {"column": "b", "plus": "ooit"}}, "w.not_after"),
        ({"column": "a", "not_before": {"date": "31-02-2026"}}, "w.not_before"),
        ({"column": "a", "at_least": "veel"}, "w.at_least"),
        ({"column": "a", "at_most": "veel"}, "w.at_most"),
        ({"column": "a", "matches": "(x"}, "w.matches"),
        ({"column": "a", "within": 5}, "w.within"),
    ],
)
def test_validate_looks_into_every_branch(condition: dict[str, Any], place: str) -> None:
    errors = validate(condition, "w")
    assert [e.split(":")[0] for e in errors] == [place]


@pytest.mark.parametrize(
    "condition",
    [
        {"column": "a", "before": "today"},
        {"column": "a", "before": "Peildatum"},
        {"column": "a", "after": {"minus": "P1M"}},
        {"column": "a", "after": {"column": "b"}},
        {"column": "a", "at_least": {"column": "b"}},
        {"column": "a", "at_least": 3},
        {"column": "a", "at_most": "3,5"},
        {"column": "a", "in": ["x", 3, True]},
        {"if": FILLED, "then": FILLED},
    ],
)
def test_validate_accepts(condition: dict[str, Any]) -> None:
    assert validate(condition, "w") == []


@pytest.mark.parametrize(
    "condition",
    [
        {"column": "a", "equals": 1, "in": [1]},
        {"column": "a", "equals": {"column": "b", "plus": "P1D"}},
        {"column": "a", "equals": {"kolom": "b"}},
        {"column": "a", "equals": [1]},
        {"column": "", "empty": True},
        {"column": 3, "empty": True},
        {"column": "a", "not_empty": False},
        {"column": "a", "is": "ja"},
        {"column": "a", "in": "EER"},
        {"column": "a", "in": [{"x": 1}]},
        {"column": "a", "not_in": []},
        {"column": "a", "within": 5},
        {"column": "a", "before": ""},
        {"column": "a", "before": 5},
        {"column": "a", "before": {"column": "b", "pus": "P1D"}},
        {"column": "a", "before": {"column": 5}},
        {"column": "a", "before": {"date": 5}},
        {"column": "a", "before": {"plus": 5}},
        {"column": "a", "before": {"minus": 5}},
        {"column": "a", "at_most": [1]},
        {"column": "a", "matches": 5},
        {"any": []},
        {"any": [{"column": "a"}]},
        {"all": [{"column": "a"}]},
        {"all": [FILLED], "any": [FILLED]},
        {"not": {"column": "a"}},
        {"not": FILLED, "all": [FILLED]},
        {"if": FILLED, "then": {"column": "a"}},
        {"if": {"column": "a"}, "then": FILLED},
        {"if": FILLED, "then": FILLED, "else": {"column": "a"}},
        {"if": FILLED, "then": FILLED, "anders": FILLED},
        [FILLED, {"column": "a"}],
        "a",
        {},
        {"all": "x"},
        {"all": {}},
        {"any": "x"},
        {"any": FILLED},
        {"not": "x"},
        {"not": [FILLED]},
        {"if": "x", "then": FILLED},
        {"if": FILLED, "then": "x"},
        {"column": "a", "equals": {}},
        {"column": "a", "at_most": {}},
        {"column": "a", "at_least": {"column": 3}},
        {"column": "a", "in": [[1]]},
        {"column": "a", "not_in": "EER"},
        {"column": "a", "not_in": [{"x": 1}]},
        {"column": "a", "matches": "(x"},
        {"then": FILLED},
        {"then": FILLED, "else": FILLED},
        {"equals": 1, "in": [1]},
        {"all": [FILLED], "column": "a"},
    ],
)
def test_the_schema_rejects(condition: Any) -> None:
    assert _schema_errors(condition) != []


def test_the_schema_accepts_every_form() -> None:
    assert _schema_errors([
        {"column": "a", "equals": 3}, {"column": "a", "equals": True},
        {"column": "a", "equals": {"column": "b"}}, {"column": "a", "not_equals": "x"},
        {"column": "a", "in": ["x", 3, True]}, {"column": "a", "not_in": ["x"]},
        {"column": "a", "empty": True}, {"column": "a", "is": False},
        {"column": "a", "matches": "^x"}, {"column": "a", "within": "P1Y"},
        {"column": "a", "before": "today"},
        {"column": "a", "after": {"column": "b", "plus": "P1D", "minus": "PT1H"}},
        {"column": "a", "not_before": {"date": "2026-01-01"}},
        {"column": "a", "not_after": {"minus": "P1M"}},
        {"column": "a", "at_most": 3}, {"column": "a", "at_least": {"column": "b"}},
        {"any": [FILLED]}, {"not": FILLED}, {"if": FILLED, "then": FILLED, "else": FILLED},
        {"all": [FILLED]}, {"all": [FILLED, YES]}, {"any": [FILLED, YES]},
        {"all": [{"any": [FILLED]}, {"not": {"all": [YES]}}]},
        {"if": {"any": [FILLED]}, "then": {"all": [YES]}},
        {"column": "a", "in": [1.5, "x"]}, {"column": "a", "not_in": [False]},
        {"column": "a", "equals": 2.5}, {"column": "a", "at_most": 2.5},
        {"column": "a", "in": ["x"]}, {"column": "a", "not_in": [3]},
        {"column": "a", "before": "t"}, {"column": "a", "matches": "x"},
    ]) == []  # fmt: skip
    assert _schema_errors(FILLED) == []


def test_a_mapping_that_is_no_condition_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not a condition"):
        compile({"kolom": "a"}, AS_OF)
