"""How the HTML report prints values (``markup.esc``) and the fragments it writes once and
reuses: a reused fragment must be the one the value itself would give."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ibpaudit.builtin.reporters import html
from ibpaudit.builtin.reporters.html import markup
from ibpaudit.builtin.reporters.html.markup import Words, esc
from ibpaudit.builtin.reporters.html.view import Place
from ibpaudit.model import ReportOptions


class _Word(str):
    """A string that is not a plain ``str`` (as an enum value would be)."""


def test_esc_removes_control_characters_and_escapes_markup() -> None:
    hostile = "a\x00\x01<b>&\"'\x7f\x85\x9f\tz\n"
    expected = "a&lt;b&gt;&amp;&#34;&#39;\tz\n"
    assert esc(hostile) == expected
    assert esc(hostile) == expected  # again, from the cache
    assert esc(_Word(hostile)) == expected
    assert esc(3) == "3"
    assert esc(2.5) == "2.5"
    assert esc(None) == "None"
    assert esc("€ ünïcødé\u2028") == "€ ünïcødé\u2028"
    assert esc(Markup("<i>our own</i>")) == "<i>our own</i>"


def test_places_that_are_equal_keys_are_written_apart() -> None:
    """1, 1.0 and True are one dictionary key but three different line numbers."""
    words = Words("nl", frozenset(), 3)
    lines: list[Any] = [1, 1.0, True, 1]
    written = [words.at(Place({"path": "a.csv", "line": line}, None)) for line in lines]
    assert [w.count("regel 1.0") for w in written] == [0, 1, 0, 0]
    assert [w.count("regel True") for w in written] == [0, 0, 1, 0]
    assert written[0] == written[3]


def test_a_place_with_a_value_that_cannot_be_a_key_is_still_written() -> None:
    words = Words("en", frozenset(), 3)
    place = Place({"path": "a<b>.csv", "line": [1, 2], "sha256": "ab"}, "file-1")
    assert words.at(place) == (
        '<span class="loc">a&lt;b&gt;.csv, line [1, 2] · <a class="sha" href="#file-1">'
        "SHA-256 <code>ab</code></a></span>"
    )


def test_badges_of_equal_keys_are_written_apart() -> None:
    words = Words("en", frozenset(), 3)
    assert words.badge(1) == '<span class="badge other">1</span>'
    assert words.badge(True) == '<span class="badge other">True</span>'
    assert words.badge(1.0) == '<span class="badge other">1.0</span>'


def test_escaped_evidence_is_not_kept_after_the_page(example: dict[str, Any]) -> None:
    html.render(example, ReportOptions())
    assert markup._escape_text.cache_info().currsize == 0
