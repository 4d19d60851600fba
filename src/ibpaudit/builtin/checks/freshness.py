"""``freshness``: the evidence is recent enough.

For a register (``register``, ``column``): the newest date in ``column`` among the rows
selected by ``where`` must lie within ``max_age`` before the as-of date (``each: true``
demands it of every row). For a document (``document_type``, ``field``, default
``vastgesteld_op``): that metadata date must. No date at all is a failure: missing
evidence is never a pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.builtin.checks.document import current
from ibpaudit.model import CheckContext, CheckOutcome, CheckType, Finding, Location, text
from ibpaudit.values import ValueParseError, is_empty, parse_date, parse_duration

SCHEMA = checks.schema(
    {
        "register": {"type": "string", "minLength": 1},
        "column": {"type": "string", "minLength": 1},
        "document_type": {"type": "string", "minLength": 1},
        "field": {"type": "string", "minLength": 1},
        "max_age": checks.DURATION,
        "where": checks.CONDITIONS,
        "each": {"type": "boolean"},
    },
    required=["max_age"],
)
SCHEMA["oneOf"] = [
    {"required": ["register", "column"], "not": {"required": ["document_type"]}},
    {"required": ["document_type"], "not": {"required": ["register"]}},
]


def _stale(ctx: CheckContext, when: date, max_age: str, where: Location, what: str) -> Finding:
    limit = parse_duration(max_age)
    return checks.failed(
        text(
            "{what}: laatste datum {d} is ouder dan {age} (peildatum {asof})",
            "{what}: latest date {d} is older than {age} (as-of date {asof})",
            what=what,
            d=when.isoformat(),
            age=text(limit.describe("nl"), limit.describe("en")),
            asof=ctx.as_of.isoformat(),
        ),
        where,
    )


def _fresh(ctx: CheckContext, when: date, max_age: str) -> bool:
    return parse_duration(max_age).subtract_from(ctx.as_of) <= when <= ctx.as_of


def _register(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    ev, findings = checks.register(ctx, params["register"])
    if ev is None:
        return CheckOutcome(tuple(findings))
    column = params["column"]
    missing = checks.missing_columns(ev, {column})
    if missing:
        return CheckOutcome(tuple(findings + missing), (ev.location,))
    rows, more = checks.judge(ctx, ev.records, params.get("where"), None)
    findings += more
    newest: tuple[date, Location] | None = None
    for record in rows:
        raw = record.get(column)
        if is_empty(raw):
            continue
        try:
            when = parse_date(raw)
        except ValueParseError as exc:
            findings.append(
                checks.error(
                    text("datum niet leesbaar: {why}", "date cannot be read: {why}", why=exc.text),
                    record.location.with_column(column),
                )
            )
            continue
        if when > ctx.as_of:
            continue  # planned, not yet evidence
        if params.get("each") and not _fresh(ctx, when, params["max_age"]):
            findings.append(_stale(ctx, when, params["max_age"], record.location, ev.file.path))
        if newest is None or when > newest[0]:
            newest = (when, record.location.with_column(column))
    if newest is None:
        findings.append(
            checks.failed(
                text(
                    "{path}: geen datum in kolom '{col}' op of vóór de peildatum",
                    "{path}: no date in column '{col}' on or before the as-of date",
                    path=ev.file.path,
                    col=column,
                ),
                ev.location,
            )
        )
    elif not params.get("each") and not _fresh(ctx, newest[0], params["max_age"]):
        findings.append(_stale(ctx, newest[0], params["max_age"], newest[1], ev.file.path))
    evidence = (ev.location,) + ((newest[1],) if newest else ())
    return CheckOutcome(tuple(findings), evidence)


def _document(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    docs, unreadable = ctx.dossier.documents(params["document_type"])
    if not docs:
        status = checks.error if unreadable else checks.failed
        return CheckOutcome(
            (
                status(
                    text(
                        "geen (leesbaar) document van type '{t}'",
                        "no (readable) document of type '{t}'",
                        t=params["document_type"],
                    )
                ),
            )
        )
    ev = current(docs)
    field = params.get("field", "vastgesteld_op")
    when, findings = checks.meta_date(ev, field)
    if findings:
        return CheckOutcome(tuple(findings), (ev.location,))
    if when is None:
        findings.append(
            checks.failed(
                text(
                    "{path}: metadata '{f}' ontbreekt",
                    "{path}: metadata '{f}' is missing",
                    path=ev.file.path,
                    f=field,
                ),
                ev.location,
            )
        )
    elif not _fresh(ctx, when, params["max_age"]):
        findings.append(_stale(ctx, when, params["max_age"], ev.location, ev.file.path))
    return CheckOutcome(tuple(findings), (ev.location,))


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    return _register(ctx, params) if "register" in params else _document(ctx, params)


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="freshness",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text("Bewijs is recent genoeg", "Evidence is recent enough"),
        )
    ]
