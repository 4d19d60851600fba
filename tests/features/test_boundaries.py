"""Verdicts at every duration boundary the catalog uses, through the real register check.

Each table row is one register cell written as a real file (CSV text, an Excel date or
date-time cell, a YAML date or date-time) and judged at an as-of date: exactly at the
boundary, one day or hour before and after, across month ends, leap days and the
daylight-saving changes of Europe/Amsterdam (29 March and 25 October 2026).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import engine
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.model import CheckContext, Control, Limits, Status, Text
from office import write_xlsx

CELL_KINDS = ("csv-dutch", "csv-iso", "xlsx", "yaml")


def _csv_text(value: date | datetime, kind: str) -> str:
    if kind == "csv-dutch":
        return value.strftime("%d-%m-%Y %H:%M" if isinstance(value, datetime) else "%d-%m-%Y")
    return (
        value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, datetime)
        else (value.isoformat())
    )


def _yaml_scalar(value: date | datetime) -> str:
    # Unquoted, so YAML itself reads a date or a timestamp (with Amsterdam's offset).
    if isinstance(value, datetime):
        offset = "+02:00" if _summer(value) else "+01:00"
        return value.isoformat(sep=" ", timespec="minutes") + offset
    return value.isoformat()


def _summer(moment: datetime) -> bool:
    from zoneinfo import ZoneInfo

    offset = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam")).utcoffset()
    return offset is not None and offset.total_seconds() == 7200


def write_register(
    root: Path, name: str, kind: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One register with typed cells, in the file format of ``kind``."""
    folder = root / "registers"
    folder.mkdir(parents=True)
    if kind == "xlsx":
        write_xlsx(folder / f"{name}.xlsx", {"Blad1": [columns, *rows]})
    elif kind == "yaml":
        lines = [f"{name}:"]
        for row in rows:
            cells = [
                f"{c}: {_yaml_scalar(v) if isinstance(v, date) else v}"
                for c, v in zip(columns, row, strict=True)
            ]
            lines.append("  - " + "\n    ".join(cells))
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        body = [";".join(columns)] + [
            ";".join(_csv_text(v, kind) if isinstance(v, date) else str(v) for v in row)
            for row in rows
        ]
        (folder / f"{name}.csv").write_text("\n".join(body) + "\n", encoding="utf-8")


@cache
def _plugins_and_reference() -> tuple[plugins.Plugins, Mapping[str, Mapping[str, Any]]]:
    """The built-in plugins and the catalog's reference data, loaded once: the dossiers
    of these tests add neither plugins nor controls."""
    with tempfile.TemporaryDirectory() as folder:
        manager = plugins.build(Path(folder))
        return manager, engine.load_catalog(manager, Path(folder)).reference


def judge(root: Path, params: Mapping[str, Any], as_of: date) -> Status:
    """The register check's status on the dossier at ``root``, as an audit reads it."""
    (root / "ibpaudit.yaml").write_text("bestuur: Teststichting\n", encoding="utf-8")
    manager, reference = _plugins_and_reference()
    check_type, _ = manager.check_types()["register"]
    dossier = Dossier.load(root, load_config(root), manager, Limits())
    control = Control("T.01-test", "GO.02", Text("t", "t"), None, "low", (), (), "test")
    outcome = check_type.evaluate(CheckContext(dossier, as_of, control, reference), params)
    return outcome.status


P, F = Status.PASSED, Status.FAILED


# --- "within" a period before the as-of date (P1Y, P6M, P3M, P1M, P4W) -------------------

