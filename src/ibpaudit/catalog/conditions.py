"""Declarative row conditions: leaf operators combined with all/any/not/if-then.

A condition is data from a control file, validated by :data:`SCHEMA` and by
:func:`validate`; it is never evaluated as Python. Dates are judged against the
run's ``as_of`` date so that a past audit can be reproduced exactly.

Leaf: ``{column: NAME, OPERATOR: VALUE}`` with one operator of
``equals not_equals in not_in empty not_empty is matches before after not_before
not_after within at_most at_least``. A date reference (``before`` etc.) is
``today`` (the as-of date), an ISO date, or ``{column: NAME, plus: DURATION}``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from ibpaudit.model import Text, text
from ibpaudit.schemas import load_schema
from ibpaudit.schemas.phrasing import Issue, shown, suggestion
from ibpaudit.values import (
    EMPTY_MARKERS,
    NO_WORDS,
    YES_WORDS,
    Duration,
    ValueParseError,
    is_empty,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_number,
)

DATE_OPERATORS = ("before", "after", "not_before", "not_after")
OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "empty",
    "not_empty",
    "is",
    "matches",
    *DATE_OPERATORS,
    "within",
    "at_most",
    "at_least",
)
TODAY = ("today", "vandaag", "as_of", "peildatum")

# The condition language as JSON Schema (``schemas/condition.schema.json``): the shape;
# :func:`validate` checks what a schema cannot (durations, dates, patterns parse).
SCHEMA: dict[str, Any] = load_schema("condition")


@dataclass(frozen=True)
class Unreadable:
    """A value the condition needed but could not read (a bad date, a non-boolean)."""

    column: str
    message: Text


@dataclass(frozen=True)
class Outcome:
    ok: bool
    unreadable: tuple[Unreadable, ...] = ()


class _ReferencedValueError(ValueParseError):
    """An unreadable value in a column the condition refers to, not in its own column."""

    def __init__(self, column: str, error: ValueParseError) -> None:
        super().__init__(error.text)
        self.column = column


def as_list(conditions: object) -> list[Mapping[str, Any]]:
    """A control may give one condition or a list (meaning all of them)."""
    if conditions is None:
        return []
    if isinstance(conditions, Mapping):
        return [conditions]
    return list(conditions)  # type: ignore[call-overload, no-any-return]


def _operator(leaf: Mapping[str, Any]) -> str:
    return next(k for k in leaf if k != "column")


_COMBINERS = ("all", "any", "not", "if", "then", "else")
_OPERATOR_KIND: dict[str, tuple[str, str]] = {
    "in": ("een lijst van waarden", "a list of values"),
    "not_in": ("een lijst van waarden", "a list of values"),
    "empty": ("true", "true"),
    "not_empty": ("true", "true"),
    "is": ("true of false", "true or false"),
    "matches": ("een patroon (tekst)", "a pattern (text)"),
    "within": ("een duur zoals P1Y of '2 jaar'", "a duration such as P1Y or '2 jaar'"),
}


def _kind_ok(op: str, value: Any) -> bool:
    if op in ("in", "not_in"):
        return isinstance(value, list) and bool(value)
    if op in ("empty", "not_empty"):
        return value is True
    if op == "is":
        return isinstance(value, bool)
    if op in ("matches", "within"):
        return isinstance(value, str)
    return True


def _unknown(key: str, known: Sequence[str], operator_: bool) -> Text:
    if operator_:
        what = text("'{k}' is geen operator", "'{k}' is not an operator", k=key)
    else:
        what = text(
            "'{k}' hoort niet in een voorwaarde", "'{k}' does not belong in a condition", k=key
        )
    return text("{w}{h}", "{w}{h}", w=what, h=suggestion(key, known))


def issues(condition: Any, path: tuple[str | int, ...] = ()) -> list[Issue]:
    """What is wrong with a condition from a control file, in words, with its place.

    Checks the shape (one column and one operator, or all/any/not/if) as well as what a
    schema cannot express (durations, dates and patterns parse), on any input: it runs
    before the schema so that its message, not the schema's, reaches the user.
    """
    if not isinstance(condition, Mapping):
        return [
            Issue(
                path,
                text(
                    "een voorwaarde is een mapping zoals {column: x, not_empty: true}; "
                    "gevonden: {v}",
                    "a condition is a mapping such as {column: x, not_empty: true}; found {v}",
                    v=shown(condition),
                ),
            )
        ]
    if "column" not in condition:
        return _combined(condition, path)
    found: list[Issue] = []
    if not isinstance(condition["column"], str) or not condition["column"]:
        found.append(
            Issue(
                (*path, "column"),
                text("'column' moet een kolomnaam zijn", "'column' must name a column"),
            )
        )
    keys = [str(k) for k in condition if k != "column"]
    unknown = [k for k in keys if k not in OPERATORS]
    for key in unknown:
        found.append(Issue(path, _unknown(key, OPERATORS, operator_=True), key))
    ops = [k for k in keys if k in OPERATORS]
    if unknown:
        return found
    if len(ops) != 1:
        found.append(
            Issue(
                path,
                text(
                    "een voorwaarde heeft precies één operator ({o}); gevonden: {f}",
                    "a condition has exactly one operator ({o}); found {f}",
                    o=", ".join(OPERATORS),
                    f=", ".join(ops) or text("geen", "none"),
                ),
            )
        )
        return found
    op = ops[0]
    value = condition[op]
    if not _kind_ok(op, value):
        nl, en = _OPERATOR_KIND[op]
        found.append(
            Issue(
                (*path, op),
                text("'{o}' vraagt {k}", "'{o}' needs {k}", o=op, k=Text(nl, en)),
            )
        )
        return found
    try:
        if op == "within":
            parse_duration(value)
        elif op in DATE_OPERATORS:
            if isinstance(value, str):
                if value.lower() not in TODAY:
                    parse_date(value)
            elif isinstance(value, Mapping):
                if "date" in value:
                    parse_date(value["date"])
                for k in ("plus", "minus"):
                    if k in value:
                        parse_duration(value[k])
        elif op == "matches":
            re.compile(value)
        elif op in ("at_most", "at_least") and not isinstance(value, Mapping):
            _magnitude(value)
    except ValueParseError as exc:
        found.append(Issue((*path, op), exc.text))
    except re.error as exc:
        found.append(
            Issue(
                (*path, op),
                text("geen geldig patroon: {e}", "not a valid pattern: {e}", e=str(exc)),
            )
        )
    return found


def _combined(condition: Mapping[str, Any], path: tuple[str | int, ...]) -> list[Issue]:
    """An all/any/not/if condition: its own keys, then each part."""
    found: list[Issue] = []
    unknown = [str(k) for k in condition if k not in _COMBINERS]
    for key in unknown:
        operator_ = key in OPERATORS
        if operator_:
            message = text(
                "'{k}' vraagt een 'column' ernaast", "'{k}' needs a 'column' beside it", k=key
            )
        else:
            message = _unknown(key, ("column", *_COMBINERS, *OPERATORS), operator_=False)
        found.append(Issue(path, message, key))
    present = [k for k in ("all", "any", "not", "if") if k in condition]
    if not present and not unknown:
        found.append(
            Issue(
                path,
                text(
                    "een voorwaarde heeft 'column' en een operator, of all/any/not/if",
                    "a condition has 'column' and an operator, or all/any/not/if",
                ),
            )
        )
    if len(present) > 1:
        found.append(
            Issue(
                path,
                text(
                    "één soort per voorwaarde ({k}); zet de andere in een eigen voorwaarde",
                    "one kind per condition ({k}); put the others in a condition of their own",
                    k=", ".join(present),
                ),
            )
        )
    if ("then" in condition or "else" in condition) != ("if" in condition) or (
        "if" in condition and "then" not in condition
    ):
        found.append(
            Issue(path, text("'if' en 'then' horen bij elkaar", "'if' and 'then' go together"))
        )
    for key in ("all", "any"):
        if key not in condition:
            continue
        subs = condition[key]
        if not isinstance(subs, list) or not subs:
            found.append(
                Issue(
                    (*path, key),
                    text(
                        "'{k}' vraagt een lijst van voorwaarden",
                        "'{k}' needs a list of conditions",
                        k=key,
                    ),
                )
            )
            continue
        for i, sub in enumerate(subs):
            found += issues(sub, (*path, key, i))
    for key in ("not", "if", "then", "else"):
        if key in condition:
            found += issues(condition[key], (*path, key))
    return found


def validate(condition: Mapping[str, Any], where: str) -> list[str]:
    """:func:`issues` as English lines, each starting with its place after ``where``."""
    lines = []
    for issue in issues(condition):
        steps = [*issue.path, issue.key] if issue.key is not None else issue.path
        place = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in steps)
        lines.append(f"{place}: {issue.message.en}")
    return lines


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool):
        return parse_bool(actual) is expected
    if isinstance(expected, int | float):
        return parse_number(actual) == expected
    return str(actual).strip().casefold() == str(expected).strip().casefold()


def _same_or_not(actual: Any, expected: Any) -> bool:
    """For lists of mixed kinds (``in: [ja, 3]``): a value that is not a number simply
    differs from a number, rather than being unreadable."""
    try:
        return _same(actual, expected)
    except ValueParseError:
        return False


def _magnitude(value: Any) -> Duration | int | float:
    if isinstance(value, Duration | int | float) and not isinstance(value, bool):
        return value
    try:
        return parse_number(value)
    except ValueParseError:
        return parse_duration(value)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


_TRUE = Outcome(True)
_FALSE = Outcome(False)
HOLDS = _TRUE
"""The outcome compiled conditions return when a row meets them: test it with ``is``."""


class Evaluator:
    """Evaluates conditions on one record's values against the as-of date."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        # Per-condition work done once, not once per row: a register may have 100,000.
        self._compiled: dict[
            int, tuple[Mapping[str, Any], Callable[[Mapping[str, Any]], bool]]
        ] = {}

    def function(self, condition: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Outcome]:
        """``check`` for one condition as a function of a row's values, prepared once:
        what a loop over 100,000 rows should call."""
        if "column" not in condition:
            return lambda values: self.check(condition, values)
        leaf = self._compile(condition)
        column = condition["column"]

        def run(values: Mapping[str, Any]) -> Outcome:
            try:
                return _TRUE if leaf(values) else _FALSE
            except _ReferencedValueError as exc:
                return Outcome(False, (Unreadable(exc.column, exc.text),))
            except ValueParseError as exc:
                return Outcome(False, (Unreadable(column, exc.text),))

        return run

    def check(self, condition: Mapping[str, Any], values: Mapping[str, Any]) -> Outcome:
        if "column" in condition:  # a leaf: by far the most common, so tested first
            compiled = self._compiled.get(id(condition))
            if compiled is None:
                # The condition is kept in the cache, so its id cannot be reused.
                compiled = self._compiled[id(condition)] = (condition, self._compile(condition))
            try:
                return _TRUE if compiled[1](values) else _FALSE
            except _ReferencedValueError as exc:
                return Outcome(False, (Unreadable(exc.column, exc.text),))
            except ValueParseError as exc:
                return Outcome(False, (Unreadable(condition["column"], exc.text),))
        if "all" in condition or "any" in condition:
            subs = [self.check(c, values) for c in condition.get("all", condition.get("any"))]
            if "any" in condition and any(s.ok and not s.unreadable for s in subs):
                return _TRUE  # one branch holds: the others do not matter
            unreadable = tuple(u for s in subs for u in s.unreadable)
            combine = all if "all" in condition else any
            return Outcome(combine(s.ok for s in subs), unreadable)
        if "not" in condition:
            sub = self.check(condition["not"], values)
            return Outcome(not sub.ok and not sub.unreadable, sub.unreadable)
        if "if" in condition:
            premise = self.check(condition["if"], values)
            if premise.unreadable:
                return premise
            branch = condition["then"] if premise.ok else condition.get("else")
            return self.check(branch, values) if branch is not None else _TRUE
        raise ValueError(f"not a condition: {condition!r}")  # the schema rules this out

    def _compile(self, leaf: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], bool]:
        """A leaf as a function of one row's values, with its constants prepared once.

        The operators register checks use on nearly every row get their own function;
        the others (comparisons, dates against references, patterns) go through
        ``_leaf``.
        """
        op = _operator(leaf)
        column = leaf["column"]
        expected = leaf[op]
        if op == "empty":
            return lambda values: is_empty(values.get(column))
        if op == "not_empty":
            return lambda values: not is_empty(values.get(column))
        if op == "is":  # the schema makes expected a boolean

            def is_(values: Mapping[str, Any]) -> bool:
                actual = values.get(column)
                if type(actual) is bool:
                    return actual is expected
                if type(actual) is str:  # ja/nee as typed: two set lookups
                    word = actual.strip().casefold()
                    if word in YES_WORDS:
                        return expected is True
                    if word in NO_WORDS:
                        return expected is False
                if is_empty(actual):
                    raise ValueParseError(
                        text("leeg; vul ja of nee in", "empty; fill in yes or no")
                    )
                return parse_bool(actual) is expected

            return is_
        if op in ("in", "not_in") and all(type(e) is str for e in expected):
            # An empty cell is never a member, whatever the list says.
            texts = frozenset(e.strip().casefold() for e in expected) - EMPTY_MARKERS
            wanted = op == "in"

            def in_(values: Mapping[str, Any]) -> bool:
                actual = values.get(column)
                if type(actual) is str:  # the common case: one set lookup
                    return (actual.strip().casefold() in texts) == wanted
                if actual is None or is_empty(actual):
                    return not wanted
                return (str(actual).strip().casefold() in texts) == wanted

            return in_
        if op == "within":
            earliest = parse_duration(expected).subtract_from(self.as_of)
            as_of = self.as_of

            def within(values: Mapping[str, Any]) -> bool:
                actual = values.get(column)
                if type(actual) is date:  # a typed cell: the common case
                    return earliest <= actual <= as_of
                if actual is None or is_empty(actual):
                    return False
                return earliest <= parse_date(actual) <= as_of

            return within
        if op in DATE_OPERATORS and isinstance(expected, str):
            # A fixed reference (today or a date): compared at day precision.
            ref = self.as_of if expected.lower() in TODAY else parse_date(expected)
            compare = _DATE_COMPARE[op]

            def on_date(values: Mapping[str, Any]) -> bool:
                actual = values.get(column)
                if type(actual) is date:  # a typed cell: the common case
                    return compare(actual, ref)
                if actual is None or is_empty(actual):
                    return False
                moment = parse_datetime(actual)
                day = moment.date() if isinstance(moment, datetime) else moment
                return compare(day, ref)

            return on_date
        return lambda values: self._leaf(leaf, values)

    def _ref_value(self, ref: Any, values: Mapping[str, Any]) -> Any:
        if isinstance(ref, Mapping) and "column" in ref:
            return values.get(ref["column"])
        return ref

    def _date_ref(self, ref: Any, values: Mapping[str, Any]) -> date | datetime | None:
        if isinstance(ref, str):
            return self.as_of if ref.lower() in TODAY else parse_date(ref)
        if "column" in ref:
            raw = values.get(ref["column"])
            if is_empty(raw):
                return None
            try:
                base: date | datetime = parse_datetime(raw)
            except ValueParseError as exc:
                raise _ReferencedValueError(ref["column"], exc) from None
        elif "date" in ref:
            base = parse_date(ref["date"])
        else:
            base = self.as_of
        timed = isinstance(base, datetime)
        if "plus" in ref:
            base = parse_duration(ref["plus"]).add_to(base)
        if "minus" in ref:
            base = parse_duration(ref["minus"]).subtract(base)
        if not timed and isinstance(base, datetime):
            # A day without a time of day plus PT72H is a day, not that day at midnight:
            # the comparison must stay at day precision.
            return base.date()
        return base

    def _leaf(self, leaf: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
        """The operators ``_compile`` leaves to the general path."""
        op = _operator(leaf)
        expected = leaf[op]
        actual = values.get(leaf["column"])
        if is_empty(actual):
            return op in ("not_equals", "not_in")
        if op in ("equals", "not_equals"):
            return _same(actual, self._ref_value(expected, values)) == (op == "equals")
        if op in ("in", "not_in"):  # lists of mixed kinds; lists of words are compiled
            return any(_same_or_not(actual, e) for e in expected) == (op == "in")
        if op == "matches":
            return _regex(expected).search(str(actual)) is not None
        if op in ("at_most", "at_least"):
            bound = self._ref_value(expected, values)
            if is_empty(bound):
                return False
            left = _magnitude(actual)
            try:
                right = _magnitude(bound)
            except ValueParseError as exc:
                if isinstance(expected, Mapping):
                    raise _ReferencedValueError(expected["column"], exc) from None
                raise
            if isinstance(left, Duration) != isinstance(right, Duration):
                raise ValueParseError(
                    text(
                        "'{a}' en '{b}' zijn niet vergelijkbaar (duur tegenover getal)",
                        "'{a}' and '{b}' cannot be compared (duration against number)",
                        a=actual,
                        b=bound,
                    )
                )
            return bool(left <= right) if op == "at_most" else bool(left >= right)
        moment = parse_datetime(actual)
        ref = self._date_ref(expected, values)
        if ref is None:
            return False
        if isinstance(moment, datetime) != isinstance(ref, datetime):
            # Compare at day precision when one side has no time of day.
            left_d = moment.date() if isinstance(moment, datetime) else moment
            right_d = ref.date() if isinstance(ref, datetime) else ref
            left_c, right_c = _as_datetime(left_d), _as_datetime(right_d)
        else:
            left_c, right_c = _as_datetime(moment), _as_datetime(ref)
        return {
            "before": left_c < right_c,
            "after": left_c > right_c,
            "not_before": left_c >= right_c,
            "not_after": left_c <= right_c,
        }[op]


_DATE_COMPARE: dict[str, Callable[[date, date], bool]] = {
    "before": operator.lt,
    "after": operator.gt,
    "not_before": operator.ge,
    "not_after": operator.le,
}

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
        op = _operator(cond)
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
        value = condition[_operator(condition)]
        if isinstance(value, Mapping) and "column" in value:
            found.add(value["column"])
    return found
