"""Dates and numbers in the HTML report, the Dutch and the English way, whatever the
machine's locale."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ibpaudit.builtin.reporters.html.formatting import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    percent,
)
from ibpaudit.builtin.reporters.html.labels import LABELS, label
from ibpaudit.values import parse_date


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        ("2024-02-03", "3 februari 2024", "3 February 2024"),
        (date(2026, 11, 23), "23 november 2026", "23 November 2026"),
        ("2025-05-01", "1 mei 2025", "1 May 2025"),
        ("2023-03-31", "31 maart 2023", "31 March 2023"),
        ("not a date", "not a date", "not a date"),
    ],
)
def test_dates(value: object, nl: str, en: str) -> None:
    assert format_date(value, "nl") == nl
    assert format_date(value, "en") == en


def test_every_dutch_month_reads_back_as_the_same_date() -> None:
    """The report's Dutch dates are the ones ibpaudit itself reads in evidence."""
    for month in range(1, 13):
        day = date(2024, month, 28)
        assert parse_date(format_date(day, "nl")) == day


def test_date_and_time_keep_the_recorded_offset() -> None:
    assert (
        format_datetime("2026-11-23T09:05:00+01:00", "nl") == "23 november 2026, 09:05 (UTC+01:00)"
    )
    assert format_datetime("2026-07-01T17:30:00", "en") == "1 July 2026, 17:30"


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("2026-02-03T00:00:00Z", " (UTC+00:00)"),
        ("2026-02-03T23:59:59-05:30", " (UTC-05:30)"),
        ("2026-02-03T10:00:00-00:30", " (UTC-00:30)"),
        ("2026-02-03T10:00:00+05:45:30", " (UTC+05:4530)"),  # as %z writes seconds
    ],
)
def test_a_moments_offset_is_shown_as_recorded(value: str, zone: str) -> None:
    assert format_datetime(value, "en") == f"3 February 2026, {value[11:16]}{zone}"


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (7, "7", "7"),
        (1234, "1.234", "1,234"),
        (156771, "156.771", "156,771"),
        (True, "True", "True"),
    ],
)
def test_whole_numbers(value: object, nl: str, en: str) -> None:
    assert format_number(value, "nl") == nl
    assert format_number(value, "en") == en


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [(0.7, "0,7", "0.7"), (1234.56, "1.234,6", "1,234.6"), (2, "2,0", "2.0")],
)
def test_decimals_use_a_comma_in_dutch(value: float, nl: str, en: str) -> None:
    assert format_decimal(value, "nl") == nl
    assert format_decimal(value, "en") == en


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(87, 100, "87%"), (90, 94, "96%"), (999, 1000, "99%"), (1, 1000, "<1%"), (0, 5, "0%"),
     (5, 5, "100%"), (1, 0, "–"), (None, 5, "–")],
)  # fmt: skip
def test_percentages_never_round_to_all_or_nothing(part: object, whole: object, shown: str) -> None:
    assert percent(part, whole) == shown


def test_every_label_exists_in_both_languages_with_the_same_placeholders() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for key, (nl, en) in LABELS.items():
        assert nl.strip() and en.strip(), key
        assert sorted(placeholder.findall(nl)) == sorted(placeholder.findall(en)), key
    assert label("count_shown", "nl", shown=3, total=94) == "3 van 94 normen zichtbaar"
    assert label("count_shown", "en", shown=3, total=94) == "3 of 94 norms shown"
    with pytest.raises(KeyError):
        label("no such label", "nl")