WITHIN = [
    # (duration, as-of, cell, verdict)
    ("P1Y", "2026-11-23", "2025-11-23", P),  # exactly one year
    ("P1Y", "2026-11-23", "2025-11-22", F),  # a day older
    ("P1Y", "2026-11-23", "2025-11-24", P),
    ("P1Y", "2026-11-23", "2026-11-23", P),  # the as-of date itself
    ("P1Y", "2026-11-23", "2026-11-24", F),  # a day in the future
    ("P1Y", "2026-12-31", "2025-12-31", P),  # December 31st
    ("P1Y", "2026-12-31", "2025-12-30", F),
    ("P1Y", "2027-01-01", "2026-01-01", P),  # New Year's Day
    ("P1Y", "2027-01-01", "2025-12-31", F),
    ("P1Y", "2028-02-29", "2027-02-28", P),  # from a leap day: 28 February
    ("P1Y", "2028-02-29", "2027-02-27", F),
    ("P1Y", "2025-02-28", "2024-02-28", P),  # to a leap year: 28 February, not 29
    ("P1Y", "2025-02-28", "2024-02-27", F),
    ("P1Y", "2025-03-01", "2024-03-01", P),
    ("P1Y", "2025-03-01", "2024-02-29", F),  # the leap day is more than a year before
    ("P1Y", "2026-03-29", "2025-03-29", P),  # the day summer time starts
    ("P1Y", "2026-03-29", "2025-03-28", F),
    ("P1Y", "2026-10-25", "2025-10-25", P),  # the day summer time ends
    ("P1Y", "2026-10-25", "2025-10-24", F),
    ("P6M", "2026-08-31", "2026-02-28", P),  # 31 August minus 6 months: month end
    ("P6M", "2026-08-31", "2026-02-27", F),
    ("P3M", "2026-05-31", "2026-02-28", P),
    ("P3M", "2026-05-31", "2026-02-27", F),
    ("P1M", "2026-03-31", "2026-02-28", P),
    ("P1M", "2026-03-31", "2026-02-27", F),
    ("P1M", "2024-03-31", "2024-02-29", P),  # leap year: 29 February
    ("P1M", "2024-03-31", "2024-02-28", F),
    ("P4W", "2026-03-29", "2026-03-01", P),  # 28 days, across the spring change
    ("P4W", "2026-03-29", "2026-02-28", F),
    ("P4W", "2026-11-08", "2026-10-11", P),  # across the autumn change
    ("P4W", "2026-11-08", "2026-10-10", F),
    ("P4W", "2027-01-03", "2026-12-06", P),  # across the year end
    ("P4W", "2027-01-03", "2026-12-05", F),
]


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(("duration", "as_of", "cell", "verdict"), WITHIN)
def test_within_at_its_boundaries(
    tmp_path: Path, kind: str, duration: str, as_of: str, cell: str, verdict: Status
) -> None:
    write_register(
        tmp_path, "toetsen", kind, ("kenmerk", "datum"), [("T-1", date.fromisoformat(cell))]
    )
    params = {"register": "toetsen", "require": {"column": "datum", "within": duration}}
    assert judge(tmp_path, params, date.fromisoformat(as_of)) is verdict


# A date-time cell is judged by its day: late in the evening still counts for that day.
WITHIN_TIMED = [
    ("2026-11-23", "2025-11-23 23:59", P),
    ("2026-11-23", "2025-11-22 23:59", F),
    ("2026-11-23", "2026-11-23 00:00", P),
    ("2026-11-23", "2026-11-23 23:59", P),
    ("2026-11-23", "2026-11-24 00:00", F),
    ("2026-03-29", "2025-03-29 02:30", P),
    ("2026-10-25", "2026-10-25 02:30", P),  # the hour that happens twice
    ("2026-10-25", "2025-10-24 23:59", F),
]


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(("as_of", "cell", "verdict"), WITHIN_TIMED)
def test_within_on_date_time_cells(
    tmp_path: Path, kind: str, as_of: str, cell: str, verdict: Status
) -> None:
    moment = datetime.fromisoformat(cell)
    write_register(tmp_path, "toetsen", kind, ("kenmerk", "datum"), [("T-1", moment)])
    params = {"register": "toetsen", "require": {"column": "datum", "within": "P1Y"}}
    assert judge(tmp_path, params, date.fromisoformat(as_of)) is verdict


# --- 72 hours: a notifiable breach reaches the AP in 72 real hours --------------------------

BREACH = {
    "register": "datalekken",
    "require": {"column": "gemeld_ap_op", "not_after": {"column": "ontdekt_op", "plus": "PT72H"}},
}
SEVENTY_TWO_HOURS = [
    # (discovered, reported, verdict) in Amsterdam local time
    ("2026-02-03 09:15", "2026-02-06 09:15", P),  # exactly 72 hours
    ("2026-02-03 09:15", "2026-02-06 09:16", F),  # a minute late
    ("2026-02-03 09:15", "2026-02-06 08:15", P),  # an hour early
    ("2026-02-03 09:15", "2026-02-06 10:15", F),  # an hour late
    ("2026-12-29 18:00", "2027-01-01 18:00", P),  # across the year end
    ("2026-12-29 18:00", "2027-01-01 18:01", F),
    ("2028-02-27 10:00", "2028-03-01 10:00", P),  # across a leap day
    ("2028-02-27 10:00", "2028-03-01 10:01", F),
    ("2026-01-30 22:00", "2026-02-02 22:00", P),  # across a month end
    ("2026-01-30 22:00", "2026-02-02 22:01", F),
    # Summer time starts on 29 March 2026 (02:00 → 03:00): the clock skips an hour, so
    # 72 real hours after 12:00 on the 27th is 13:00 on the 30th.
    ("2026-03-27 12:00", "2026-03-30 13:00", P),
    ("2026-03-27 12:00", "2026-03-30 12:30", P),
    ("2026-03-27 12:00", "2026-03-30 13:01", F),
    # Summer time ends on 25 October 2026 (03:00 → 02:00): the clock repeats an hour, so
    # 72 real hours after 12:00 on the 23rd is 11:00 on the 26th.
    ("2026-10-23 12:00", "2026-10-26 11:00", P),
    ("2026-10-23 12:00", "2026-10-26 11:01", F),
    ("2026-10-23 12:00", "2026-10-26 12:00", F),
]


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(("discovered", "reported", "verdict"), SEVENTY_TWO_HOURS)
def test_72_hours_at_its_boundaries(
    tmp_path: Path, kind: str, discovered: str, reported: str, verdict: Status
) -> None:
    row = ("DL-1", datetime.fromisoformat(discovered), datetime.fromisoformat(reported))
    write_register(tmp_path, "datalekken", kind, ("kenmerk", "ontdekt_op", "gemeld_ap_op"), [row])
    assert judge(tmp_path, BREACH, date(2028, 12, 31)) is verdict


