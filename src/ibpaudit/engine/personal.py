"""Where personal data sits in a text: BSNs, IBANs, e-mail addresses and phone numbers,
as spans for the redactor to replace.

Validation is left to libraries made for it: ``python-stdnum`` for the BSN eleven-test
and IBAN check digits (with each country's IBAN format), ``phonenumbers`` for telephone
numbers in every format people write them. Both are imported on first need, so a text
without candidates costs one regular-expression scan.

An eight-digit number is a BSN only when, padded with the zero Excel drops, it passes the
eleven-test *and* a BSN word stands just before it: KvK numbers are eight digits too, and
one in eleven of them would pass the eleven-test. (A BSN column's own values are learned
by the redactor whatever their length.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

Span = tuple[int, int, str]

_EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:xn--[a-z0-9-]+|[^\W\d_]{2,})",
    re.IGNORECASE,
)
# Country, check digits and 11 to 30 characters, each optionally after a space, dot or
# dash; stdnum decides which prefix (if any) is an IBAN. Letters may be glued in front.
_IBAN = re.compile(r"(?<!\d)[A-Za-z]{2}\d{2}(?:[ .-]?[A-Za-z0-9]){11,30}")
# A run of digit groups joined by single spaces, dots or dashes, not part of a decimal
# number or amount; letters may be glued on either side ("BSN100174218").
_DIGITS = re.compile(r"(?<!\d)(?<!\d[.,])(?>\d+(?:[ .-]\d+)*)(?![.,]?\d)")
_EIGHT_DIGITS = re.compile(r"\d(?:[ .-]?\d){7}")
_GROUP = re.compile(r"\d+")
_DATE = re.compile(r"\d{1,2}([-.])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2}")
_DIGIT_CHARS = frozenset("0123456789")
_DIGIT_LIST = tuple("0123456789")
_BSN_WORD = re.compile(r"(?:bsn|burgerservice\w*|sofi\w*)\W{0,3}(?:nummer\W{0,3})?$", re.I)
# Hashes and UUIDs: long hexadecimal tokens whose digits are never personal data.
_HEX = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{16,}(?:-[0-9a-fA-F]{4,})*(?![0-9A-Za-z])")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
# A phone number starts with 0, (0 or + and has nine or more digits, at most three
# separating characters apart: only then is phonenumbers' matcher worth running.
_PHONE_HINT = re.compile(r"(?<!\w)(?:\+|\(?0)(?:\W{0,3}\d){8}")
# A calendar date standing alone (10-11-2026, 3.2.2026, 2026-02-03): no digit within
# three characters before it or two after it, so it is no part of a phone number. Such dates
# are left out when deciding whether the matcher is worth running ("SRV-01 / 10-11-2026"
# looks like nine digits after a 0); the matcher itself still reads the whole text.
_LONE_DATE = re.compile(
    r"(?<![\d+])(?<![\d+].)(?<![\d+]..)"
    r"(?:(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d"
    r"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
    r"(?!.{0,2}\d)"
)


def eleven_test(digits: str) -> bool:
    """The BSN eleven-test on nine digits (an all-zero number is no BSN)."""
    if len(digits) != 9 or not digits.isdigit() or not digits.strip("0"):
        return False
    return bool(_stdnum_bsn().checksum(digits) == 0)


def iban_valid(candidate: str) -> bool:
    """ISO 13616 check digits and the country's IBAN length and format."""
    return bool(_stdnum_iban().is_valid(candidate))


