"""User-facing text in Dutch and English: one bilingual value, formatted per language.

A formatted text (:class:`Formatted`) keeps its template and the values that fill it;
its words in each language are made when asked for. A register of 100,000 failing rows
gives hundreds of thousands of findings whose messages share a handful of templates: kept
this way they cost a few pointers each, and the redactor can look at each template and
each distinct value once instead of at every whole message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["nl", "en"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# A template parsed into its pieces: literal text (str) and placeholder names (a 1-tuple).
Piece = str | tuple[str]
_PARSED: dict[str, tuple[Piece, ...]] = {}
# How to fill a template in one language: literal text, or the index of a value.
Plan = tuple[str | int, ...]
_PLANS: dict[tuple[str, str, tuple[str, ...]], tuple[Plan, Plan, Text]] = {}
_PARSED_MAX = 10_000  # templates from controls and code: a handful; a bound all the same


def _plan(pieces: tuple[Piece, ...], names: tuple[str, ...]) -> Plan:
    """``pieces`` with each placeholder in ``names`` as its index there; the others are
    kept as the text they were."""
    steps: list[str | int] = []
    for piece in pieces:
        if type(piece) is str:
            steps.append(piece)
        elif piece[0] in names:
            steps.append(names.index(piece[0]))
        else:
            steps.append("{" + piece[0] + "}")
    return tuple(steps)


def parsed(template: str) -> tuple[Piece, ...]:
    """``template`` as literal pieces and ``(name,)`` placeholders, in order; remembered
    for up to ``_PARSED_MAX`` templates (then forgotten all at once)."""
    found = _PARSED.get(template)
    if found is None:
        pieces: list[Piece] = []
        last = 0
        for match in _PLACEHOLDER.finditer(template):
            if match.start() > last:
                pieces.append(template[last : match.start()])
            pieces.append((match.group(1),))
            last = match.end()
        if last < len(template):
            pieces.append(template[last:])
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        found = _PARSED[template] = tuple(pieces)
    return found


@dataclass(frozen=True, slots=True, eq=False)
class Text:
    """User-facing text in both languages; reports choose one at render time."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Text):
            return NotImplemented
        return self.nl == other.nl and self.en == other.en

    def __hash__(self) -> int:
        return hash((self.nl, self.en))

    def __repr__(self) -> str:
        return f"Text(nl={self.nl!r}, en={self.en!r})"

    def format(self, **params: object) -> Text:
        """Fill ``{name}`` placeholders; a Text parameter fills in its own language.

        Unknown names stay as they are; there is no attribute or index access, so a
        template from a control file cannot reach into Python objects. The result keeps
        the template and the values it uses (see :class:`Formatted`).
        """
        template = self if type(self) is Text else Text(self.nl, self.en)
        nl, en = parsed(template.nl), parsed(template.en)
        used: dict[str, str | Text] = {}
        for piece in (*nl, *en):
            if type(piece) is tuple and piece[0] in params and piece[0] not in used:
                value = params[piece[0]]
                # Text and str are immutable; anything else is fixed as text now.
                fixed = value if type(value) is str or isinstance(value, Text) else str(value)
                used[piece[0]] = fixed
        if not used:
            return template
        names = tuple(used)
        key = (template.nl, template.en, names)
        plan = _PLANS.get(key)
        if plan is None:
            if len(_PLANS) >= _PARSED_MAX:
                _PLANS.clear()
            plan = _PLANS[key] = (_plan(nl, names), _plan(en, names), template)
        return Formatted(plan, tuple(used.values()))

    @classmethod
    def of(cls, value: object) -> Text:
        """A ``{nl:, en:}`` mapping or a plain string (used for both languages)."""
        if isinstance(value, Text):
            return value
        if isinstance(value, Mapping):
            nl = str(value.get("nl") or value.get("en") or "")
            en = str(value.get("en") or value.get("nl") or "")
            return cls(nl=nl, en=en)
        return cls(nl=str(value), en=str(value))

    @classmethod
    def in_lang(cls, value: object, lang: str) -> str:
        """``Text.of(value).get(lang)``, without making the Text: how a report reads a
        ``{nl:, en:}`` mapping of the results document, thousands of times a page."""
        if type(value) is dict:
            first, other = ("en", "nl") if lang == "en" else ("nl", "en")
            return str(value.get(first) or value.get(other) or "")
        return cls.of(value).get(lang)

    def to_json(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


class Formatted(Text):
    """A :class:`Text` made by :meth:`Text.format`: the template and the values it uses,
    with the text in each language produced on demand (and not kept)."""

    __slots__ = ("plan", "values")
    # How to fill the template in each language, and the template itself: one per
    # template and set of values given, shared by every text formatted from it.
    plan: tuple[Plan, Plan, Text]
    values: tuple[str | Text, ...]

    def __init__(self, plan: tuple[Plan, Plan, Text], values: tuple[str | Text, ...]) -> None:
        object.__setattr__(self, "plan", plan)
        object.__setattr__(self, "values", values)

    @property
    def template(self) -> Text:
        return self.plan[2]

    @property
    def nl(self) -> str:
        return "".join(self.pieces("nl"))

    @property
    def en(self) -> str:
        return "".join(self.pieces("en"))

    def get(self, lang: str) -> str:
        return "".join(self.pieces(lang))

    def to_json(self) -> dict[str, str]:
        return {"nl": "".join(self.pieces("nl")), "en": "".join(self.pieces("en"))}

    def pieces(self, lang: str) -> list[str]:
        """The text in ``lang`` as the template's literal pieces and each value's text,
        in order; a formatted value gives its own pieces."""
        values = self.values
        out: list[str] = []
        for step in self.plan[1] if lang == "en" else self.plan[0]:
            if type(step) is str:
                out.append(step)
                continue
            value = values[step]  # type: ignore[index]
            if type(value) is str:
                out.append(value)
            elif isinstance(value, Formatted):
                out += value.pieces(lang)
            else:
                out.append(value.get(lang))  # type: ignore[union-attr]
        return out

    def __repr__(self) -> str:
        return f"Formatted(nl={self.nl!r}, en={self.en!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.nl, self.en))

    def __copy__(self) -> Formatted:
        return self

    def __deepcopy__(self, memo: object) -> Formatted:
        return self


_JOINED: dict[tuple[str, tuple[Text, ...]], Text] = {}


def join(texts: list[Text] | tuple[Text, ...], sep: str = "; ") -> Text:
    """Several texts as one, per language. Texts joined often (the conditions a row
    misses) are joined once: the result is shared."""
    key = (sep, tuple(texts))
    if all(type(t) is Text for t in key[1]):
        found = _JOINED.get(key)
        if found is None:
            if len(_JOINED) >= _PARSED_MAX:
                _JOINED.clear()
            found = _JOINED[key] = Text(
                nl=sep.join(t.nl for t in texts), en=sep.join(t.en for t in texts)
            )
        return found
    return Text(nl=sep.join(t.nl for t in texts), en=sep.join(t.en for t in texts))


def text(nl: str, en: str, **params: object) -> Text:
    """Shorthand for a bilingual message with placeholders filled."""
    return Text(nl=nl, en=en).format(**params) if params else Text(nl=nl, en=en)