# A discovery day without a time of day: 72 hours later is a day, judged as a day.
SEVENTY_TWO_HOURS_BY_DAY = [
    ("2026-02-03", "2026-02-06", P),
    ("2026-02-03", "2026-02-07", F),
    ("2026-03-27", "2026-03-30", P),
    ("2026-03-27", "2026-03-31", F),
    ("2026-10-23", "2026-10-26", P),
    ("2026-10-23", "2026-10-27", F),
    ("2028-02-27", "2028-03-01", P),
    ("2028-02-27", "2028-03-02", F),
]


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(("discovered", "reported", "verdict"), SEVENTY_TWO_HOURS_BY_DAY)
def test_72_hours_from_a_day(
    tmp_path: Path, kind: str, discovered: str, reported: str, verdict: Status
) -> None:
    row = ("DL-1", date.fromisoformat(discovered), date.fromisoformat(reported))
    write_register(tmp_path, "datalekken", kind, ("kenmerk", "ontdekt_op", "gemeld_ap_op"), [row])
    assert judge(tmp_path, BREACH, date(2028, 12, 31)) is verdict


# --- dates against another column, with a period added or taken off -------------------------

REFERENCED = [
    # (operator, reference, cell, verdict), the reference column holding 2026-01-31
    ("before", {"column": "start", "plus": "P1M"}, "2026-02-27", P),
    ("before", {"column": "start", "plus": "P1M"}, "2026-02-28", F),  # the same day
    ("not_before", {"column": "start", "plus": "P1M"}, "2026-02-28", P),
    ("not_before", {"column": "start", "plus": "P1M"}, "2026-02-27", F),
    ("after", {"column": "start", "minus": "P1M"}, "2025-12-31", F),  # the same day
    ("after", {"column": "start", "minus": "P1M"}, "2026-01-01", P),
    ("not_after", {"column": "start", "plus": "P1Y"}, "2027-01-31", P),
    ("not_after", {"column": "start", "plus": "P1Y"}, "2027-02-01", F),
    ("before", {"column": "start", "plus": "P4W"}, "2026-02-27", P),
    ("before", {"column": "start", "plus": "P4W"}, "2026-02-28", F),
    ("not_after", {"column": "start", "plus": "P30D"}, "2026-03-02", P),
    ("not_after", {"column": "start", "plus": "P30D"}, "2026-03-03", F),
    ("before", {"column": "start"}, "2026-01-31", F),
    ("not_before", {"column": "start"}, "2026-01-31", P),
    ("after", {"column": "start"}, "2026-01-31", F),
    ("not_after", {"column": "start"}, "2026-01-31", P),
    ("before", {"minus": "P1M"}, "2026-10-23", F),  # the as-of date (2026-11-23) minus P1M
    ("before", {"minus": "P1M"}, "2026-10-22", P),
    ("not_before", {"date": "2026-12-31", "minus": "P1Y"}, "2025-12-31", P),
    ("not_before", {"date": "2026-12-31", "minus": "P1Y"}, "2025-12-30", F),
]


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(("op", "reference", "cell", "verdict"), REFERENCED)
def test_dates_against_a_reference_at_their_boundaries(
    tmp_path: Path, kind: str, op: str, reference: dict[str, str], cell: str, verdict: Status
) -> None:
    row = ("R-1", date(2026, 1, 31), date.fromisoformat(cell))
    write_register(tmp_path, "overzicht", kind, ("kenmerk", "start", "datum"), [row])
    params = {"register": "overzicht", "require": {"column": "datum", op: reference}}
    assert judge(tmp_path, params, date(2026, 11, 23)) is verdict


# --- today: the as-of date itself ---------------------------------------------------------


@pytest.mark.parametrize("kind", CELL_KINDS)
@pytest.mark.parametrize(
    ("op", "cell", "verdict"),
    [
        ("not_after", "2026-11-23", P),
        ("not_after", "2026-11-24", F),
        ("not_before", "2026-11-23", P),
        ("not_before", "2026-11-22", F),
        ("before", "2026-11-23", F),
        ("before", "2026-11-22", P),
        ("after", "2026-11-23", F),
        ("after", "2026-11-24", P),
    ],
)
def test_today_is_the_as_of_date(
    tmp_path: Path, kind: str, op: str, cell: str, verdict: Status
) -> None:
    write_register(
        tmp_path, "overzicht", kind, ("kenmerk", "datum"), [("R-1", date.fromisoformat(cell))]
    )
    params = {"register": "overzicht", "require": {"column": "datum", op: "today"}}
    assert judge(tmp_path, params, date(2026, 11, 23)) is verdict
