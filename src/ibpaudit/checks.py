"""Helpers for check types (public API for plugin authors).

A check type is a :class:`ibpaudit.CheckType` offered by ``ibpaudit_check_types()``:
a name a control can use in ``check:``, the JSON Schema of its parameters, and
``evaluate(ctx, params) -> CheckOutcome``. ``evaluate`` reads only what
``ctx.dossier`` (an :class:`ibpaudit.DossierView`) offers and returns findings: *failed*
when the evidence shows the control is not met, *error* when it cannot be judged (a
missing column, an unreadable value). The built-in check types use exactly these
helpers:

* :func:`schema` builds a parameter schema (with the condition language in ``$defs``);
  :data:`TEXT_SCHEMA`, :data:`CONDITIONS`, :data:`COLUMNS` and :data:`DURATION` are its
  common property schemas;
* :func:`register` finds the one file holding a register, or the findings saying why
  not; :func:`missing_columns` names the columns a register lacks;
* :func:`judge` filters rows by ``where`` and tests them against ``require``
  (the conditions controls write), with :func:`label`, :func:`row_message` and
  :class:`RowTemplate` for the wording of a failing row;
* :func:`meta_date` reads a document's metadata date;
* :func:`failed` and :func:`error` make findings.

The names in ``__all__`` are stable (see "Stability" in ``docs/plugins.md``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ibpaudit.catalog import conditions, describe
from ibpaudit.model import (
    CheckContext,
    Evidence,
    Finding,
    Location,
    Record,
    Status,
    Text,
    join,
    text,
)
from ibpaudit.model.rowfindings import Collector
from ibpaudit.values import EMPTY_MARKERS, ValueParseError, is_empty, parse_date
from ibpaudit.wording import RowTemplate, row_message

__all__ = [
    "COLUMNS",
    "CONDITIONS",
    "DURATION",
    "TEXT_SCHEMA",
    "Requirement",
    "RowTemplate",
    "condition_columns",
    "error",
    "failed",
    "judge",
    "label",
    "meta_date",
    "misses",
    "missing_columns",
    "prepare",
    "register",
    "row_message",
    "schema",
]

TEXT_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "required": ["nl", "en"],
            "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
            "additionalProperties": False,
        },
    ]
}
"""A message in the control file: one string, or ``{nl: ..., en: ...}``."""
CONDITIONS = {"$ref": "#/$defs/conditions"}
"""One condition or a list of them (``where``, ``require``), as :func:`schema` defines."""
COLUMNS = {"type": "array", "items": {"type": "string", "minLength": 1}}
"""A list of column names."""
DURATION = {"type": "string", "minLength": 2}
"""A duration as controls write it (``P1Y``, ``12 maanden``, ``72 uur``)."""


def schema(properties: Mapping[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
    """A check's parameter schema, with the condition language available as $defs."""
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(required),
        "additionalProperties": False,
        "$defs": conditions.SCHEMA["$defs"],
    }


def error(message: Text, location: Location | None = None) -> Finding:
    """A finding that the evidence cannot be judged (unreadable, ambiguous, incomplete)."""
    return Finding(Status.ERROR, message, location)


def failed(message: Text, location: Location | None = None) -> Finding:
    """A finding that the evidence shows the control is not met."""
    return Finding(Status.FAILED, message, location)


def register(ctx: CheckContext, name: str) -> tuple[Evidence | None, list[Finding]]:
    """The one file holding register ``name``, or the findings that say why not.

    Returns ``(evidence, findings)``: evidence None with a *failed* finding when the
    register is missing, an *error* when it is in two files, unreadable or not a table;
    else the evidence and an *error* per problem its reader reported (stray values)."""
    files = ctx.dossier.registers(name)
    if not files:
        return None, [
            failed(
                text(
                    "register '{name}' ontbreekt; verwacht registers/{name}.csv, .xlsx of .yaml",
                    "register '{name}' is missing; expected registers/{name}.csv, .xlsx or .yaml",
                    name=name,
                )
            )
        ]
    if len(files) > 1:
        paths = ", ".join(f.file.path for f in files)
        return None, [
            error(
                text(
                    "register '{name}' staat in meer dan één bestand ({paths}); houd er één "
                    "aan of wijs het aan onder bewijs.registers in ibpaudit.yaml",
                    "register '{name}' is in more than one file ({paths}); keep one or name "
                    "it under bewijs.registers in ibpaudit.yaml",
                    name=name,
                    paths=paths,
                )
            )
        ]
    ev = files[0]
    if ev.error is not None:
        return None, [error(ev.error, ev.location)]
    if not ev.is_register:
        return None, [
            error(
                text(
                    "{path} bevat geen tabel met rijen; een register heeft een kopregel en rijen",
                    "{path} holds no table of rows; a register has a header and rows",
                    path=ev.file.path,
                ),
                ev.location,
            )
        ]
    problems = [error(p.message, p.location) for p in ev.problems]
    return ev, problems


