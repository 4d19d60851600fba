"""Example ibpaudit check-type plugin: ``unique_values``, no two rows of a register share
a value (or a combination of values) that must be unique.

A board keeps one processor agreement per product; two rows for one product mean a
duplicate or an outdated agreement that was never removed. In a control::

    levels:
      3:
        - check: unique_values
          register: verwerkersovereenkomsten
          columns: [leverancier, product]

Each row that repeats an earlier row's values is *failed*, naming both rows; rows with
an empty value in one of the columns are not compared. A missing register fails, a
missing column is an *error*, as with the built-in ``register`` check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import CheckContext, CheckOutcome, CheckType, checks, hookimpl, text

PARAMS = checks.schema(
    {
        "register": {"type": "string", "minLength": 1},
        "columns": {**checks.COLUMNS, "minItems": 1},
    },
    required=["register", "columns"],
)


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    ev, findings = checks.register(ctx, params["register"])
    if ev is None:
        return CheckOutcome(tuple(findings))
    columns = params["columns"]
    findings += checks.missing_columns(ev, columns)
    if findings:
        return CheckOutcome(tuple(findings), (ev.location,))
    first_seen: dict[tuple[str, ...], int] = {}
    for record in ev.records:
        values = [record.get(column) for column in columns]
        if any(value is None for value in values):
            continue
        key = tuple(str(value).strip().casefold() for value in values)
        if key not in first_seen:
            first_seen[key] = record.location.row or 0
            continue
        findings.append(
            checks.failed(
                text(
                    "{row}: komt al voor in rij {first} ({cols} moet uniek zijn)",
                    "{row}: already in row {first} ({cols} must be unique)",
                    row=checks.label(record, columns),
                    first=first_seen[key],
                    cols=", ".join(columns),
                ),
                record.location,
            )
        )
    return CheckOutcome(tuple(findings), (ev.location,))


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="unique_values",
            evaluate=evaluate,
            schema=PARAMS,
            description=text(
                "Geen dubbele rijen in het register",
                "No duplicate rows in the register",
            ),
        )
    ]
