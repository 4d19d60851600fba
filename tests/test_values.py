"""Reading the values people type into registers: empties, names, booleans, numbers,
dates and durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from ibpaudit import values
from ibpaudit.model import Text
from ibpaudit.values import (
    COLUMN_ALIASES,
    Duration,
    ValueParseError,
    canonical_column,
    is_empty,
    normalise_name,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_number,
)

# --- is_empty ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [None, "", "   ", "-", " – ", "—", float("nan"), [], (), {}, set()]
)
def test_is_empty_for_blank_and_dash_cells(value: Any) -> None:
    assert is_empty(value)


@pytest.mark.parametrize("value", [0, 0.0, False, "0", "nee", "n.v.t.", "--", [None], date.today()])
def test_is_empty_false_for_values_that_mean_something(value: Any) -> None:
    assert not is_empty(value)


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Categorieën betrokkenen ", "categorieen_betrokkenen"),
        ("KvK-nummer", "kvk_nummer"),
        ("  Doorgifte buiten EER?", "doorgifte_buiten_eer"),
        ("Ondertekend op (datum)", "ondertekend_op_datum"),
        ("geïnformeerd", "geinformeerd"),
        ("already_normal", "already_normal"),
        ("---", ""),
    ],
)
def test_normalise_name(header: str, expected: str) -> None:
    assert normalise_name(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Supplier", "leverancier"),
        ("Chamber of Commerce number", "kvk_nummer"),
        ("KvK nr", "kvk_nummer"),
        ("Signed on", "ondertekend_op"),
        ("Data subjects", "categorieen_betrokkenen"),
        ("Categorieën betrokkenen", "categorieen_betrokkenen"),
        ("Title", "titel"),
        ("Leverancier", "leverancier"),
        ("Omschrijving", "omschrijving"),  # no alias: normalised and kept
    ],
)
def test_canonical_column_maps_english_and_variant_headers(header: str, expected: str) -> None:
    assert canonical_column(header) == expected


def test_every_alias_key_is_already_normalised() -> None:
    # A key that normalise_name could never produce is an alias that can never match.
    unreachable = [key for key in COLUMN_ALIASES if normalise_name(key) != key]
    assert unreachable == []


def test_aliases_point_at_canonical_names() -> None:
    # A target that is itself an alias for something else would need two lookups.
    chained = {k: v for k, v in COLUMN_ALIASES.items() if COLUMN_ALIASES.get(v, v) != v}
    assert chained == {}


# --- booleans --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ja", "Ja", " JA ", "j", "yes", "Y", "true", "waar", "x", "1"])
def test_parse_bool_true(value: str) -> None:
    assert parse_bool(value) is True


@pytest.mark.parametrize("value", ["nee", "Nee", "n", "no", "FALSE", "onwaar", "0", "niet"])
def test_parse_bool_false(value: str) -> None:
    assert parse_bool(value) is False


@pytest.mark.parametrize(
    ("value", "expected"), [(True, True), (False, False), (1, True), (0, False)]
)
def test_parse_bool_passes_through_yaml_values(value: Any, expected: bool) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["misschien", "", "2", 2, "jawel"])
def test_parse_bool_rejects_other_words_and_says_what_to_write(value: Any) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_bool(value)
    message = info.value.text
    assert isinstance(message, Text)
    assert f"'{value}'" in message.nl and "schrijf ja of nee" in message.nl
    assert f"'{value}'" in message.en and "ja/nee" in message.en
    assert str(info.value) == message.en


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 84 ", 84),
        ("-3", -3),
        ("1,5", 1.5),  # decimal comma as Dutch Excel writes it
        ("1.5", 1.5),
        ("1 000", 1000),
        ("1\u00a0000", 1000),  # Excel's thousands separator is a no-break space
        ("3,0", 3.0),
        (7, 7),
        (2.25, 2.25),
    ],
)
def test_parse_number(value: Any, expected: float) -> None:
    result = parse_number(value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("value", ["abc", "", "12 leerlingen", True, "nan", "inf", "-Infinity"])
def test_parse_number_rejects_non_numbers(value: Any) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_number(value)
    assert info.value.text.nl == f"'{value}' is geen getal"
    assert info.value.text.en == f"'{value}' is not a number"


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14-08-2025", date(2025, 8, 14)),  # dd-mm-jjjj as Dutch Excel writes dates
        ("4-9-2026", date(2026, 9, 4)),
        ("1/3/2024", date(2024, 3, 1)),  # d/m/yyyy: day first
        ("01.03.2024", date(2024, 3, 1)),
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-3-1", date(2024, 3, 1)),
        (" 2024-02-29 ", date(2024, 2, 29)),
        (date(2026, 1, 2), date(2026, 1, 2)),
        ("2026-02-03 09:15", date(2026, 2, 3)),  # the time of day is dropped
        (datetime(2026, 2, 3, 23, 59), date(2026, 2, 3)),
    ],
)
def test_parse_date(value: Any, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["31-02-2024", "2024-02-30", "29-02-2023", "2024-13-01", "00-01-2024"]
)
def test_impossible_dates_say_what_to_write(value: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_date(value)
    assert info.value.text == Text(
        nl=f"'{value}' is geen geldige datum; schrijf jjjj-mm-dd of dd-mm-jjjj",
        en=f"'{value}' is not a valid date; write yyyy-mm-dd or dd-mm-yyyy",
    )


@pytest.mark.parametrize("value", ["gisteren", "20240301", "01-03-24", "45000", 45000])
def test_unrecognised_dates_are_refused(value: Any) -> None:
    with pytest.raises(ValueParseError, match="not a valid date"):
        parse_date(value)


@pytest.mark.parametrize("value", [None, "", "  ", "-"])
def test_empty_dates_ask_for_a_date(value: Any) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_datetime(value)
    assert info.value.text == Text("leeg; vul een datum in", "empty; fill in a date")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-03 09:15", datetime(2026, 2, 3, 9, 15)),
        ("2026-02-03T09:15:30", datetime(2026, 2, 3, 9, 15, 30)),
        ("2026-02-03t9:15", datetime(2026, 2, 3, 9, 15)),
        ("03-02-2026 09:15", datetime(2026, 2, 3, 9, 15)),
        ("2026-02-03 09:15:30.250", datetime(2026, 2, 3, 9, 15, 30)),
        ("2026-02-03", date(2026, 2, 3)),
    ],
)
def test_parse_datetime_keeps_a_time_only_when_given(value: str, expected: date) -> None:
    result = parse_datetime(value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Winter: Amsterdam is UTC+1.
        ("2026-01-15T10:00:00Z", datetime(2026, 1, 15, 11, 0)),
        ("2026-01-15 10:00+01:00", datetime(2026, 1, 15, 10, 0)),
        ("2026-01-15T10:00:00.5-0500", datetime(2026, 1, 15, 16, 0)),
        # Summer: Amsterdam is UTC+2.
        ("2026-07-01T10:00:00Z", datetime(2026, 7, 1, 12, 0)),
        ("2026-07-01 10:00 +02:00", datetime(2026, 7, 1, 10, 0)),
        # The night the clocks go forward (29 March 2026, 01:00 UTC).
        ("2026-03-29T00:30:00Z", datetime(2026, 3, 29, 1, 30)),
        ("2026-03-29T01:30:00Z", datetime(2026, 3, 29, 3, 30)),
        # Crossing midnight changes the date.
        ("2026-12-31T23:30:00Z", datetime(2027, 1, 1, 0, 30)),
    ],
)
def test_offsets_are_converted_to_amsterdam_local_time(value: str, expected: datetime) -> None:
    result = parse_datetime(value)
    assert result == expected
    assert isinstance(result, datetime) and result.tzinfo is None


def test_aware_datetimes_from_yaml_are_converted_too() -> None:
    moment = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert parse_datetime(moment) == datetime(2026, 7, 1, 16, 0)
    assert parse_date(datetime(2026, 7, 1, 23, 0, tzinfo=UTC)) == date(2026, 7, 2)


def test_naive_datetimes_are_taken_as_local() -> None:
    assert parse_datetime(datetime(2026, 7, 1, 10, 0)) == datetime(2026, 7, 1, 10, 0)


@pytest.mark.parametrize("value", ["2026-02-03 25:00", "2026-02-03 10:61"])
def test_invalid_time_of_day(value: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_datetime(value)
    assert info.value.text.en == f"'{value}' holds an invalid time"
    assert info.value.text.nl == f"'{value}' bevat een ongeldige tijd"


@pytest.mark.parametrize("value", ["2026-02-03 om 10 uur", "2026-02-03garbage", "2026-02-031"])
def test_trailing_text_after_a_date_is_refused(value: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_datetime(value)
    assert "schrijf jjjj-mm-dd uu:mm" in info.value.text.nl
    assert "write yyyy-mm-dd hh:mm" in info.value.text.en


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P2Y", Duration(years=2)),
        ("P6M", Duration(months=6)),
        ("P4W", Duration(weeks=4)),
        ("P10D", Duration(days=10)),
        ("PT72H", Duration(hours=72)),
        ("PT30M", Duration(minutes=30)),
        ("p1y6m", Duration(years=1, months=6)),
        ("P1Y2M3W4DT5H6M7S", Duration(1, 2, 3, 4, 5, 6, 7)),
        ("2 jaar", Duration(years=2)),
        ("6 months", Duration(months=6)),
        ("1 jaar en 6 maanden", Duration(years=1, months=6)),
        ("2 years and 3 weeks", Duration(years=2, weeks=3)),
        ("1 jaar, 2 maanden", Duration(years=1, months=2)),
        ("72 uur", Duration(hours=72)),
        ("10 dagen", Duration(days=10)),
        ("5 jr", Duration(years=5)),
    ],
)
def test_parse_duration(value: str, expected: Duration) -> None:
    result = parse_duration(value)
    # Compare fields: == on durations compares lengths (P2Y == P24M).
    assert vars(result) == vars(expected)


def test_parse_duration_passes_a_duration_through() -> None:
    duration = Duration(months=3)
    assert parse_duration(duration) is duration


@pytest.mark.parametrize(
    "value",
    [
        "",
        "P",
        "PT",
        "P1YT",
        "P1.5Y",
        "2Y",
        "P2Y extra",
        "twee jaar",
        "2 eeuwen",
        "ongeveer 2 jaar",
        2,
    ],
)
def test_invalid_durations_say_what_to_write(value: Any) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_duration(value)
    assert info.value.text.nl.startswith(f"'{value}' is geen geldige termijn; schrijf ISO 8601")
    assert "P2Y (2 years), P6M, P4W or PT72H" in info.value.text.en


def test_durations_of_the_same_length_are_equal() -> None:
    assert parse_duration("P2Y") == parse_duration("P24M")
    assert parse_duration("P1W") == parse_duration("P7D")
    assert parse_duration("P1D") == parse_duration("PT24H")
    assert hash(parse_duration("P2Y")) == hash(parse_duration("P24M"))
    assert len({parse_duration("P2Y"), parse_duration("P24M"), parse_duration("2 jaar")}) == 1


def test_durations_are_ordered_by_length() -> None:
    assert parse_duration("P4W") < parse_duration("P1M")
    assert parse_duration("P31D") > parse_duration("P1M")
    assert parse_duration("P1Y") > parse_duration("P11M")
    assert parse_duration("P6M") <= parse_duration("P6M")
    assert parse_duration("PT72H") >= parse_duration("P3D")
    assert sorted(map(parse_duration, ["P1Y", "PT72H", "P6M", "P4W"])) == [
        Duration(hours=72),
        Duration(weeks=4),
        Duration(months=6),
        Duration(years=1),
    ]


def test_durations_do_not_compare_with_other_types() -> None:
    assert parse_duration("P1D") != "P1D"
    with pytest.raises(TypeError):
        _ = parse_duration("P1D") < 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2024, 1, 31), "P1M", date(2024, 2, 29)),  # leap year: clamp to the 29th
        (date(2023, 1, 31), "P1M", date(2023, 2, 28)),
        (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
        (date(2024, 3, 31), "P1M", date(2024, 4, 30)),
        (date(2024, 12, 15), "P1M", date(2025, 1, 15)),
        (date(2024, 11, 30), "P14M", date(2026, 1, 30)),
        (date(2024, 1, 1), "P4W", date(2024, 1, 29)),
        (date(2024, 1, 31), "P1M1D", date(2024, 3, 1)),  # months first, then days
        (datetime(2024, 1, 31, 9, 30), "P1M", datetime(2024, 2, 29, 9, 30)),
    ],
)
def test_add_to_uses_calendar_months(start: date, duration: str, expected: date) -> None:
    result = parse_duration(duration).add_to(start)
    assert result == expected
    assert type(result) is type(expected)


def test_a_time_duration_added_to_a_date_gives_a_datetime() -> None:
    result = parse_duration("PT72H").add_to(date(2026, 2, 3))
    assert result == datetime(2026, 2, 6, 0, 0)
    assert isinstance(result, datetime)
    assert parse_duration("PT72H").add_to(datetime(2026, 2, 3, 9, 15)) == datetime(
        2026, 2, 6, 9, 15
    )


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2024, 3, 31), "P1M", date(2024, 2, 29)),
        (date(2025, 3, 31), "P1M", date(2025, 2, 28)),
        (date(2026, 1, 15), "P1M", date(2025, 12, 15)),
        (date(2026, 10, 31), "P2Y", date(2024, 10, 31)),
        (date(2024, 3, 3), "PT72H", date(2024, 2, 29)),  # day precision: a date comes back
        (date(2026, 1, 1), "P1W", date(2025, 12, 25)),
    ],
)
def test_subtract_from(start: date, duration: str, expected: date) -> None:
    result = parse_duration(duration).subtract_from(start)
    assert result == expected
    assert type(result) is date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2 jaar", "P2Y"),
        ("P1Y6M", "P1Y6M"),
        ("72 uur", "PT72H"),
        ("P1Y2M3W4DT5H6M7S", "P1Y2M3W4DT5H6M7S"),
        ("P0D", "P0D"),
    ],
)
def test_iso_round_trips(value: str, iso: str) -> None:
    duration = parse_duration(value)
    assert duration.iso == iso
    assert str(duration) == iso
    assert vars(parse_duration(duration.iso)) == vars(duration)


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        ("P2Y", "2 jaar", "2 years"),
        ("P1Y", "1 jaar", "1 year"),
        ("P6M", "6 maanden", "6 months"),
        ("P1M", "1 maand", "1 month"),
        ("P4W", "4 weken", "4 weeks"),
        ("P1D", "1 dag", "1 day"),
        ("PT72H", "72 uur", "72 hours"),
        ("P1Y6M", "1 jaar en 6 maanden", "1 year and 6 months"),
        ("P1Y2M3D", "1 jaar, 2 maanden en 3 dagen", "1 year, 2 months and 3 days"),
        ("P0D", "0 dagen", "0 days"),
    ],
)
def test_describe_in_both_languages(value: str, nl: str, en: str) -> None:
    duration = parse_duration(value)
    assert duration.describe("nl") == nl
    assert duration.describe() == nl
    assert duration.describe("en") == en


def test_value_parse_error_is_a_value_error_with_the_english_text() -> None:
    with pytest.raises(ValueError, match=r"^'x' is not a valid date") as info:
        parse_date("x")
    assert isinstance(info.value, ValueParseError)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3 februari 2024", date(2024, 2, 3)),
        ("3 feb. 2024", date(2024, 2, 3)),
        ("12 October 2025", date(2025, 10, 12)),
        ("3-2-2024", date(2024, 2, 3)),
        ("2024-02-03", date(2024, 2, 3)),  # ISO is never read day-first
        ("2024-12-01", date(2024, 12, 1)),
    ],
)
def test_dates_in_words_and_numbers(value: str, expected: date) -> None:
    assert parse_date(value) == expected


def test_a_month_name_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueParseError):
        parse_date("3 brumaire 2024")


# --- boundaries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, True), (0.0, False), ("wel", True), ("WEL", True), (" x ", True), ("Niet", False)],
)
def test_parse_bool_of_spreadsheet_numbers_and_dutch_words(value: Any, expected: bool) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", [2.0, 0.5, -1, None])
def test_parse_bool_refuses_other_numbers(value: Any) -> None:
    with pytest.raises(ValueParseError):
        parse_bool(value)


# (start, duration, start + duration, start − duration): month ends, December, leap days.
SHIFTS = [
    (date(2026, 12, 31), "P1Y", date(2027, 12, 31), date(2025, 12, 31)),
    (date(2026, 12, 31), "P1M", date(2027, 1, 31), date(2026, 11, 30)),
    (date(2027, 1, 31), "P1M", date(2027, 2, 28), date(2026, 12, 31)),
    (date(2026, 11, 30), "P1M", date(2026, 12, 30), date(2026, 10, 30)),
    (date(2026, 12, 15), "P1M", date(2027, 1, 15), date(2026, 11, 15)),
    (date(2027, 3, 31), "P3M", date(2027, 6, 30), date(2026, 12, 31)),
    (date(2026, 6, 30), "P6M", date(2026, 12, 30), date(2025, 12, 30)),
    (date(2026, 8, 31), "P6M", date(2027, 2, 28), date(2026, 2, 28)),
    (date(2024, 2, 29), "P1Y", date(2025, 2, 28), date(2023, 2, 28)),
    (date(2024, 2, 29), "P4Y", date(2028, 2, 29), date(2020, 2, 29)),
    (date(2024, 1, 31), "P1M", date(2024, 2, 29), date(2023, 12, 31)),
    (date(2026, 12, 31), "P1D", date(2027, 1, 1), date(2026, 12, 30)),
    (date(2026, 12, 31), "P4W", date(2027, 1, 28), date(2026, 12, 3)),
    (date(2026, 12, 31), "P1Y1M1D", date(2028, 2, 1), date(2025, 11, 29)),
    (date(2026, 3, 1), "P1D", date(2026, 3, 2), date(2026, 2, 28)),
]


@pytest.mark.parametrize(("start", "duration", "later", "earlier"), SHIFTS)
def test_calendar_arithmetic_at_month_ends(
    start: date, duration: str, later: date, earlier: date
) -> None:
    period = parse_duration(duration)
    assert period.add_to(start) == later
    assert period.subtract_from(start) == earlier
    assert period.subtract(start) == earlier


# Hours are time that passes: across Amsterdam's clock changes the wall clock moves by
# one hour more or less. Days are calendar days.
ELAPSED = [
    (datetime(2026, 3, 27, 12, 0), "PT72H", datetime(2026, 3, 30, 13, 0)),
    (datetime(2026, 3, 29, 1, 30), "PT1H", datetime(2026, 3, 29, 3, 30)),
    (datetime(2026, 10, 23, 12, 0), "PT72H", datetime(2026, 10, 26, 11, 0)),
    (datetime(2026, 2, 3, 9, 15), "PT72H", datetime(2026, 2, 6, 9, 15)),
    (datetime(2026, 2, 3, 9, 15), "PT90M", datetime(2026, 2, 3, 10, 45)),
    (datetime(2026, 2, 3, 9, 15), "PT30S", datetime(2026, 2, 3, 9, 15, 30)),
    (datetime(2026, 3, 28, 12, 0), "P1D", datetime(2026, 3, 29, 12, 0)),
    (datetime(2026, 3, 28, 12, 0), "P1DT1H", datetime(2026, 3, 29, 13, 0)),
    (datetime(2026, 12, 31, 23, 30), "PT1H", datetime(2027, 1, 1, 0, 30)),
]


@pytest.mark.parametrize(("start", "duration", "expected"), ELAPSED)
def test_hours_are_time_that_passes(start: datetime, duration: str, expected: datetime) -> None:
    assert parse_duration(duration).add_to(start) == expected
    assert parse_duration(duration).subtract(expected) == start


def test_a_time_duration_subtracted_from_a_date_is_a_day() -> None:
    assert parse_duration("PT72H").subtract_from(date(2026, 3, 30)) == date(2026, 3, 27)
    assert parse_duration("PT1H").subtract(date(2026, 3, 30)) == datetime(2026, 3, 29, 23, 0)


@pytest.mark.parametrize(
    ("shorter", "longer"),
    [
        ("PT59M", "PT1H"),
        ("PT3599S", "PT1H"),
        ("PT59S", "PT1M"),
        ("PT1H", "PT61M"),
        ("PT23H", "P1D"),
        ("P1D", "PT25H"),
        ("P6D", "P1W"),
        ("P11M", "P1Y"),
        ("P30D", "P1M"),
        ("P1M", "P31D"),
    ],
)
def test_durations_are_ordered_to_the_second(shorter: str, longer: str) -> None:
    assert parse_duration(shorter) < parse_duration(longer)
    assert parse_duration(longer) > parse_duration(shorter)
    assert parse_duration(shorter) != parse_duration(longer)


@pytest.mark.parametrize(("one", "other"), [("PT60M", "PT1H"), ("PT3600S", "PT1H"), ("P7D", "P1W")])
def test_durations_of_equal_length(one: str, other: str) -> None:
    assert parse_duration(one) == parse_duration(other)
    assert hash(parse_duration(one)) == hash(parse_duration(other))


def test_comparing_a_duration_with_another_type_is_left_to_python() -> None:
    assert Duration(days=1).__eq__("P1D") is NotImplemented
    assert Duration(days=1).__lt__("P1D") is NotImplemented
    with pytest.raises(TypeError):
        _ = Duration(days=1) < "P2D"  # type: ignore[operator]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2jaar", Duration(years=2)),
        ("2 jaar en 6 maanden", Duration(years=2, months=6)),
        ("6 months and 2 weeks", Duration(months=6, weeks=2)),
        ("3 dagen, 4 uur", Duration(days=3, hours=4)),
        ("1 jr", Duration(years=1)),
        ("4 wk", Duration(weeks=4)),
        ("p1y", Duration(years=1)),
        ("PT1H30M15S", Duration(hours=1, minutes=30, seconds=15)),
        ("P1Y2M3W4DT5H6M7S", Duration(1, 2, 3, 4, 5, 6, 7)),
    ],
)
def test_duration_fields(value: str, expected: Duration) -> None:
    parsed = parse_duration(value)
    assert parsed.iso == expected.iso


# today() without --as-of: the date in Amsterdam, whatever the runner's clock says.
@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime(2026, 1, 15, 22, 59, tzinfo=UTC), date(2026, 1, 15)),  # 23:59 CET
        (datetime(2026, 1, 15, 23, 0, tzinfo=UTC), date(2026, 1, 16)),  # 00:00 CET
        (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), date(2026, 6, 30)),  # 23:59 CEST
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),  # 00:00 CEST
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),  # night of the change
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),  # New Year in Amsterdam
        (datetime(2028, 2, 28, 23, 0, tzinfo=UTC), date(2028, 2, 29)),
    ],
)
def test_today_is_the_date_in_amsterdam(
    monkeypatch: pytest.MonkeyPatch, utc: datetime, expected: date
) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Clock:  # type: ignore[override]
            moment = utc.astimezone(tz) if tz is not None else utc.replace(tzinfo=None)
            return cls.fromtimestamp(moment.timestamp(), tz)

    monkeypatch.setattr(values, "datetime", Clock)
    assert values.today() == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2026-09-01", date(2026, 9, 1)), ("2024-02-29", date(2024, 2, 29))]
)
def test_parse_as_of(value: str, expected: date) -> None:
    assert values.parse_as_of(value) == expected


@pytest.mark.parametrize("value", ["01-09-2026", "2026-02-30", "morgen"])
def test_parse_as_of_says_how_to_write_it(value: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError) as info:
        values.parse_as_of(value)
    assert str(info.value) == (
        f"'{value}' is geen datum; schrijf JJJJ-MM-DD, bijv. 2026-09-01\n"
        f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01"
    )


MONTH_NAMES = [
    ("januari", 1), ("january", 1), ("jan", 1), ("februari", 2), ("february", 2), ("feb", 2),
    ("maart", 3), ("march", 3), ("mrt", 3), ("mar", 3), ("april", 4), ("apr", 4),
    ("mei", 5), ("may", 5), ("juni", 6), ("june", 6), ("jun", 6), ("juli", 7), ("july", 7),
    ("jul", 7), ("augustus", 8), ("august", 8), ("aug", 8), ("september", 9), ("sep", 9),
    ("sept", 9), ("oktober", 10), ("october", 10), ("okt", 10), ("oct", 10),
    ("november", 11), ("nov", 11), ("december", 12), ("dec", 12),
]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), MONTH_NAMES)
def test_every_month_name(name: str, month: int) -> None:
    assert parse_date(f"3 {name} 2024") == date(2024, month, 3)
    assert parse_date(f"28 {name.capitalize()}. 2024") == date(2024, month, 28)


@pytest.mark.parametrize(
    "value", ["2026-01-01 10:00+01:00 x", "2026-01-01 10:00Z later", "2026-01-01 10:00 +0100 uur"]
)
def test_an_offset_must_end_the_value(value: str) -> None:
    with pytest.raises(ValueParseError):
        parse_datetime(value)


UNIT_WORDS = [
    ("jaar", "years"), ("jaren", "years"), ("jr", "years"), ("year", "years"),
    ("years", "years"), ("maand", "months"), ("maanden", "months"), ("mnd", "months"),
    ("month", "months"), ("months", "months"), ("week", "weeks"), ("weken", "weeks"),
    ("weeks", "weeks"), ("wk", "weeks"), ("dag", "days"), ("dagen", "days"), ("day", "days"),
    ("days", "days"), ("uur", "hours"), ("uren", "hours"), ("hour", "hours"), ("hours", "hours"),
]  # fmt: skip


@pytest.mark.parametrize(("word", "field"), UNIT_WORDS)
def test_every_unit_word(word: str, field: str) -> None:
    assert parse_duration(f"3 {word}").iso == Duration(**{field: 3}).iso


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("1900-01-01", True),
        ("1899-12-31", False),
        ("2999-12-31", True),
        ("3000-01-01", False),
        ("0001-01-01", False),
    ],
)
def test_as_of_lies_in_the_range_every_duration_can_be_added_to(value: str, accepted: bool) -> None:
    import argparse

    if accepted:
        assert values.parse_as_of(value) == date.fromisoformat(value)
        return
    with pytest.raises(argparse.ArgumentTypeError) as info:
        values.parse_as_of(value)
    # Dutch, then English: the command line shows the line of its language.
    assert str(info.value) == (
        f"{value} ligt buiten 1900-01-01 .. 2999-12-31\n{value} is outside 1900-01-01 .. 2999-12-31"
    )


@pytest.mark.parametrize("offset", ["+25:00", "-24:30", "+99:99"])
def test_an_impossible_time_zone_offset_is_a_value_error(offset: str) -> None:
    with pytest.raises(ValueParseError) as info:
        values.parse_datetime(f"2026-03-01T10:00:00{offset}")
    assert info.value.text.en.endswith("has an invalid time-zone offset; write e.g. +01:00")


@pytest.mark.parametrize(
    ("duration", "moment", "direction", "message"),
    [
        ("P1Y", date(9999, 6, 1), "add", "9999-06-01 + P1Y falls outside the calendar"),
        ("P1D", date(9999, 12, 31), "add", "9999-12-31 + P1D falls outside the calendar"),
        ("P1Y", date(1, 3, 1), "subtract", "0001-03-01 - P1Y falls outside the calendar"),
        ("PT1H", datetime(1, 1, 1, 0, 30), "subtract", "0001-01-01T00:30:00 - PT1H falls"),
    ],
)
def test_arithmetic_past_the_calendar_is_a_value_error(
    duration: str, moment: date, direction: str, message: str
) -> None:
    """One overflowing date is an error on its cell, never a crashed check."""
    parsed = parse_duration(duration)
    with pytest.raises(ValueParseError) as info:
        parsed.add_to(moment) if direction == "add" else parsed.subtract_from(moment)
    assert info.value.text.en.startswith(message)


@pytest.mark.parametrize(
    ("duration", "moment", "added", "subtracted"),
    [
        ("P1Y", date(9998, 6, 1), date(9999, 6, 1), date(9997, 6, 1)),
        ("P3D", date(2026, 3, 1), date(2026, 3, 4), date(2026, 2, 26)),
        ("P2W", date(2026, 1, 10), date(2026, 1, 24), date(2025, 12, 27)),
    ],
)
def test_days_and_weeks_go_the_way_asked(
    duration: str, moment: date, added: date, subtracted: date
) -> None:
    parsed = parse_duration(duration)
    assert parsed.add_to(moment) == added
    assert parsed.subtract_from(moment) == subtracted
