"""Declarative row conditions: leaf operators combined with all/any/not/if-then.

A condition is data from a control file, validated by :data:`SCHEMA` and by
:func:`validate`; it is never evaluated as Python. :func:`compile` turns one into a
function of a row, once per check; dates are judged against the run's ``as_of`` date so
that a past audit can be reproduced exactly. Its words for people are in
:mod:`ibpaudit.catalog.describe`.

This is one of the package's hot modules: a register may have 100,000 rows, so the
compiled functions are closures with their constants prepared, and the leaves that
register checks use on nearly every row look at the common cell type first.

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


@dataclass(frozen=True, slots=True)
class Outcome:
    """Whether a row meets a condition. ``ok`` is False whenever a value the answer
    depends on was unreadable (those values are in ``unreadable``)."""

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


def leaf_operator(leaf: Mapping[str, Any]) -> str:
    """The operator of a leaf condition (its one key besides ``column``)."""
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


# --- the compiler ----------------------------------------------------------------------------

Row = Mapping[str, Any]
Test = Callable[[Row], Outcome]
"""A compiled condition: a row's values (column to cell) in, its outcome out."""
_Predicate = Callable[[Row], bool]
"""A compiled leaf: whether a row meets it; raises ValueParseError for an unreadable value."""

HOLDS = Outcome(True)
"""What a :data:`Test` returns for a row that meets its condition: one shared outcome, so
that the common row costs no allocation. Read it through ``.ok`` like any other."""
_MISSES = Outcome(False)


def compile(condition: Mapping[str, Any], as_of: date) -> Test:
    """``condition`` (one that :func:`validate` accepts) as a function of one row, made
    once per check: no condition is inspected per row. Combinators are closures over
    their compiled parts; each leaf has its constants (dates, durations, sets of words,
    patterns) prepared here."""
    if "column" in condition:  # a leaf: by far the most common, so tested first
        return _leaf(condition, as_of)
    if "all" in condition:
        return _all([compile(part, as_of) for part in condition["all"]])
    if "any" in condition:
        return _any([compile(part, as_of) for part in condition["any"]])
    if "not" in condition:
        return _not(compile(condition["not"], as_of))
    if "if" in condition:
        otherwise = compile(condition["else"], as_of) if "else" in condition else None
        return _if(compile(condition["if"], as_of), compile(condition["then"], as_of), otherwise)
    raise ValueError(f"not a condition: {condition!r}")  # the schema rules this out


def _all(parts: list[Test]) -> Test:
    def all_(row: Row) -> Outcome:
        # Every part is asked, also after one misses: each unreadable value is reported.
        outcomes = [part(row) for part in parts]
        if all(outcome.ok for outcome in outcomes):
            return HOLDS
        return Outcome(False, tuple(u for outcome in outcomes for u in outcome.unreadable))

    return all_


def _any(parts: list[Test]) -> Test:
    def any_(row: Row) -> Outcome:
        unreadable: list[Unreadable] = []
        for part in parts:
            outcome = part(row)
            if outcome.ok:
                return HOLDS  # one branch holds: the others, readable or not, do not matter
            unreadable += outcome.unreadable
        return Outcome(False, tuple(unreadable))

    return any_


def _not(part: Test) -> Test:
    def not_(row: Row) -> Outcome:
        outcome = part(row)
        if outcome.unreadable:
            return outcome  # what could not be read stays unread, not its opposite
        return _MISSES if outcome.ok else HOLDS

    return not_


def _if(premise: Test, then: Test, otherwise: Test | None) -> Test:
    def if_(row: Row) -> Outcome:
        outcome = premise(row)
        if outcome.ok:
            return then(row)
        if outcome.unreadable:
            return outcome
        return otherwise(row) if otherwise is not None else HOLDS

    return if_


def _leaf(leaf: Mapping[str, Any], as_of: date) -> Test:
    op = leaf_operator(leaf)
    column = leaf["column"]
    predicate = _predicate(op, column, leaf[op], as_of)

    def test(row: Row) -> Outcome:
        try:
            return HOLDS if predicate(row) else _MISSES
        except _ReferencedValueError as exc:
            return Outcome(False, (Unreadable(exc.column, exc.text),))
        except ValueParseError as exc:
            return Outcome(False, (Unreadable(column, exc.text),))

    return test