def missing_columns(ev: Evidence, needed: Iterable[str]) -> list[Finding]:
    """An *error* for each column of ``needed`` that register ``ev`` lacks (none for a
    YAML register without rows, which has no columns to check yet)."""
    if not ev.columns and not ev.records:
        return []  # a YAML register without rows has no columns to check yet
    present = set(ev.columns)
    return [
        error(
            text(
                "kolom '{col}' ontbreekt in {path}; voeg die kolom toe (aanwezig: {cols})",
                "column '{col}' is missing from {path}; add it (present: {cols})",
                col=col,
                path=ev.file.path,
                cols=", ".join(ev.columns),
            ),
            ev.location,
        )
        for col in sorted(set(needed) - present)
    ]


def label(record: Record, columns: Sequence[str] | None = None) -> str:
    """A short identification of a row for messages, from its key columns."""
    values = record.values
    if not columns:
        columns = [c for c, v in values.items() if not is_empty(v)][:2]
    parts = []
    for column in columns:
        value = values.get(column)
        if type(value) is str:  # the common case, as is_empty judges it
            if value.strip() not in EMPTY_MARKERS:
                parts.append(value)
        elif not is_empty(value):
            parts.append(str(value))
    return " / ".join(parts) or "?"


_NOT_MET = Text("{row}: niet voldaan aan: {cond}", "{row}: not met: {cond}")


def judge(
    ctx: CheckContext,
    records: Iterable[Record],
    where: object,
    require: object,
    message: object = None,
    key: Sequence[str] | None = None,
) -> tuple[list[Record], list[Finding]]:
    """Filter rows by ``where`` and test each against every ``require`` condition.

    ``where`` and ``require`` are a condition or a list of them, as a control writes
    them (None: no condition); ``message`` is the control's own message for a failing
    row (``{column}`` placeholders); ``key`` the columns that name a row in messages.
    Returns the selected rows and the findings: one *failed* per row naming every
    condition it misses, an *error* for each value that could not be read (with its
    column). The rows a ``where`` selects from a register's ``records`` (a tuple) are
    selected once per run (``ctx.shared``), however many checks ask.
    """
    chosen, findings = judge_rows(ctx, records, where, require, message, key)
    return chosen, list(findings)


def judge_rows(
    ctx: CheckContext,
    records: Iterable[Record],
    where: object,
    require: object,
    message: object = None,
    key: Sequence[str] | None = None,
) -> tuple[list[Record], Sequence[Finding]]:
    """:func:`judge`, with the findings on failing rows made when they are read (see
    :mod:`ibpaudit.model.rowfindings`): a register of 100,000 failing rows holds its rows
    once, not 100,000 findings per check. Not public (yet)."""
    tests = prepare(ctx.as_of, require)
    if where is None and not tests:
        return list(records), ()  # nothing to judge: every row is selected as it is
    if type(records) is tuple:  # a register's rows: selected once per run
        chosen, found = selected(ctx, records, where)
    else:  # rows made for this call: nothing another check could share
        chosen, found = _select_where(ctx, tuple(records), where)
    if not tests:
        return list(chosen), found
    findings = Collector()
    findings.extend(found)
    # Column-wise: each condition over every row in one comprehension, then only the
    # rows that miss something are looked at again. A register may have 100,000 rows,
    # and a function call per row and condition is most of the cost.
    values = [record.values for record in chosen]
    results = [[r.test(v) for v in values] for r in tests]
    open_rows: set[int] = set()
    for outcomes in results:
        open_rows.update(i for i, outcome in enumerate(outcomes) if not outcome.ok)
    custom = None if message is None else RowTemplate(message)
    # How to word a row for each combination of unmet conditions, made once per
    # combination (and the same function for every row of it).
    wording: dict[tuple[int, ...], Callable[[Record], Text]] = {}
    for i in sorted(open_rows):
        record = chosen[i]
        unmet: list[int] = []
        for n, outcomes in enumerate(results):
            outcome = outcomes[i]
            if outcome.unreadable:
                findings.extend(unreadable(outcome, record))
            elif not outcome.ok:
                unmet.append(n)
        if unmet:
            # One finding per row, naming every condition it misses.
            which = tuple(unmet)
            word = wording.get(which)
            if word is None:
                cond = join([tests[n].described for n in which])
                word = wording[which] = _wording(cond, custom, len(tests) > 1, key)
            findings.row(Status.FAILED, word(record), record)
    return list(chosen), findings.findings()


def _wording(
    cond: Text, custom: RowTemplate | None, several: bool, key: Sequence[str] | None
) -> Callable[[Record], Text]:
    """The message of a row that misses the conditions ``cond`` words: the control's own
    (``custom``, naming those conditions when the check has ``several``), or the
    fallback naming the row by its ``key`` columns."""
    if custom is None:
        fallback = RowTemplate(_NOT_MET, cond=cond)

        def word(record: Record) -> Text:
            return fallback.render({"row": label(record, key)})

        return word

    def own(record: Record) -> Text:
        said = custom.render(record.values)
        if several:
            return Text(f"{said.nl} ({cond.nl})", f"{said.en} ({cond.en})")
        return said

    return own


