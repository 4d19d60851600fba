"""What the redactor knows of one piece of a formatted text (a template's literal text, a
value), in one small int, and the pure functions that make and combine such ints.

:meth:`ibpaudit.engine.redact.Redactor.scan` and :meth:`~ibpaudit.engine.redact.Redactor.quiet`
look at each distinct piece once (its *info*) and then decide from the infos of a text's
pieces, in order, whether the whole text must be searched: see :func:`_combined`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# What scan() knows of a piece, in one small int: the word class (1 letter, 2 digit) of
# its first and last character; whether it holds an @, a learned value, a character to
# make inert, eight digits close together (_DENSE); whether it ends in the first words of
# a learned value; whether it is nothing but digits close together (or a gap of up to
# three other characters); and how many digits close together start and end it (up to
# eight, the fewest any number pattern needs).
_FIRST, _LAST = 0b11, 0b1100
_AT, _NAMED, _UNSAFE, _OPEN = 1 << 4, 1 << 5, 1 << 6, 1 << 7
_DENSE_IN, _THROUGH = 1 << 8, 1 << 9
_HEAD_SHIFT, _TAIL_SHIFT = 10, 14
# quiet() keys a message by its values' infos: a value's own (below 2**18), _EMPTY for
# an empty one, or a bilingual value's two, one per language, marked with _PAIR.
_EMPTY, _PAIR, _EN_SHIFT, _LANG_MASK = 1 << 19, 1 << 40, 20, (1 << 20) - 1
_ANY_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
# Eight digits, each at most three other characters (no letter) from the next: what
# every number pattern of ibpaudit.engine.personal needs (a BSN, an IBAN's digits, a
# phone number); a text without it, and without an @, holds none of them.
_DENSE = re.compile(r"\d(?:\W{0,3}\d){7}")
# Up to three other characters (no letter), then digits each at most three such
# characters from the next; or such characters alone. Matched at the start of a piece
# (and of the piece reversed, for its end). Possessive: a digit is never such a character.
_CHAIN = re.compile(r"\W{0,3}+(?:\d(?:\W{0,3}+\d)*+\W{0,3}+)?")


def _word_class(char: str) -> int:
    """1 for a letter, 2 for a digit (as ``_WORD`` splits words), 0 for anything else."""
    if _LETTER.match(char):
        return 1
    return 2 if _ANY_DIGIT.match(char) else 0


def _shape(piece: str, folded: str) -> int:
    """The part of a piece's info that its characters' classes decide: the word class
    of its ends, the digits close together at its start and end, _THROUGH, _DENSE_IN."""
    info = _word_class(folded[0]) | _word_class(folded[-1]) << 2
    head = _CHAIN.match(piece)
    if head is not None:  # digits close together at the start, and how many
        info |= min(len(_ANY_DIGIT.findall(head.group())), 8) << _HEAD_SHIFT
        if head.end() == len(piece):
            info |= _THROUGH  # nothing but such digits (or a short gap)
    if info & _THROUGH:
        info |= (info >> _HEAD_SHIFT & 15) << _TAIL_SHIFT
    else:
        tail = _CHAIN.match(piece[::-1])  # the same, at the end
        if tail is not None:
            info |= min(len(_ANY_DIGIT.findall(tail.group())), 8) << _TAIL_SHIFT
        if _DENSE.search(piece):
            info |= _DENSE_IN
    return info


def _classes(piece: str) -> bytes:
    """An ASCII piece's characters by class: 1 a letter, 2 a digit, 4 an underscore, 0
    any other (what ``[^\\W\\d_]``, ``\\d`` and ``\\W`` tell apart in ASCII)."""
    return piece.encode().translate(_ASCII_CLASSES)


def _ascii_shape(classes: bytes) -> int:
    """:func:`_shape` of an ASCII piece, from its :func:`_classes`, where the patterns
    are plain byte searches."""
    first, last = classes[0], classes[-1]
    info = (first & 3) | (last & 3) << 2  # _word_class of the first and last character
    if first != 1:  # a letter first: no digits close together start it
        head = _CHAIN_CLASSES.match(classes)
        assert head is not None  # every part of the pattern is optional
        info |= min(head.group().count(2), 8) << _HEAD_SHIFT
        if head.end() == len(classes):
            return info | _THROUGH | (info >> _HEAD_SHIFT & 15) << _TAIL_SHIFT
    if last != 1:
        tail = _CHAIN_CLASSES.match(classes[::-1])
        assert tail is not None
        info |= min(tail.group().count(2), 8) << _TAIL_SHIFT
    if classes.count(2) >= 8 and _DENSE_HINT.search(classes) and _DENSE_CLASSES.search(classes):
        info |= _DENSE_IN
    return info


def _ascii_facts(classes: bytes) -> tuple[int, bool]:
    """:func:`_ascii_shape` and :func:`_mixed` of an ASCII piece's :func:`_classes`,
    remembered for short pieces: both depend on the classes alone, and a register's
    values ("Product 1", "Product 2", ...) share a few patterns of classes."""
    if len(classes) > _FACTS_LENGTH:
        return _ascii_shape(classes), _mixed(classes)
    known = _FACTS.get(classes)
    if known is None:
        if len(_FACTS) >= _FACTS_KEPT:
            _FACTS.clear()
        shape = _ascii_shape(classes)
        known = _FACTS[classes] = (_SHAPES.setdefault(shape, shape), _mixed(classes))
    return known


_FACTS: dict[bytes, tuple[int, bool]] = {}
_SHAPES: dict[int, int] = {}  # one int object per distinct shape
_FACTS_LENGTH, _FACTS_KEPT = 80, 100_000


def _mixed(classes: bytes) -> bool:
    """Whether a ``_TOKEN`` of the ASCII piece with these :func:`_classes` is neither
    all letters nor all digits (it holds an underscore, or a letter next to a digit)."""
    return b"\x04" in classes or b"\x01\x02" in classes or b"\x02\x01" in classes


def _ascii_tables() -> tuple[bytes, bytes]:
    classes, tokens = bytearray(256), bytearray(b" " * 256)
    for code in range(128):
        char = chr(code)
        if char.isalpha():
            classes[code], tokens[code] = 1, ord(char.lower())
        elif char.isdigit() or char == "_":
            classes[code] = 2 if char.isdigit() else 4
            tokens[code] = code
    return bytes(classes), bytes(tokens)


# An ASCII text's characters by class (see _ascii_shape); and lower-cased with every
# character that is no part of a ``_TOKEN`` a space, so str.split() gives its tokens.
_ASCII_CLASSES, _ASCII_TOKENS = _ascii_tables()
# _CHAIN and _DENSE over those classes; _DENSE_HINT is quicker and finds a superset.
_CHAIN_CLASSES = re.compile(rb"\x00{0,3}+(?:\x02(?:\x00{0,3}+\x02)*+\x00{0,3}+)?")
_DENSE_CLASSES = re.compile(rb"\x02(?:\x00{0,3}\x02){7}")
_DENSE_HINT = re.compile(rb"\x02[\x00\x02]{7}")


def _combined(infos: Sequence[int]) -> tuple[int, bool, bool]:
    """What :meth:`Redactor.scan` reads from the infos of a text's pieces, in order: the
    flags of them all; whether a learned value may run from one piece into the next (a
    word glued across a seam, or a piece that ends in the first words of one); and
    whether digits close together may reach eight across seams (``_DENSE``)."""
    flags = last = run = 0
    risky = dense = False
    for info in infos:
        if last and (last & _OPEN or (last & _LAST and (last & _LAST) >> 2 == info & _FIRST)):
            risky = True
        # Digits close together across seams: ``run`` counts those that reach the end
        # of the text so far (generously: the gaps on both sides of a seam are not
        # added up), so a text that may match _DENSE is always searched whole.
        if not dense:
            head = info >> _HEAD_SHIFT & 15
            if info & _THROUGH:
                run += head
            else:
                if run + head >= 8:
                    dense = True
                run = info >> _TAIL_SHIFT & 15
            if run >= 8 or info & _DENSE_IN:
                dense = True
        flags |= info
        last = info
    return flags, risky, dense
