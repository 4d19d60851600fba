"""Turning the values people type into registers into dates, durations, booleans and numbers.

Boards keep registers in Excel, so values arrive as ``dd-mm-jjjj`` dates, ``ja``/``nee``,
decimal commas and ISO 8601 durations (``P2Y``). Every parser raises
:class:`ValueParseError` with a bilingual message that says what to write instead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache, total_ordering
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ibpaudit.i18n import Text, text

AMSTERDAM_NAME = "Europe/Amsterdam"


class ValueParseError(ValueError):
    """A value that cannot be read as the type a check needs; ``text`` says why."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.text = message


# --- empty values -------------------------------------------------------------------

# Text that means "nothing here" in a cell: blank, or a lone dash as Excel users type it.
EMPTY_MARKERS = frozenset({"", "-", "\u2013", "\u2014"})


def is_empty(value: Any) -> bool:
    """None, blank text and a lone dash (Excel's 'nothing here') count as empty."""
    if value is None:
        return True
    if isinstance(value, str):  # the common case first: this runs for every cell judged
        return value.strip() in EMPTY_MARKERS
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, list | tuple | dict | set):
        return len(value) == 0
    return False


# --- names ------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """``'Categorieën betrokkenen '`` → ``'categorieen_betrokkenen'``: lower case,
    accents removed, every run of other characters one underscore."""
    return _normalised(name if type(name) is str else str(name))


# Headers, register names and IDs recur thousands of times per run: normalise each once.
@lru_cache(maxsize=1 << 14)
def _normalised(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", ascii_only.casefold()).strip("_")


# English (and common Dutch variant) headers mapped onto the contract's column names.
COLUMN_ALIASES: dict[str, str] = {
    # verwerkersovereenkomsten / applicaties
    "supplier": "leverancier",
    "vendor": "leverancier",
    "processor": "verwerker",
    "application": "applicatie",
    "app": "applicatie",
    "chamber_of_commerce_number": "kvk_nummer",
    "kvk": "kvk_nummer",
    "kvk_nr": "kvk_nummer",
    "kvknummer": "kvk_nummer",
    "processes_personal_data": "verwerkt_persoonsgegevens",
    "personal_data": "verwerkt_persoonsgegevens",
    "covenant_member": "convenant_deelnemer",
    "model_version": "modelversie",
    "signed_on": "ondertekend_op",
    "signed": "ondertekend_op",
    "signed_date": "ondertekend_op",
    "datum_ondertekening": "ondertekend_op",
    "ondertekend": "ondertekend_op",
    "end_date": "einddatum",
    "privacy_label": "privacybijsluiter",
    "privacy_bijsluiter": "privacybijsluiter",
    "security_annex": "beveiligingsbijlage",
    "sub_processors": "subverwerkers",
    "subprocessors": "subverwerkers",
    "storage_location": "opslaglocatie",
    "transfer_basis": "doorgiftegrondslag",
    "eck_id": "eck_id",
    "eckid": "eck_id",
    "dpia_reference": "dpia_referentie",
    "last_reviewed_on": "laatst_beoordeeld_op",
    "last_reviewed": "laatst_beoordeeld_op",
    # verwerkingsregister
    "processing": "verwerking",
    "processing_activity": "verwerking",
    "purpose": "doel",
    "legal_basis": "grondslag",
    "lawful_basis": "grondslag",
    "data_subjects": "categorieen_betrokkenen",
    "categories_of_data_subjects": "categorieen_betrokkenen",
    "personal_data_categories": "categorieen_persoonsgegevens",
    "categories_of_personal_data": "categorieen_persoonsgegevens",
    "special_categories": "bijzondere_persoonsgegevens",
    "recipients": "ontvangers",
    "transfer_outside_eea": "doorgifte_buiten_eer",
    "retention_period": "bewaartermijn",
    "retention": "bewaartermijn",
    "security_measures": "beveiligingsmaatregelen",
    "dpia_required": "dpia_vereist",
    # bewaartermijnen
    "category": "categorie",
    "basis": "grondslag",
    "destruction_method": "vernietigingswijze",
    "starting_event": "ingangsmoment",
    "start_event": "ingangsmoment",
    # datalekken
    "reference": "kenmerk",
    "discovered_on": "ontdekt_op",
    "discovered_at": "ontdekt_op",
    "reported_to_ap_on": "gemeld_ap_op",
    "notified_ap_on": "gemeld_ap_op",
    "notifiable": "meldplichtig",
    "reason_not_notified": "motivatie_geen_melding",
    "data_subjects_informed": "betrokkenen_geinformeerd",
    "measures": "maatregelen",
    "closed_on": "afgesloten_op",
    # common
    "date": "datum",
    "owner": "eigenaar",
    "school": "school",
    "brin_number": "brin",
    "topic": "onderwerp",
    "audience": "doelgroep",
    "result": "resultaat",
    "tested_on": "getest_op",
    "reviewed_on": "beoordeeld_op",
    "reviewed_by": "beoordeeld_door",
    "successful": "geslaagd",
    "succeeded": "geslaagd",
    # document metadata
    "title": "titel",
    "version": "versie",
    "adopted_on": "vastgesteld_op",
    "adopted_by": "vastgesteld_door",
    "approved_on": "vastgesteld_op",
    "approved_by": "vastgesteld_door",
    "works_council_consent_on": "instemming_mr_op",
    "next_review": "volgende_review",
    "published_on": "gepubliceerd_op",
    "statement": "verklaring",
    "signed_by": "ondertekend_door",
    "valid_until": "geldig_tot",
}


def canonical_column(header: str) -> str:
    """A register header as the contract names it: normalised, English aliases mapped."""
    name = normalise_name(header)
    return COLUMN_ALIASES.get(name, name)


# --- booleans and numbers ---------------------------------------------------------------

YES_WORDS = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "wel", "x"})
NO_WORDS = frozenset({"nee", "n", "no", "false", "onwaar", "0", "niet"})


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueParseError(
        text(
            "'{v}' is geen ja of nee; schrijf ja of nee",
            "'{v}' is not yes or no; write ja/nee (or yes/no)",
            v=value,
        )
    )


def parse_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueParseError(text("'{v}' is geen getal", "'{v}' is not a number", v=value))
    if isinstance(value, int | float):
        return value
    raw = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    # float() also reads 'nan' and 'inf', which no register cell means as a number.
    if not math.isfinite(number):
        raise ValueParseError(text("'{v}' is geen getal", "'{v}' is not a number", v=value))
    return int(number) if number.is_integer() and "." not in raw and "e" not in raw else number


# --- dates --------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")
_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")

_DATE_HINT = text(
    "'{v}' is geen geldige datum; schrijf jjjj-mm-dd of dd-mm-jjjj",
    "'{v}' is not a valid date; write yyyy-mm-dd or dd-mm-yyyy",
)


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "february", "feb"),
        ("maart", "march", "mrt", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("augustus", "august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names, _number))
# "3 februari 2024", "3 feb. 2024", "3 February 2024"
_WORD_DATE = re.compile(r"(\d{1,2})\.?\s+([A-Za-z]+)\.?\s+(\d{4})")


def _date_part(raw: str, original: Any) -> tuple[date, str]:
    """ISO first (an ISO date is never read day-first), then Dutch day-month-year."""
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DUTCH_DATE, (2, 1, 0))):
        match = pattern.match(raw)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]]), raw[match.end() :]
            except ValueError:
                break
    else:
        match = _WORD_DATE.match(raw)
        month = _MONTHS.get(match.group(2).casefold()) if match else None
        if match and month:
            try:
                return date(int(match.group(3)), month, int(match.group(1))), raw[match.end() :]
            except ValueError:
                pass
    raise ValueParseError(_DATE_HINT.format(v=original))


def _amsterdam() -> ZoneInfo | None:
    try:
        return ZoneInfo(AMSTERDAM_NAME)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is a dependency on Windows
        return None


def parse_datetime(value: Any) -> date | datetime:
    """A date, or a date with a time of day (naive, Amsterdam local time)."""
    if isinstance(value, datetime):
        return _local(value)
    if isinstance(value, date):
        return value
    if is_empty(value):
        raise ValueParseError(text("leeg; vul een datum in", "empty; fill in a date"))
    return _datetime_from_text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=65536)
def _datetime_from_text(value: str) -> date | datetime:
    """Registers repeat the same dates on many rows: each text is parsed once."""
    raw = value.strip()
    day, rest = _date_part(raw, value)
    rest = rest.strip().lstrip("Tt").strip()
    if not rest:
        return day
    zone = _ZONE.search(rest)
    clock = _TIME.fullmatch(rest[: zone.start()].strip() if zone else rest)
    if clock is None:
        raise ValueParseError(
            text(
                "'{v}' is geen geldige datum en tijd; schrijf jjjj-mm-dd uu:mm",
                "'{v}' is not a valid date and time; write yyyy-mm-dd hh:mm",
                v=value,
            )
        )
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    try:
        moment = datetime.combine(day, time(hour, minute, second))
    except ValueError:
        raise ValueParseError(
            text("'{v}' bevat een ongeldige tijd", "'{v}' holds an invalid time", v=value)
        ) from None
    if zone:
        offset = zone.group(1)
        try:
            stamp = datetime.fromisoformat(
                moment.isoformat() + ("+00:00" if offset == "Z" else offset)
            )
            return _local(stamp)
        except (ValueError, OverflowError):  # +25:00, or a shift past year 9999
            raise ValueParseError(
                text(
                    "'{v}' heeft een ongeldige tijdzone; schrijf bijvoorbeeld +01:00",
                    "'{v}' has an invalid time-zone offset; write e.g. +01:00",
                    v=value,
                )
            ) from None
    return moment


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    zone = _amsterdam()
    return (moment.astimezone(zone) if zone else moment).replace(tzinfo=None)


def today() -> date:
    """Today in the Netherlands: a CI runner in UTC must not judge a day early."""
    zone = _amsterdam()
    return datetime.now(zone).date() if zone else date.today()


# The days an audit can be judged on: wide enough for any real peildatum, narrow enough
# that every retention period and evidence age can be added or subtracted.
AS_OF_RANGE = (date(1900, 1, 1), date(2999, 12, 31))


def parse_as_of(value: str) -> date:
    """An ``--as-of`` value (argparse type): an ISO date, with a message that says how,
    in Dutch and English on two lines ("nl\nen"; the CLI shows the line of its language)."""
    import argparse

    try:
        day = date.fromisoformat(value)
    except ValueError:
        message = text(
            "'{v}' is geen datum; schrijf JJJJ-MM-DD, bijv. 2026-09-01",
            "'{v}' is not a date; write it as YYYY-MM-DD, e.g. 2026-09-01",
            v=value,
        )
        raise argparse.ArgumentTypeError(f"{message.nl}\n{message.en}") from None
    if not AS_OF_RANGE[0] <= day <= AS_OF_RANGE[1]:
        message = out_of_range(day)
        raise argparse.ArgumentTypeError(f"{message.nl}\n{message.en}")
    return day


def out_of_range(day: date) -> Text:
    low, high = AS_OF_RANGE
    return text(
        "{d} ligt buiten {low} .. {high}",
        "{d} is outside {low} .. {high}",
        d=day.isoformat(),
        low=low.isoformat(),
        high=high.isoformat(),
    )


def parse_date(value: Any) -> date:
    """A calendar date; a time of day, if given, is dropped."""
    moment = parse_datetime(value)
    return moment.date() if isinstance(moment, datetime) else moment


# --- durations ------------------------------------------------------------------------------

_DURATION = re.compile(
    r"P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)

_UNITS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # unit: ((nl singular, nl plural), (en singular, en plural))
    "years": (("jaar", "jaar"), ("year", "years")),
    "months": (("maand", "maanden"), ("month", "months")),
    "weeks": (("week", "weken"), ("week", "weeks")),
    "days": (("dag", "dagen"), ("day", "days")),
    "hours": (("uur", "uur"), ("hour", "hours")),
    "minutes": (("minuut", "minuten"), ("minute", "minutes")),
    "seconds": (("seconde", "seconden"), ("second", "seconds")),
}


@total_ordering
@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration (``P2Y``, ``P6M``, ``P4W``, ``PT72H``) with calendar arithmetic."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    @property
    def _approx_seconds(self) -> float:
        """For ordering only: a month counts as an average Gregorian month."""
        days = (self.years * 12 + self.months) * 30.436875 + self.weeks * 7 + self.days
        return days * 86400 + self.hours * 3600 + self.minutes * 60 + self.seconds

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return self._approx_seconds < other._approx_seconds

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return self._approx_seconds == other._approx_seconds

    def __hash__(self) -> int:
        return hash(self._approx_seconds)

    @property
    def has_time(self) -> bool:
        return bool(self.hours or self.minutes or self.seconds)

    def _shift(self, moment: date | datetime, sign: int) -> date | datetime:
        try:
            return self._shift_unchecked(moment, sign)
        except (OverflowError, ValueError):  # past year 9999 or before year 1
            raise ValueParseError(
                text(
                    "{m} {op} {d} valt buiten de kalender (jaar 1 tot en met 9999)",
                    "{m} {op} {d} falls outside the calendar (years 1 to 9999)",
                    m=moment.isoformat(),
                    op="+" if sign > 0 else "-",
                    d=self.iso,
                )
            ) from None

    def _shift_unchecked(self, moment: date | datetime, sign: int) -> date | datetime:
        total_months = (
            moment.year * 12 + (moment.month - 1) + sign * (self.years * 12 + self.months)
        )
        year, month = divmod(total_months, 12)
        month += 1
        day = min(moment.day, _days_in_month(year, month))
        shifted: date | datetime = moment.replace(year=year, month=month, day=day)
        shifted += timedelta(weeks=self.weeks, days=self.days) * sign
        if not self.has_time:
            return shifted
        clock = timedelta(hours=self.hours, minutes=self.minutes, seconds=self.seconds) * sign
        if not isinstance(shifted, datetime):
            # A day without a time of day: counted on the calendar (day precision).
            return datetime.combine(shifted, time()) + clock
        return _elapsed(shifted, clock)

    def add_to(self, moment: date | datetime) -> date | datetime:
        """``moment`` plus this duration; 31 January plus one month is 28/29 February.
        Years to days count on the calendar; hours, minutes and seconds as time that
        really passes in Amsterdam (72 hours across a clock change is 71 or 73 on it)."""
        return self._shift(moment, 1)

    def subtract(self, moment: date | datetime) -> date | datetime:
        """``moment`` minus this duration, keeping its time of day."""
        return self._shift(moment, -1)

    def subtract_from(self, moment: date) -> date:
        """``moment`` minus this duration, at day precision (for 'no older than')."""
        shifted = self._shift(moment, -1)
        return shifted.date() if isinstance(shifted, datetime) else shifted

    @property
    def iso(self) -> str:
        out = "P"
        for value, unit in (
            (self.years, "Y"),
            (self.months, "M"),
            (self.weeks, "W"),
            (self.days, "D"),
        ):
            if value:
                out += f"{value}{unit}"
        clock = ""
        for value, unit in ((self.hours, "H"), (self.minutes, "M"), (self.seconds, "S")):
            if value:
                clock += f"{value}{unit}"
        if clock:
            out += "T" + clock
        return out if out != "P" else "P0D"

    def describe(self, lang: str = "nl") -> str:
        """``P2Y`` → '2 jaar' / '2 years'; ``P1Y6M`` → '1 jaar en 6 maanden'."""
        index = 1 if lang == "en" else 0
        parts = []
        for unit, names in _UNITS.items():
            value = getattr(self, unit)
            if value:
                singular, plural = names[index]
                parts.append(f"{value} {singular if value == 1 else plural}")
        if not parts:
            return "0 dagen" if index == 0 else "0 days"
        joiner = " and " if index else " en "
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + joiner + parts[-1]

    def __str__(self) -> str:
        return self.iso


def _elapsed(moment: datetime, clock: timedelta) -> datetime:
    """A local (Amsterdam) time plus hours that really pass: PT72H after 12:00 on the
    Friday before summer time ends is 11:00 on Monday, not 12:00."""
    zone = _amsterdam()
    if zone is None or moment.tzinfo is not None:  # pragma: no cover - tzdata is a dependency
        return moment + clock
    instant = moment.replace(tzinfo=zone).astimezone(UTC) + clock
    return instant.astimezone(zone).replace(tzinfo=None)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


_DUTCH_UNITS = {
    "jaar": "years", "jaren": "years", "jr": "years", "year": "years", "years": "years",
    "maand": "months", "maanden": "months", "mnd": "months", "month": "months", "months": "months",
    "week": "weeks", "weken": "weeks", "weeks": "weeks", "wk": "weeks",
    "dag": "days", "dagen": "days", "day": "days", "days": "days",
    "uur": "hours", "uren": "hours", "hour": "hours", "hours": "hours",
}  # fmt: skip
_WORDS = re.compile(r"(\d+)\s*([a-z]+)")


def parse_duration(value: Any) -> Duration:
    """``P2Y``, ``PT72H`` (ISO 8601), or plain words such as ``2 jaar`` / ``6 months``."""
    if isinstance(value, Duration):
        return value
    return _duration_from_text(str(value))


@lru_cache(maxsize=4096)
def _duration_from_text(value: str) -> Duration:
    raw = value.strip()
    match = _DURATION.fullmatch(raw.upper())
    if match:
        numbers = [int(g) if g else 0 for g in match.groups()]
        return Duration(*numbers)
    words = _WORDS.findall(raw.casefold())
    leftover = _WORDS.sub("", raw.casefold()).replace("en", "").replace("and", "")
    if words and not re.sub(r"[\s,]", "", leftover):
        fields: dict[str, int] = {}
        for amount, unit in words:
            name = _DUTCH_UNITS.get(unit)
            if name is None:
                break
            fields[name] = fields.get(name, 0) + int(amount)
        else:
            return Duration(**fields)
    raise ValueParseError(
        text(
            "'{v}' is geen geldige termijn; schrijf ISO 8601 zoals P2Y (2 jaar), P6M, P4W of PT72H",
            "'{v}' is not a valid duration; write ISO 8601 such as P2Y (2 years), P6M, P4W "
            "or PT72H",
            v=value,
        )
    )
