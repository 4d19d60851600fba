"""Bilingual text: a formatted text keeps its template and values, and reads as the
text it stands for."""

from __future__ import annotations

import copy
import pickle

import pytest

from ibpaudit import i18n
from ibpaudit.i18n import Formatted, Text, join, text


def test_a_formatted_text_reads_and_compares_as_the_filled_text() -> None:
    message = text("{a} en {b} {c}", "{a} and {b} {c}", a=1, b=Text("ja", "yes"))
    assert isinstance(message, Formatted) and isinstance(message, Text)
    assert (message.nl, message.en) == ("1 en ja {c}", "1 and yes {c}")  # unknown stays
    assert message.get("en") == message.en and message.get("xx") == message.nl
    assert message == Text("1 en ja {c}", "1 and yes {c}")
    assert hash(message) == hash(Text("1 en ja {c}", "1 and yes {c}"))
    assert message.to_json() == {"nl": "1 en ja {c}", "en": "1 and yes {c}"}
    assert message != Text("1 en ja {c}", "1 and no {c}")


def test_values_are_fixed_when_formatted() -> None:
    items = ["a"]
    message = text("{x}", "{x}", x=items)
    items.append("b")
    assert message.nl == "['a']"


def test_pieces_are_the_template_text_and_each_value() -> None:
    inner = text("{p} ({q})", "{p} ({q})", p="App", q="v2")
    message = text("{r}: {m}", "{r}: {m}", r="rij 3", m=inner)
    assert message.pieces("nl") == ["rij 3", ": ", "App", " (", "v2", ")"]
    assert "".join(message.pieces("en")) == message.en


def test_formatting_again_fills_what_the_first_filled_in() -> None:
    # As before: the filled text is the template of the second format.
    assert Text("{a}", "{a}").format(a="{b}").format(b="x") == Text("x", "x")
    assert Text("geen", "none").format(a=1) == Text("geen", "none")


def test_pickles_and_copies_as_text() -> None:
    message = text("{a}!", "{a}!", a="hoi")
    assert pickle.loads(pickle.dumps(message)) == Text("hoi!", "hoi!")
    assert copy.deepcopy(message) is message


def test_the_template_caches_are_bounded() -> None:
    for i in range(i18n._PARSED_MAX + 5):
        Text(f"t{i} {{a}}", f"t{i} {{a}}").format(a=i)
    assert len(i18n._PARSED) <= i18n._PARSED_MAX
    assert len(i18n._PLANS) <= i18n._PARSED_MAX


def test_joined_texts_are_shared() -> None:
    parts = [Text("a", "A"), Text("b", "B")]
    assert join(parts) is join(list(parts))
    assert join(parts) == Text("a; b", "A; B")


@pytest.mark.parametrize(
    "value",
    [
        {"nl": "Nederlands", "en": "English"},
        {"nl": "alleen Nederlands"},
        {"en": "English only", "nl": ""},
        {},
        {"nl": 3, "en": None},
        "plain",
        7,
        Text("tekst", "text"),
        Text("{n} rijen", "{n} rows").format(n=2),
    ],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_text_in_one_language_is_the_texts_own(value: object, lang: str) -> None:
    """``in_lang`` is a shortcut, never another answer."""
    assert Text.in_lang(value, lang) == Text.of(value).get(lang)
