"""Declarative row conditions: every operator, the combinators, date references,
unreadable values, validation and the bilingual description."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import jsonschema
import pytest

from ibpaudit.conditions import (
    OPERATORS,
    SCHEMA,
    Evaluator,
    Outcome,
    Unreadable,
    as_list,
    columns,
    describe,
    validate,
)
from ibpaudit.models import Text

AS_OF = date(2026, 10, 31)
Values = dict[str, Any]


def check(condition: dict[str, Any], values: Values) -> Outcome:
    return Evaluator(AS_OF).check(condition, values)


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
    assert Evaluator(date(2026, 6, 2)).check(condition, values).ok
    assert not Evaluator(date(2026, 6, 1)).check(condition, values).ok


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
        ({"column": "a", "matches": "(DL-"}, "w.matches: missing ), unterminated subpattern"),
        ({"column": "a", "within": "P2X"}, "w.within: 'P2X' is not a valid duration"),
        ({"column": "a", "before": "31-02-2024"}, "w.before: '31-02-2024' is not a valid date"),
        ({"column": "a", "after": {"date": "morgen"}}, "w.after: 'morgen' is not a valid date"),
        ({"column": "a", "after": {"column": "b", "plus": "3 eeuwen"}},
         "w.after: '3 eeuwen' is not a valid duration"),
        ({"column": "a", "at_most": "twee jaar"}, "w.at_most: 'twee jaar' is not a valid duration"),
        ({"column": "a", "frobnicate": 1},
         "w: a condition needs exactly one operator of equals, not_equals, in, "),
        ({"column": "a"}, "w: a condition needs exactly one operator of "),
        ({"column": "a", "equals": 1, "in": [1]}, "w: a condition needs exactly one operator of "),
        ({"colum": "a", "equals": 1}, "w: expected 'column' and an operator, or all/any/not/if"),
    ],
)  # fmt: skip
def test_validate_rejects(condition: dict[str, Any], error: str) -> None:
    errors = validate(condition, "w")
    assert len(errors) == 1
    assert errors[0].startswith(error)


def test_validate_names_the_unknown_operator() -> None:
    assert validate({"column": "a", "frobnicate": 1}, "w")[0].endswith("; found frobnicate")
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
    validator = jsonschema.Draft202012Validator(schema)
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


# --- describe, columns, as_list --------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "nl", "en"),
    [
        ({"column": "grondslag", "equals": "toestemming"},
         "'grondslag' is toestemming", "'grondslag' is toestemming"),
        ({"column": "meldplichtig", "is": True}, "'meldplichtig' is ja", "'meldplichtig' is yes"),
        ({"column": "geslaagd", "is": False}, "'geslaagd' is nee", "'geslaagd' is no"),
        ({"column": "opslag", "in": ["EER", "Nederland"]},
         "'opslag' is een van: EER, Nederland", "'opslag' is one of: EER, Nederland"),
        ({"column": "einddatum", "empty": True}, "'einddatum' is leeg", "'einddatum' is empty"),
        ({"column": "datum", "before": "today"},
         "'datum' ligt vóór de peildatum", "'datum' is before the as-of date"),
        ({"column": "datum", "after": "2026-01-01"},
         "'datum' ligt na 2026-01-01", "'datum' is after 2026-01-01"),
        (BREACH, "'gemeld_ap_op' ligt uiterlijk op 'ontdekt_op' + 72 uur",
         "'gemeld_ap_op' is on or before 'ontdekt_op' + 72 hours"),
        ({"column": "datum", "not_before": {"minus": "P1M"}},
         "'datum' ligt niet vóór de peildatum − 1 maand",
         "'datum' is not before the as-of date − 1 month"),
        ({"column": "getest_op", "within": "P1Y"},
         "'getest_op' ligt binnen 1 jaar vóór de peildatum",
         "'getest_op' is within 1 year before the as-of date"),
        ({"column": "bewaartermijn", "at_most": "P2Y"},
         "'bewaartermijn' is ten hoogste 2 jaar", "'bewaartermijn' is at most 2 years"),
        ({"column": "a", "equals": {"column": "b"}}, "'a' is 'b'", "'a' is 'b'"),
        ({"not": FILLED}, "niet ('a' is ingevuld)", "not ('a' is filled in)"),
        ({"all": [FILLED, YES]}, "'a' is ingevuld en 'b' is ja", "'a' is filled in and 'b' is yes"),
        ({"any": [FILLED, YES]}, "('a' is ingevuld of 'b' is ja)",
         "('a' is filled in or 'b' is yes)"),
        (REASON_OTHERWISE,
         "als 'meldplichtig' is ja, dan 'gemeld_ap_op' is ingevuld, "
         "anders 'motivatie_geen_melding' is ingevuld",
         "if 'meldplichtig' is yes, then 'gemeld_ap_op' is filled in, "
         "otherwise 'motivatie_geen_melding' is filled in"),
    ],
)  # fmt: skip
def test_describe(condition: dict[str, Any], nl: str, en: str) -> None:
    assert describe(condition) == Text(nl=nl, en=en)


def test_columns_lists_every_column_read() -> None:
    condition = {"all": [BREACH, REASON_OTHERWISE, {"column": "t", "at_least": {"column": "w"}}]}
    assert columns(condition) == {
        "gemeld_ap_op",
        "ontdekt_op",
        "meldplichtig",
        "motivatie_geen_melding",
        "t",
        "w",
    }


def test_as_list() -> None:
    assert as_list(None) == []
    assert as_list(FILLED) == [FILLED]
    assert as_list([FILLED, YES]) == [FILLED, YES]


def test_any_that_holds_ignores_unreadable_other_branches() -> None:
    evaluator = Evaluator(date(2026, 11, 23))
    condition = {"any": [{"column": "a", "empty": True}, {"column": "b", "before": "today"}]}
    outcome = evaluator.check(condition, {"a": None, "b": "geen datum"})
    assert outcome.ok and outcome.unreadable == ()
    failing = evaluator.check(condition, {"a": "x", "b": "geen datum"})
    assert not failing.ok and [u.column for u in failing.unreadable] == ["b"]


def test_in_with_mixed_kinds_is_false_not_unreadable() -> None:
    outcome = Evaluator(date(2026, 11, 23)).check({"column": "v", "in": ["x", 1]}, {"v": "y"})
    assert not outcome.ok and outcome.unreadable == ()
