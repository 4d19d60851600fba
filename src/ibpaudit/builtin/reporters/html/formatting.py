"""Dates and numbers as people write them: "3 februari 2024", "12.345", "1,5 s" in Dutch;
"3 February 2024", "12,345", "1.5 s" in English. No locale is consulted, so a report looks
the same on every machine."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


_SWAP_SEPARATORS = str.maketrans(",.", ".,")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def format_date(value: object, lang: str) -> str:
    """``2024-02-03`` as "3 februari 2024" / "3 February 2024"; anything else as it is."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {MONTHS[_lang(lang)][day.month - 1]} {day.year}"


def format_datetime(value: object, lang: str) -> str:
    """The date as :func:`format_date`, then the time and UTC offset as recorded."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return (
        f"{format_date(moment.date(), lang)}, {moment.hour:02d}:{moment.minute:02d}{_zone(moment)}"
    )


def _zone(moment: datetime) -> str:
    """`` (UTC+01:00)`` for a moment with an offset (as ``%z`` writes it, with a colon),
    nothing for one without."""
    offset = moment.utcoffset()
    if offset is None:
        return ""
    seconds = int(offset.total_seconds())
    if seconds % 60 or offset.microseconds:  # an offset in seconds: as %z writes it
        written = moment.strftime("%z")
        return f" (UTC{written[:3]}:{written[3:]})"
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f" (UTC{sign}{hours:02d}:{minutes:02d})"


def format_number(value: object, lang: str) -> str:
    """Thousands grouped the Dutch way (12.345) or the English way (12,345)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    grouped = f"{value:,}"
    return grouped if _lang(lang) == "en" else grouped.replace(",", ".")


def format_decimal(value: object, lang: str, digits: int = 1) -> str:
    """A decimal with a comma in Dutch ("1,5") and a point in English ("1.5")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.{digits}f}"
    if _lang(lang) == "en":
        return text
    return text.translate(_SWAP_SEPARATORS)


def percent(part: object, whole: object) -> str:
    """ "87%" (Dutch and English alike). Never rounds a shortfall up to 100% or a
    handful down to 0%: 999 of 1,000 is "99%", 1 of 1,000 is "<1%"."""
    numbers = (int, float)
    if not isinstance(part, numbers) or not isinstance(whole, numbers) or whole <= 0:
        return "–"
    share = round(100 * part / whole)
    if share >= 100 and part < whole:
        share = 99
    if share == 0 and part > 0:
        return "<1%"
    return f"{share}%"