def _predicate(op: str, column: str, expected: Any, as_of: date) -> _Predicate:
    """The leaf ``{column: ..., op: expected}`` as a question about one row. An empty
    cell meets only ``empty``, ``not_equals`` and ``not_in``."""
    if op == "empty":
        return lambda row: is_empty(row.get(column))
    if op == "not_empty":
        return lambda row: not is_empty(row.get(column))
    if op == "is":  # the schema makes expected a boolean
        return _is(column, expected)
    if op in ("in", "not_in"):
        return _member(column, expected, wanted=op == "in")
    if op in ("equals", "not_equals"):
        return _equals(column, expected, wanted=op == "equals")
    if op == "matches":
        return _matches(column, re.compile(expected))
    if op == "within":
        return _within(column, parse_duration(expected).subtract_from(as_of), as_of)
    if op in DATE_OPERATORS:
        return _date(column, expected, as_of, _DATE_COMPARE[op])
    return _bound(column, expected, at_most=op == "at_most")


def _is(column: str, expected: bool) -> _Predicate:
    def is_(row: Row) -> bool:
        actual = row.get(column)
        if type(actual) is bool:
            return actual is expected
        if type(actual) is str:  # ja/nee as typed: two set lookups
            word = actual.strip().casefold()
            if word in YES_WORDS:
                return expected is True
            if word in NO_WORDS:
                return expected is False
        if is_empty(actual):
            raise ValueParseError(text("leeg; vul ja of nee in", "empty; fill in yes or no"))
        return parse_bool(actual) is expected

    return is_


def _sameness(expected: Any) -> Callable[[Any], bool]:
    """Whether a filled-in cell is ``expected``: yes/no as a boolean, a number as a
    number, text ignoring case and surrounding space. Raises ValueParseError for a cell
    that is no boolean or number when one is expected."""
    if isinstance(expected, bool):
        return lambda actual: parse_bool(actual) is expected
    if isinstance(expected, int | float):
        return lambda actual: parse_number(actual) == expected
    folded = str(expected).strip().casefold()
    return lambda actual: str(actual).strip().casefold() == folded


def _member(column: str, expected: Sequence[Any], wanted: bool) -> _Predicate:
    """``in`` (``wanted``) or ``not_in``."""
    if all(type(e) is str for e in expected):
        # An empty cell is never a member, whatever the list says.
        texts = frozenset(e.strip().casefold() for e in expected) - EMPTY_MARKERS

        def in_words(row: Row) -> bool:
            actual = row.get(column)
            if type(actual) is str:  # the common case: one set lookup
                return (actual.strip().casefold() in texts) == wanted
            if actual is None or is_empty(actual):
                return not wanted
            return (str(actual).strip().casefold() in texts) == wanted

        return in_words
    members = [_sameness(e) for e in expected]

    def in_mixed(row: Row) -> bool:
        actual = row.get(column)
        if is_empty(actual):
            return not wanted
        for same in members:
            # In a list of mixed kinds (``in: [ja, 3]``) a value that is not a number
            # simply differs from a number, rather than being unreadable.
            try:
                if same(actual):
                    return wanted
            except ValueParseError:
                pass
        return not wanted

    return in_mixed


def _equals(column: str, expected: Any, wanted: bool) -> _Predicate:
    """``equals`` (``wanted``) or ``not_equals``, against a value or another column."""
    if isinstance(expected, Mapping):
        other = expected["column"]

        def equals_column(row: Row) -> bool:
            actual = row.get(column)
            if is_empty(actual):
                return not wanted
            return _sameness(row.get(other))(actual) == wanted

        return equals_column
    same = _sameness(expected)

    def equals(row: Row) -> bool:
        actual = row.get(column)
        if is_empty(actual):
            return not wanted
        return same(actual) == wanted

    return equals


def _matches(column: str, pattern: re.Pattern[str]) -> _Predicate:
    def matches(row: Row) -> bool:
        actual = row.get(column)
        return not is_empty(actual) and pattern.search(str(actual)) is not None

    return matches


