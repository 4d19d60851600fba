"""An ASCII piece's info is read from its characters' classes as bytes: it must be what
the patterns over the text itself give, for every ASCII text."""

from __future__ import annotations

import itertools
import random

from ibpaudit import inert
from ibpaudit.engine import pieceinfo
from ibpaudit.engine.redact import _TOKEN

_ASCII = [chr(code) for code in range(128)]


def _texts() -> list[str]:
    """Every short text over the characters that matter, and random longer ASCII ones."""
    out = ["".join(t) for n in range(1, 6) for t in itertools.product("a0_ .@\x01", repeat=n)]
    rnd = random.Random(17)
    for _ in range(20_000):
        out.append("".join(rnd.choice(_ASCII) for _ in range(rnd.randint(1, 24))))
        out.append("".join(rnd.choice("0123456789 -./aZ_") for _ in range(rnd.randint(1, 24))))
    return out


def test_an_ascii_piece_has_the_info_the_text_patterns_give() -> None:
    for text in _texts():
        shape = pieceinfo._ascii_shape(pieceinfo._classes(text))
        assert shape == pieceinfo._shape(text, text.lower()), repr(text)


def test_an_ascii_piece_has_the_tokens_the_token_pattern_finds() -> None:
    for text in _texts():
        tokens = text.encode().translate(pieceinfo._ASCII_TOKENS).decode().split()
        assert tokens == _TOKEN.findall(text.lower()), repr(text)
        mixed = any(not (t.isalpha() or t.isdecimal()) for t in tokens)
        assert pieceinfo._mixed(pieceinfo._classes(text)) == mixed, repr(text)


def test_only_an_unprintable_text_can_hold_a_character_to_make_inert() -> None:
    for text in _texts():
        if text.isprintable():
            assert inert.UNSAFE_IN_DOCUMENT.search(text) is None, repr(text)


def test_every_character_to_make_inert_is_unprintable() -> None:
    """What lets a printable piece of any script skip the search for them."""
    unsafe = inert.UNSAFE_IN_DOCUMENT.findall("".join(map(chr, range(0x110000))))
    assert unsafe and not any(char.isprintable() for char in unsafe)
