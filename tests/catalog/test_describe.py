"""Conditions in words (Dutch and English) and the columns they read."""

from __future__ import annotations

from typing import Any

import pytest

from ibpaudit.catalog.describe import columns, describe
from ibpaudit.model import Text

FILLED = {"column": "a", "not_empty": True}
YES = {"column": "b", "is": True}
BREACH = {"column": "gemeld_ap_op", "not_after": {"column": "ontdekt_op", "plus": "PT72H"}}
REASON_OTHERWISE = {
    "if": {"column": "meldplichtig", "is": True},
    "then": {"column": "gemeld_ap_op", "not_empty": True},
    "else": {"column": "motivatie_geen_melding", "not_empty": True},
}


# --- describe ---------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"any": [{"column": "a", "empty": True}, {"column": "b", "empty": True}]}, {"a", "b"}),
        ({"not": {"column": "c", "empty": True}}, {"c"}),
        ({"if": {"column": "d", "is": True}, "then": {"column": "e", "empty": True}}, {"d", "e"}),
        (
            {
                "if": {"column": "d", "is": True},
                "then": {"column": "e", "empty": True},
                "else": {"column": "f", "empty": True},
            },
            {"d", "e", "f"},
        ),
        ({"all": [{"column": "g", "empty": True}]}, {"g"}),
        ({"column": "x", "before": {"column": "y", "plus": "P1Y"}}, {"x", "y"}),
        ({"column": "x", "equals": {"column": "y"}}, {"x", "y"}),
        ({"column": "x", "before": {"minus": "P1Y"}}, {"x"}),
        ({"column": "x", "in": ["a", "b"]}, {"x"}),
    ],
)
def test_columns_of_every_branch(condition: dict[str, Any], expected: set[str]) -> None:
    assert columns(condition) == expected
