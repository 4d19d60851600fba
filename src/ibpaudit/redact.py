"""Personal data out of every output: BSNs, e-mail addresses, phone numbers, IBANs and
the values of columns marked as personal are replaced before any reporter sees the
results document.

Reports, JUnit text, SARIF messages and log lines all render from that one document, so
redacting it once covers them all. Locations (path, sheet, row, column, SHA-256) are
kept: an auditor can still find the cell; only the excerpt is hidden.
``--show-personal-data`` turns this off for a local run and the document says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ibpaudit.models import Record
from ibpaudit.values import normalise_name

# Columns whose values are personal data about the people a register concerns, whatever
# a control says: pupils, parents, requesters, staff whose rights change, contact persons,
# and their contact details. A bare ``naam`` is not among them (it names applications and
# components as often as people); nor are the officers who act in a role
# (``beoordeeld_door``), whom an auditor must be able to see.
# ``persoonsgegevens.kolommen`` in ibpaudit.yaml and a control's ``personal_columns`` add
# to these.
DEFAULT_COLUMNS = frozenset(
    {
        "voornaam",
        "achternaam",
        "roepnaam",
        "leerling",
        "naam_leerling",
        "leerlingnaam",
        "ouder",
        "naam_ouder",
        "verzorger",
        "betrokkene",
        "betrokkenen_namen",
        "verzoeker",
        "houder",
        "medewerker",
        "naam_medewerker",
        "contactpersoon",
        "naam_contactpersoon",
        "melder",
        "email",
        "e_mail",
        "emailadres",
        "e_mailadres",
        "mail",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "adres",
        "woonadres",
        "postcode",
        "geboortedatum",
        "bsn",
        "burgerservicenummer",
        "iban",
        "rekeningnummer",
        "eck_id",
    }
)

_TOKENS = {
    "bsn": ("[BSN verborgen]", "[BSN redacted]"),
    "email": ("[e-mail verborgen]", "[e-mail redacted]"),
    "phone": ("[telefoonnummer verborgen]", "[phone number redacted]"),
    "iban": ("[IBAN verborgen]", "[IBAN redacted]"),
    "value": ("[persoonsgegeven verborgen]", "[personal data redacted]"),
}

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# IBAN: country, check digits and 11 to 30 characters, written solid or in groups of four.
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}"
    r"(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])"
)
# BSN: nine digits, also written 1234.56.789 or 123 456 789; judged by the eleven-test.
_BSN = re.compile(
    r"(?<![\w.,-])(\d{4}[. ]?\d{2}[. ]?\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?![\w-]|[.,]\d)"
)
# Phone numbers: Dutch (06-12345678, 020 123 4567, +31 6 1234 5678, 0031 ...) and other
# international numbers written with a leading +.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){8}|0\d(?:[ -]?\d){8}"
    r"|\+(?!31)\d{1,3}(?:[ -]?\d){7,12})(?![\w-])"
)

# Keys under which the results document holds excerpts of evidence.
_EXCERPTS = frozenset(
    {
        "findings",
        "problems",
        "reason",
        "error",
        "message",
        "finding",
        "regressions",
        "improvements",
        "changes",
    }
)
# Keys whose values are locations, hashes, identifiers and dates, never excerpts.
_KEEP = frozenset(
    {
        "path",
        "sha256",
        "id",
        "control",
        "norm",
        "domain",
        "as_of",
        "started_at",
        "modified",
        "expires",
        "approved_on",
        "reader",
        "plugin",
        "check",
        "status",
        "version",
        "schema_version",
        "severity",
        "column",
        "sheet",
        "root",
    }
)


def eleven_test(digits: str) -> bool:
    """The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=False))
    return (total - int(digits[8])) % 11 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97 == 1


