"""``register``: a register exists, has the required columns, and its rows meet conditions.

Parameters: ``register`` (name, e.g. ``verwerkersovereenkomsten``), ``columns`` (required
columns), ``where`` (which rows to judge), ``require`` (what each selected row must
meet), ``min_rows`` (default 1: an empty register is never a pass), ``label`` (columns
that name a row in messages), ``message`` (the control's own wording for a failing row;
``{column}`` placeholders take the row's values).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.model import CheckContext, CheckOutcome, CheckType, text
from ibpaudit.model.rowfindings import Findings

SCHEMA = checks.schema(
    {
        "register": {"type": "string", "minLength": 1},
        "columns": checks.COLUMNS,
        "where": checks.CONDITIONS,
        "require": checks.CONDITIONS,
        "min_rows": {"type": "integer", "minimum": 0},
        "label": checks.COLUMNS,
        "message": checks.TEXT_SCHEMA,
    },
    required=["register"],
)


def needed_columns(params: Mapping[str, Any]) -> set[str]:
    return set(params.get("columns", ())) | checks.condition_columns(
        params.get("where"), params.get("require")
    )


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    ev, findings = checks.register(ctx, params["register"])
    if ev is None:
        return CheckOutcome(tuple(findings))
    missing = checks.missing_columns(ev, needed_columns(params))
    if missing:
        return CheckOutcome(tuple(findings + missing), (ev.location,))
    min_rows = params.get("min_rows", 1)
    if len(ev.records) < min_rows:
        findings.append(
            checks.failed(
                text(
                    "{path} heeft {n} rijen; er zijn er ten minste {m} nodig "
                    "(een leeg register is geen bewijs)",
                    "{path} has {n} rows; at least {m} are needed "
                    "(an empty register is no evidence)",
                    path=ev.file.path,
                    n=len(ev.records),
                    m=min_rows,
                ),
                ev.location,
            )
        )
    _, row_findings = checks.judge_rows(
        ctx,
        ev.records,
        params.get("where"),
        params.get("require"),
        params.get("message"),
        params.get("label"),
    )
    return CheckOutcome(Findings.of(findings, row_findings), (ev.location,))


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="register",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text(
                "Register aanwezig, met de vereiste kolommen en rijen die aan de voorwaarden "
                "voldoen",
                "Register present, with the required columns and rows that meet the conditions",
            ),
        )
    ]
