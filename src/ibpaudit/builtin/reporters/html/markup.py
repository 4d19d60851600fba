"""The report's vocabulary in HTML: :func:`esc` for every value the page prints, and
:class:`Words`, the texts and small fragments (badges, legend terms, evidence places,
level meters, sparklines) in the report's language.

Every value from the results document goes through :func:`esc`: control characters are
removed and ``& < > " '`` escaped, so evidence text stays inert in text and in attribute
values alike. Fragments are plain strings of finished HTML; only literal markup written
here and in the section modules, and values passed through :func:`esc`, end up in them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ibpaudit.builtin.reporters.html import view
from ibpaudit.builtin.reporters.html.chart import sparkline
from ibpaudit.builtin.reporters.html.formatting import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    percent,
)
from ibpaudit.builtin.reporters.html.labels import (
    LABELS,
    TERMS,
    label,
    term_anchor,
    term_meaning,
    term_word,
)
from ibpaudit.model import Location, Text

# C0 controls other than tab/newline/CR, and C1 controls: not allowed in HTML text.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_strip_controls = _CONTROL_CHARS.sub


# What markupsafe's escape() writes for each character that means something in HTML
# text or in a quoted attribute value; each a test and a replace, both scans in C.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def _escaped(text: str) -> str:
    for char, reference in _ESCAPES:
        if char in text:
            text = text.replace(char, reference)
    return text


def esc(value: object) -> str:
    """``value`` as HTML text or attribute value: a string without its control characters,
    escaped; anything else as ``str`` would show it, escaped. Markup (an object with
    ``__html__``, such as markupsafe's ``Markup``: our own inlined style and script)
    passes untouched."""
    if type(value) is str:
        return _escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    if isinstance(value, str):
        return _escaped(_strip_controls("", value))
    return _escaped(str(value))


@functools.lru_cache(maxsize=4096)
def _escape_text(text: str) -> str:
    """A page prints few distinct strings many times (words, statuses, paths): each is
    escaped once."""
    if not text.isprintable():  # every control character is unprintable
        text = _strip_controls("", text)
    return _escaped(text)


def forget() -> None:
    """Drop the strings escaped so far: a page's evidence text is not kept after it."""
    _escape_text.cache_clear()


def join(separator: str, items: Sequence[Any]) -> str:
    """The items as text, joined and escaped as one value."""
    return esc(separator.join(map(str, items)))


class Words:
    """Texts and fragments in one language; ``legend_anchors`` are the legend's entries a
    badge may link to and ``target`` is the board's target level (for sparklines).
    Fragments that depend only on their arguments are kept: a report repeats few of them
    many times."""

    def __init__(self, lang: str, legend_anchors: frozenset[str], target: int) -> None:
        self.lang = lang
        self.legend_anchors = legend_anchors
        self.target = target
        self._badges: dict[tuple[Any, ...], str] = {}
        self._places: dict[tuple[Any, ...], str] = {}
        self._texts: dict[str, str] = {}

    # Texts: plain strings, to be escaped where they are printed.

    def label(self, key: str, value: object = None, **params: object) -> str:
        """``label("status", "failed")`` is the label of one value (a word of the legend's
        table first); unknown values show as is."""
        if value is None:
            return label(key, self.lang, **params)
        if key in TERMS:
            return term_word(key, str(value), self.lang)
        full = f"{key}.{value}"
        return label(full, self.lang, **params) if full in LABELS else str(value)

    def text(self, key: str) -> str:
        """The page's own word for ``key``, escaped (looked up once per page)."""
        done = self._texts.get(key)
        if done is None:
            done = self._texts[key] = esc(label(key, self.lang))
        return done

    def heads(self, *columns: str | tuple[str, str]) -> str:
        """A table's column headers: each column a word's key, or (key, CSS class)."""
        out = []
        for column in columns:
            key, cls = (column, "") if isinstance(column, str) else column
            attribute = f' class="{cls}"' if cls else ""
            out.append(f'<th scope="col"{attribute}>{self.text(key)}</th>')
        return "".join(out)

    def tx(self, value: object) -> str:
        return "" if value is None else Text.in_lang(value, self.lang)

    def where(self, location: Mapping[str, Any]) -> str:
        return Location.from_json(location).describe(self.lang)

    def level(self, value: object) -> str:
        return label("none", self.lang) if value is None else str(value)

    def fdate(self, value: object) -> str:
        return format_date(value, self.lang)

    def fdatetime(self, value: object) -> str:
        return format_datetime(value, self.lang)

    def num(self, value: object) -> str:
        return format_number(value, self.lang)

    def dec(self, value: object, digits: int = 1) -> str:
        return format_decimal(value, self.lang, digits)

    pct = staticmethod(percent)

    @staticmethod
    def levels_text(levels: Sequence[int | None]) -> str:
        return view.levels_text(levels, "–")

    def meaning(self, kind: str, value: object) -> str:
        return term_meaning(kind, str(value), self.lang)

    # Fragments: finished HTML.

    def badge(self, status: Any, key: str = "status", link: bool = True) -> str:
        """A status word from the legend's table; it links to its legend entry (not inside
        a summary, which must hold no link). An unknown value is shown as it is, with no
        class."""
        memo = (status, type(status), key, link)
        if (done := self._badges.get(memo)) is not None:
            return done
        cls = esc(status if status in TERMS[key] else "other")
        anchor = term_anchor(key, str(status))
        word = esc(self.label(key, status))
        if link and anchor in self.legend_anchors:
            done = f'<a class="badge {cls}" href="#{esc(anchor)}">{word}</a>'
        else:
            done = f'<span class="badge {cls}">{word}</span>'
        self._badges[memo] = done
        return done

    def term(self, key: str, value: Any) -> str:
        """A word of the legend's table, linked to its entry."""
        anchor = esc(term_anchor(key, str(value)))
        return f'<a class="term" href="#{anchor}">{esc(self.label(key, value))}</a>'

    def sha(self, place: view.Place) -> str:
        """The file's SHA-256 after a place, linked to its row in the manifest."""
        digest = place.location.get("sha256")
        if not digest:
            return ""
        if place.anchor:
            anchor = esc(place.anchor)
            return f' · <a class="sha" href="#{anchor}">SHA-256 <code>{esc(digest)}</code></a>'
        return f' · <span class="sha">SHA-256 <code>{esc(digest)}</code></span>'

    def at(self, place: view.Place) -> str:
        """Where in the evidence, and the file's SHA-256. Checks share their evidence
        files: each distinct place is written once."""
        try:
            # with the types: 1, 1.0 and True are equal keys but print differently
            location = place.location
            memo: Any = (tuple(location.items()), tuple(map(type, location.values())), place.anchor)
            if (done := self._places.get(memo)) is not None:
                return done
        except TypeError:  # a value that cannot be a key: written every time
            memo = None
        done = f'<span class="loc">{esc(self.where(place.location))}{self.sha(place)}</span>'
        if memo is not None:
            self._places[memo] = done
        return done

    def finding(self, f: view.FindingView, check_status: str) -> str:
        shown = f.shown
        badge = f"{self.badge(shown)} " if shown != check_status else ""
        at = f" {self.at(f.place)}" if f.place else ""
        return f'<li class="{esc(shown)}">{badge}{esc(self.tx(f.message))}{at}</li>'

    def meter(self, reached: Any, target_level: Any, state: str) -> str:
        """Five marks: the levels reached filled, the target level outlined."""
        marks = "".join(
            f'<i class="{"on" if i <= reached else ""}'
            f'{" target" if i == target_level else ""}"></i>'
            for i in range(1, 6)
        )
        return f'<span class="meter {esc(state)}" aria-hidden="true">{marks}</span>'

    def spark(self, levels: Sequence[int | None], label_text: str) -> str:
        s = sparkline(levels, self.target)
        dots = "".join(
            f'<circle cx="{esc(x)}" cy="{esc(y)}" r="2.6" fill="#24588f"/>' for x, y in s.dots
        )
        return (
            f'<svg class="spark" viewBox="0 0 {esc(s.width)} {esc(s.height)}" role="img"'
            f' aria-label="{esc(label_text)}"><line x1="0" x2="{esc(s.width)}"'
            f' y1="{esc(s.target_y)}" y2="{esc(s.target_y)}" stroke="#57606a" stroke-width="1"'
            f' stroke-dasharray="3 2"/><polyline points="{esc(s.points)}" fill="none"'
            f' stroke="#24588f" stroke-width="2"/>{dots}</svg>'
        )

    @staticmethod
    def change(delta: Any) -> str:
        if delta is None:
            return '<span class="muted">–</span>'
        if delta > 0:
            return f'<span class="up">▲ +{esc(delta)}</span>'
        if delta < 0:
            return f'<span class="down">▼ −{esc(-delta)}</span>'
        return "="