def spans(text: str) -> list[Span]:
    """Every personal-data span in ``text`` as (start, end, kind), sorted and merged where
    they overlap, so no digit of a number is left behind."""
    found: list[Span] = []
    # Every kind needs an @ or at least eight digits: most texts have neither (counted
    # quickly in ASCII text; other scripts have digits of their own).
    if "@" not in text and text.isascii() and sum(map(text.count, _DIGIT_LIST)) < 8:
        return found
    if "@" in text:
        found += [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    # BSNs and IBANs have eight digits with at most one separator between any two.
    numbers = [*_ibans(text), *_bsns(text)] if _EIGHT_DIGITS.search(text) else []
    if numbers:
        hashes = [m.span() for m in _HEX.finditer(text)] + [m.span() for m in _UUID.finditer(text)]
        found += [s for s in numbers if not _inside(s, hashes)]
    # Phone numbers in what is left, so a BSN or IBAN alone never wakes the matcher.
    rest = text
    for start, end, _kind in found:
        rest = rest[:start] + "|" * (end - start) + rest[end:]
    if _PHONE_HINT.search(rest) and _PHONE_HINT.search(_LONE_DATE.sub(_blank, rest)):
        found += _phones(rest)
    return merged(found) if len(found) > 1 else found


def _blank(match: re.Match[str]) -> str:
    return "|" * (match.end() - match.start())


def _inside(span: Span, hashes: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in hashes)


def merged(found: list[Span]) -> list[Span]:
    """``found`` sorted, with overlapping spans joined (the first one's kind kept)."""
    out: list[Span] = []
    for start, end, kind in sorted(found):
        if out and start < out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], end), prev[2])
        else:
            out.append((start, end, kind))
    return out


def _ibans(text: str) -> Iterator[Span]:
    for match in _IBAN.finditer(text):
        candidate = match.group()
        if not _iban_country(candidate[:2].upper()):
            continue
        # The pattern may run on into the next word: the longest valid prefix wins. The
        # check digits of every prefix come from one pass (ISO 7064 mod 97-10), so stdnum
        # only sees the prefixes that can be an IBAN.
        head = int("".join(str(int(c, 36)) for c in candidate[:4].upper()))
        remainder, count, valid = 0, 4, []
        for end, char in enumerate(candidate[4:], 5):
            if char.isalnum():
                digit = int(char, 36)
                remainder = (remainder * (100 if digit > 9 else 10) + digit) % 97
                count += 1
                if count >= 15 and (remainder * 1_000_000 + head) % 97 == 1:
                    valid.append(end)
        for end in reversed(valid):
            if iban_valid(candidate[:end]):
                yield match.start(), match.start() + end, "iban"
                break


def _bsns(text: str) -> Iterator[Span]:
    for run in _DIGITS.finditer(text):
        number = run.group()
        if len(number) < 8:
            continue
        if number.isdigit():  # the usual case: one group of digits
            if _is_bsn(number, text, run.start()):
                yield run.start(), run.end(), "bsn"
            continue
        if _DATE.fullmatch(number):
            continue
        groups = list(_GROUP.finditer(number))
        i = 0
        while i < len(groups):
            for j in range(i, len(groups)):
                digits = "".join(g.group() for g in groups[i : j + 1])
                if len(digits) > 9:
                    break
                start, end = run.start() + groups[i].start(), run.start() + groups[j].end()
                if len(set(text[start:end]) - _DIGIT_CHARS) > 1:
                    break  # 03-02-2026 12: a date and a number, not one number
                # Only a space may cut a number out of a longer run: 192.168.100.174
                # holds nine digits, but no BSN.
                cut = (start > run.start() and text[start - 1] != " ") or (
                    end < run.end() and text[end] != " "
                )
                if not cut and _is_bsn(digits, text, start):
                    yield start, end, "bsn"
                    i = j
                    break
            i += 1


def _is_bsn(digits: str, text: str, start: int) -> bool:
    if len(digits) == 9:
        return eleven_test(digits)
    # The word first: most eight-digit numbers are dates ("20260203") and year ranges.
    return (
        len(digits) == 8
        and bool(_BSN_WORD.search(text[max(0, start - 30) : start]))
        and eleven_test("0" + digits)
    )


@cache
def _iban_country(code: str) -> bool:
    """Whether ``code`` is a country with IBANs, from stdnum's IBAN registry."""
    from stdnum import numdb

    return bool(numdb.get("iban").info(code)[0][1])


def _phones(text: str) -> list[Span]:
    phonenumbers = _phonenumbers()
    matcher = phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID)
    return [(m.start, m.end, "phone") for m in matcher]


@cache
def _stdnum_bsn() -> Any:
    from stdnum.nl import bsn

    return bsn


@cache
def _stdnum_iban() -> Any:
    from stdnum import iban

    return iban


@cache
def _phonenumbers() -> Any:
    import phonenumbers

    return phonenumbers
