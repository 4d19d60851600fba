"""The wording of a failing row: a control's message (or a check's fallback) filled from
the row's cells, prepared once per check (:class:`RowTemplate`) instead of parsed per
row. Public through :mod:`ibpaudit.checks`, which re-exports both names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit.i18n import Formatted, Plan, Text, parsed
from ibpaudit.model import Record

__all__ = ["RowTemplate", "row_message"]


class RowTemplate:
    """A message for failing rows, prepared once per check instead of once per row.

    ``template`` is a control's ``message`` (a string or ``{nl:, en:}``) or a
    :class:`Text`; ``fixed`` fills the placeholders that are the same on every row (a
    path, a register name) once, here. :meth:`render` fills the rest from one row's
    values exactly as ``Text.of(template).format(**fixed, **values)`` would (an empty
    cell as "", a :class:`Text` in its own language, an unknown name left as written),
    without a regular-expression pass and a copy of every cell per row.

    .. versionadded:: 0.2
    """

    __slots__ = ("_constant", "_fixed", "_message", "_names", "_plan", "_steps")

    def __init__(self, template: object, **fixed: object) -> None:
        message = Text.of(template)
        names: dict[str, int] = {}  # each placeholder a row fills
        nl = _pattern(message.nl, "nl", fixed, names)
        en = _pattern(message.en, "en", fixed, names)
        self._names = tuple(names)
        self._message = message
        self._fixed = {k: v for k, v in fixed.items() if v is not None}
        self._fixed.update({k: "" for k, v in fixed.items() if v is None})
        # No placeholder left: every row gets the same (immutable) message object.
        self._constant: Text | None = None
        if not names:
            self._constant = Text(nl.format(), en.format())
        # For a row that has every placeholder's column: the plan Text.format gives such
        # a row (taken from the first one), and per value of that plan, the name a row
        # fills or the fixed value (as Text.format keeps it).
        self._plan: tuple[Plan, Plan, Text] | None = None
        self._steps: tuple[tuple[str, str | Text | None], ...] = ()  # None: the row's

    def render(self, values: Mapping[str, Any]) -> Text:
        """The message for a row whose cells are ``values`` (or any name -> value map):
        a formatted text that keeps the template and the row's values, so a register of
        100,000 rows holds one template and is redacted per distinct value."""
        if self._constant is not None:
            return self._constant
        if self._plan is not None:  # what Text.format gives, without parsing per row
            out: list[str | Text] = []
            for name, fixed in self._steps:
                if fixed is not None:
                    out.append(fixed)
                elif name in values:
                    value = values[name]
                    if value is None:
                        value = ""
                    elif type(value) is not str and not isinstance(value, Text):
                        value = str(value)
                    out.append(value)
                else:  # a column this row lacks: as Text.format says
                    break
            else:
                return Formatted(self._plan, tuple(out))
        params = dict(self._fixed)
        for name in self._names:
            if name in values:
                value = values[name]
                params[name] = "" if value is None else value
        said = self._message.format(**params)
        if (
            type(said) is Formatted
            and self._plan is None
            and len(params) == len(self._fixed) + len(self._names)
        ):
            # Every name was given: each value of said is a fixed one or a row's.
            self._plan = said.plan
            self._steps = tuple(
                (name, None if name in self._names else value)
                for name, value in zip(_used(self._message, params), said.values, strict=True)
            )
        return said


def _used(message: Text, params: Mapping[str, object]) -> list[str]:
    """The names of ``params`` that ``message.format(**params)`` fills, in the order of
    the values it keeps: first met in the Dutch text, then in the English."""
    used: dict[str, None] = {}
    for piece in (*parsed(message.nl), *parsed(message.en)):
        if type(piece) is tuple and piece[0] in params:
            used.setdefault(piece[0])
    return list(used)


def _pattern(template: str, lang: str, fixed: Mapping[str, object], names: dict[str, int]) -> str:
    """``template`` as a str.format pattern: literal text (``fixed`` values included,
    never parsed again) with braces doubled, each other placeholder a numbered field.
    The placeholders are the ones ``Text.format`` fills (:func:`ibpaudit.i18n.parsed`)."""
    out: list[str] = []
    for piece in parsed(template):
        if type(piece) is str:
            out.append(_literal(piece))
        elif piece[0] in fixed:
            out.append(_literal(_shown(fixed[piece[0]], lang)))
        else:
            out.append("{" + str(names.setdefault(piece[0], len(names))) + "}")
    return "".join(out)


def _literal(part: str) -> str:
    return part.replace("{", "{{").replace("}", "}}")


def _shown(value: object, lang: str) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value
    return value.get(lang) if isinstance(value, Text) else str(value)


def row_message(template: object, record: Record, fallback: Text) -> Text:
    """The control's own message for a failing row, or ``fallback``. (In a loop over rows,
    prepare a :class:`RowTemplate` once instead.)"""
    if template is None:
        return fallback
    return RowTemplate(template).render(record.values)
