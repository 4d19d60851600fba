"""Conditions in words, Dutch and English, and the columns they read.

What a finding says a row did not meet (``'einddatum' is leeg en ...``) and which columns
a register must have before its rows can be judged. The evaluation is in
:mod:`ibpaudit.catalog.conditions`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ibpaudit.catalog.conditions import TODAY, leaf_operator
from ibpaudit.model import Text
from ibpaudit.values import ValueParseError, parse_duration

_NL_OPS = {
    "equals": "'{c}' is {v}",
    "not_equals": "'{c}' is niet {v}",
    "in": "'{c}' is een van: {v}",
    "not_in": "'{c}' is geen van: {v}",
    "empty": "'{c}' is leeg",
    "not_empty": "'{c}' is ingevuld",
    "matches": "'{c}' heeft de vorm {v}",
    "before": "'{c}' ligt vóór {v}",
    "after": "'{c}' ligt na {v}",
    "not_before": "'{c}' ligt niet vóór {v}",
    "not_after": "'{c}' ligt uiterlijk op {v}",
    "within": "'{c}' ligt binnen {v} vóór de peildatum",
    "at_most": "'{c}' is ten hoogste {v}",
    "at_least": "'{c}' is ten minste {v}",
}
_EN_OPS = {
    "equals": "'{c}' is {v}",
    "not_equals": "'{c}' is not {v}",
    "in": "'{c}' is one of: {v}",
    "not_in": "'{c}' is none of: {v}",
    "empty": "'{c}' is empty",
    "not_empty": "'{c}' is filled in",
    "matches": "'{c}' matches {v}",
    "before": "'{c}' is before {v}",
    "after": "'{c}' is after {v}",
    "not_before": "'{c}' is not before {v}",
    "not_after": "'{c}' is on or before {v}",
    "within": "'{c}' is within {v} before the as-of date",
    "at_most": "'{c}' is at most {v}",
    "at_least": "'{c}' is at least {v}",
}


def _show(value: Any, lang: str) -> str:
    nl = lang == "nl"
    if isinstance(value, bool):
        return ("ja" if value else "nee") if nl else ("yes" if value else "no")
    if isinstance(value, Mapping):
        if "column" in value:
            out = f"'{value['column']}'"
        elif "date" in value:
            out = str(value["date"])
        else:
            out = "de peildatum" if nl else "the as-of date"
        if "plus" in value:
            out += f" + {parse_duration(value['plus']).describe(lang)}"
        if "minus" in value:
            out += f" − {parse_duration(value['minus']).describe(lang)}"
        return out
    if isinstance(value, str) and value.lower() in TODAY:
        return "de peildatum" if nl else "the as-of date"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(_show(v, lang) for v in value)
    if isinstance(value, str):
        try:
            return parse_duration(value).describe(lang)
        except ValueParseError:
            return value
    return str(value)


def describe(condition: Mapping[str, Any]) -> Text:
    """A readable sentence for a condition, in both languages."""

    def one(cond: Mapping[str, Any], lang: str) -> str:
        nl = lang == "nl"
        if "all" in cond:
            return (" en " if nl else " and ").join(one(c, lang) for c in cond["all"])
        if "any" in cond:
            joined = (" of " if nl else " or ").join(one(c, lang) for c in cond["any"])
            return f"({joined})"
        if "not" in cond:
            return f"{'niet' if nl else 'not'} ({one(cond['not'], lang)})"
        if "if" in cond:
            out = f"{'als' if nl else 'if'} {one(cond['if'], lang)}, "
            out += f"{'dan' if nl else 'then'} {one(cond['then'], lang)}"
            if "else" in cond:
                out += f", {'anders' if nl else 'otherwise'} {one(cond['else'], lang)}"
            return out
        op = leaf_operator(cond)
        if op == "is":
            return f"'{cond['column']}' is {_show(cond[op], lang)}"
        template = (_NL_OPS if nl else _EN_OPS)[op]
        return template.format(c=cond["column"], v=_show(cond[op], lang))

    return Text(nl=one(condition, "nl"), en=one(condition, "en"))


def columns(condition: Mapping[str, Any]) -> set[str]:
    """Every column a condition reads."""
    found: set[str] = set()
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            found |= columns(sub)
    for key in ("not", "if", "then", "else"):
        if key in condition:
            found |= columns(condition[key])
    if "column" in condition:
        found.add(condition["column"])
        value = condition[leaf_operator(condition)]
        if isinstance(value, Mapping) and "column" in value:
            found.add(value["column"])
    return found