def _within(column: str, earliest: date, as_of: date) -> _Predicate:
    def within(row: Row) -> bool:
        actual = row.get(column)
        if type(actual) is date:  # a typed cell: the common case
            return earliest <= actual <= as_of
        if actual is None or is_empty(actual):
            return False
        return earliest <= parse_date(actual) <= as_of

    return within


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _shift(reference: Mapping[str, Any]) -> Callable[[date | datetime], date | datetime]:
    """The ``plus`` and ``minus`` of a date reference, applied to its base."""
    plus = parse_duration(reference["plus"]) if "plus" in reference else None
    minus = parse_duration(reference["minus"]) if "minus" in reference else None

    def shift(base: date | datetime) -> date | datetime:
        moment = base
        if plus is not None:
            moment = plus.add_to(moment)
        if minus is not None:
            moment = minus.subtract(moment)
        if not isinstance(base, datetime):
            # A day without a time of day plus PT72H is a day, not that day at midnight:
            # the comparison must stay at day precision.
            return _day(moment)
        return moment

    return shift


def _date(
    column: str, reference: Any, as_of: date, compare: Callable[[Any, Any], bool]
) -> _Predicate:
    """``before``, ``after``, ``not_before`` or ``not_after`` (``compare``) against
    ``today``, a date, or ``{column, date, plus, minus}``."""
    if isinstance(reference, str):
        return _on_date(
            column, as_of if reference.lower() in TODAY else parse_date(reference), compare
        )
    shift = _shift(reference)
    if "column" not in reference:
        base = parse_date(reference["date"]) if "date" in reference else as_of
        return _on_date(column, shift(base), compare)  # a day: base is one
    other = reference["column"]

    def against_column(row: Row) -> bool:
        actual = row.get(column)
        if is_empty(actual):
            return False
        moment = parse_datetime(actual)
        raw = row.get(other)
        if is_empty(raw):
            return False
        try:
            base = parse_datetime(raw)
        except ValueParseError as exc:
            raise _ReferencedValueError(other, exc) from None
        ref = shift(base)
        if isinstance(moment, datetime) != isinstance(ref, datetime):
            # Compare at day precision when one side has no time of day.
            return compare(_day(moment), _day(ref))
        return compare(moment, ref)

    return against_column


def _on_date(column: str, ref: date, compare: Callable[[Any, Any], bool]) -> _Predicate:
    """A date operator against a fixed day, compared at day precision."""

    def on_date(row: Row) -> bool:
        actual = row.get(column)
        if type(actual) is date:  # a typed cell: the common case
            return compare(actual, ref)
        if actual is None or is_empty(actual):
            return False
        return compare(_day(parse_datetime(actual)), ref)

    return on_date


def _magnitude(value: Any) -> Duration | int | float:
    if isinstance(value, Duration | int | float) and not isinstance(value, bool):
        return value
    try:
        return parse_number(value)
    except ValueParseError:
        return parse_duration(value)


def _bound(column: str, expected: Any, at_most: bool) -> _Predicate:
    """``at_most`` or ``at_least`` a number or duration, given or in another column."""
    compare = operator.le if at_most else operator.ge
    if not isinstance(expected, Mapping):
        bound = _magnitude(expected)  # validate() has checked that it reads (and is not empty)

        def against_value(row: Row) -> bool:
            actual = row.get(column)
            if is_empty(actual):
                return False
            return _compared(compare, actual, _magnitude(actual), expected, bound)

        return against_value
    other = expected["column"]

    def against_column(row: Row) -> bool:
        actual = row.get(column)
        if is_empty(actual):
            return False
        raw = row.get(other)
        if is_empty(raw):
            return False
        left = _magnitude(actual)
        try:
            right = _magnitude(raw)
        except ValueParseError as exc:
            raise _ReferencedValueError(other, exc) from None
        return _compared(compare, actual, left, raw, right)

    return against_column


def _compared(
    compare: Callable[[Any, Any], bool],
    actual: Any,
    left: Duration | int | float,
    bound: Any,
    right: Duration | int | float,
) -> bool:
    if isinstance(left, Duration) != isinstance(right, Duration):
        raise ValueParseError(
            text(
                "'{a}' en '{b}' zijn niet vergelijkbaar (duur tegenover getal)",
                "'{a}' and '{b}' cannot be compared (duration against number)",
                a=actual,
                b=bound,
            )
        )
    return bool(compare(left, right))


_DATE_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "before": operator.lt,
    "after": operator.gt,
    "not_before": operator.ge,
    "not_after": operator.le,
}