def selected(
    ctx: CheckContext, records: tuple[Record, ...], where: object
) -> tuple[tuple[Record, ...], tuple[Finding, ...]]:
    """The rows of ``records`` that meet every ``where`` condition, and an *error* per
    unreadable value met on the way; made once per run for the same rows and conditions
    (``ctx.shared``: several controls select the same rows of one register)."""
    shape = fingerprint(where)
    if where is None or shape is None:
        return _select_where(ctx, records, where)
    return ctx.shared.get(
        ("ibpaudit.checks.selected", shape, ctx.as_of),
        lambda: _select_where(ctx, records, where),
        records,
    )


def _select_where(
    ctx: CheckContext, records: tuple[Record, ...], where: object
) -> tuple[tuple[Record, ...], tuple[Finding, ...]]:
    filters = [conditions.compile(cond, ctx.as_of) for cond in conditions.as_list(where)]
    if not filters:
        return records, ()
    chosen, findings = select(records, filters)
    return chosen, tuple(findings)


def fingerprint(*params: object) -> str | None:
    """Check parameters as one exact text, for a key in ``ctx.shared``; None when they
    hold something JSON cannot tell apart exactly (a date, a key that is no string):
    then compute, do not share. Not public."""
    try:
        return json.dumps(params, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None


class Requirement(Sequence[Any]):
    """One condition of a check: its compiled test, made once per check, and its
    description, written only when a row misses it (most rows meet every condition, and
    describing a condition costs more than compiling it). Unpacks as the pair
    ``(description, test)`` it has always been."""

    __slots__ = ("_described", "condition", "test")

    def __init__(self, condition: Mapping[str, Any], as_of: date) -> None:
        self.condition = condition
        self.test: conditions.Test = conditions.compile(condition, as_of)
        self._described: Text | None = None

    @property
    def described(self) -> Text:
        """The condition in words, in both languages (made once, when first asked)."""
        if self._described is None:
            self._described = describe.describe(self.condition)
        return self._described

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: Any) -> Any:
        return (self.described, self.test)[index]


def prepare(as_of: date, require: object) -> list[Requirement]:
    """Each condition of ``require`` (one, a list, or none) with its description and its
    compiled test, made once per check, not once per row."""
    return [Requirement(cond, as_of) for cond in conditions.as_list(require)]


def condition_columns(*given: object) -> set[str]:
    """Every column the given conditions read (each one condition, a list, or none)."""
    found: set[str] = set()
    for one_or_more in given:
        for cond in conditions.as_list(one_or_more):
            found |= describe.columns(cond)
    return found


def misses(tests: list[Requirement], record: Record) -> tuple[list[Text], list[Finding]]:
    """The descriptions of the conditions ``record`` does not meet, and an *error* for
    each value that could not be read."""
    unmet: list[Text] = []
    bad: list[Finding] = []
    values = record.values
    for requirement in tests:
        outcome = requirement.test(values)
        if outcome.unreadable:
            bad += unreadable(outcome, record)
        elif not outcome.ok:
            unmet.append(requirement.described)
    return unmet, bad


def select(
    records: tuple[Record, ...], filters: list[conditions.Test]
) -> tuple[tuple[Record, ...], list[Finding]]:
    """The rows that meet every compiled ``where`` condition, and the unreadable values
    met on the way."""
    values = [record.values for record in records]
    results = [[test(v) for v in values] for test in filters]  # column-wise, as in judge
    refused: set[int] = set()
    for outcomes in results:
        refused.update(i for i, outcome in enumerate(outcomes) if not outcome.ok)
    findings: list[Finding] = []
    for i in sorted(refused):
        for outcomes in results:
            findings += unreadable(outcomes[i], records[i])
    chosen = [record for i, record in enumerate(records) if i not in refused]
    return tuple(chosen), findings


def unreadable(outcome: conditions.Outcome, record: Record) -> list[Finding]:
    """An *error* per value of ``record`` that a condition could not read (not public)."""
    return [
        error(
            text(
                "waarde in kolom '{col}' niet leesbaar: {why}",
                "value in column '{col}' cannot be read: {why}",
                col=u.column,
                why=u.message,
            ),
            record.location.with_column(u.column),
        )
        for u in outcome.unreadable
    ]


def meta_date(ev: Evidence, key: str) -> tuple[date | None, list[Finding]]:
    """The date in metadata ``key`` of a document (None when absent or empty), or an
    *error* finding when the value is not a date."""
    raw = ev.meta(key)
    if is_empty(raw):
        return None, []
    try:
        return parse_date(raw), []
    except ValueParseError as exc:
        return None, [
            error(
                text(
                    "metadata '{key}' in {path} is geen datum: {why}",
                    "metadata '{key}' in {path} is not a date: {why}",
                    key=key,
                    path=ev.file.path,
                    why=exc.text,
                ),
                ev.location,
            )
        ]