def value_forms(value: Any) -> list[str]:
    """The ways a cell value can appear in a finding's text."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return [
            day.isoformat(),
            f"{day.day:02d}-{day.month:02d}-{day.year}",
            f"{day.day}-{day.month}-{day.year}",
        ]
    if isinstance(value, list | tuple):
        return [form for item in value for form in value_forms(item)]
    text = " ".join(str(value).split())
    return [text] if len(text) >= 3 else []


_EDGE = "'\"‘’“”()[]{}<>,;:.!?"


@dataclass
class Redactor:
    """Replaces personal data in text. ``add_values`` teaches it the values of marked
    columns; they are found by their first word, so a dossier with 100,000 names costs
    one dictionary lookup per word of text, not one search per name."""

    columns: frozenset[str] = DEFAULT_COLUMNS
    enabled: bool = True
    _by_word: dict[str, set[str]] = field(default_factory=dict)
    redacted: int = 0

    @classmethod
    def for_columns(cls, extra: Iterable[str] = (), enabled: bool = True) -> Redactor:
        names = {normalise_name(c) for c in extra if str(c).strip()}
        return cls(columns=DEFAULT_COLUMNS | frozenset(names), enabled=enabled)

    def learn(self, columns: Sequence[str], records: Iterable[Record]) -> None:
        """Learn the personal values in a table's marked columns (the others are skipped
        without looking at a row)."""
        marked = [c for c in columns if c in self.columns]
        for record in records if marked else ():
            self.add_values(form for c in marked for form in value_forms(record.values.get(c)))

    def add_values(self, values: Iterable[str]) -> None:
        for value in values:
            words = value.split()
            # A name or an identifier, not a word: marked columns also hold roles
            # ("ouder", "security officer") that must stay readable everywhere.
            if words and not value.islower():
                self._by_word.setdefault(words[0].strip(_EDGE).casefold(), set()).add(value)

    def text(self, value: str, lang: str) -> str:
        """``value`` with every personal excerpt replaced by a token in ``lang``."""
        if not self.enabled or not value:
            return value
        index = 0 if lang == "nl" else 1
        original = value
        if "@" in value:
            value = _EMAIL.sub(_TOKENS["email"][index], value)
        value = _IBAN.sub(lambda m: _token(m, "iban", index, iban_valid(m.group())), value)
        value = _BSN.sub(
            lambda m: _token(m, "bsn", index, eleven_test(re.sub(r"\D", "", m.group()))), value
        )
        value = _PHONE.sub(_TOKENS["phone"][index], value)
        if self._by_word:
            value = self._names(value, _TOKENS["value"][index])
        if value != original:
            self.redacted += 1
        return value

    def _names(self, value: str, token: str) -> str:
        candidates: set[str] = set()
        for word in value.split():
            found = self._by_word.get(word.strip(_EDGE).casefold())
            if found:
                candidates |= found
        # Longest first, so "Jan Jansen" goes before a marked "Jan".
        for candidate in sorted(candidates, key=len, reverse=True):
            value = re.sub(re.escape(candidate), token, value, flags=re.IGNORECASE)
        return value

    def document(self, document: dict[str, Any]) -> dict[str, Any]:
        """The results document with every excerpt redacted (a new structure; the
        original is not changed)."""
        if not self.enabled:
            return document
        result = self._walk(document, excerpt=False)
        assert isinstance(result, dict)
        return result

    def _walk(self, node: Any, excerpt: bool) -> Any:
        """Only excerpts are redacted: findings, reasons, problems and errors. The
        catalog's own text (titles, descriptions) and the names of officers who
        requested or approved a waiver are not personal data about a data subject."""
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key in _KEEP:
                    out[key] = value
                elif excerpt and key in ("nl", "en") and isinstance(value, str):
                    out[key] = self.text(value, key)
                else:
                    out[key] = self._walk(value, excerpt or key in _EXCERPTS)
            return out
        if isinstance(node, list):
            return [self._walk(item, excerpt) for item in node]
        if isinstance(node, str) and excerpt:
            return self.text(node, "nl")
        return node


def _token(match: re.Match[str], kind: str, index: int, valid: bool) -> str:
    return _TOKENS[kind][index] if valid else match.group()
