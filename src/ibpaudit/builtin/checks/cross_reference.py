"""``cross_reference``: every selected row of one register has a matching row in another.

Example: every application that processes personal data appears, signed, in the
processor-agreement register. Parameters: ``from`` and ``to``, each with ``register``,
``key`` (columns compared case- and space-insensitively, position by position) and
optional ``where``; ``to.require`` are conditions at least one matching row must meet;
``message`` is the control's wording for a row without a (valid) match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.model import CheckContext, CheckOutcome, CheckType, Finding, Record, join, text
from ibpaudit.values import EMPTY_MARKERS

_SIDE = {
    "type": "object",
    "required": ["register", "key"],
    "properties": {
        "register": {"type": "string", "minLength": 1},
        "key": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "where": checks.CONDITIONS,
        "min_rows": {"type": "integer", "minimum": 0},
        "require": checks.CONDITIONS,
    },
    "additionalProperties": False,
}
SCHEMA = checks.schema(
    {"from": _SIDE, "to": _SIDE, "message": checks.TEXT_SCHEMA}, required=["from", "to"]
)


def _keys(records: Sequence[Record], columns: Sequence[str]) -> list[tuple[str, ...]]:
    """Each row's key, compared case-insensitively with runs of whitespace as one space.
    Built a column at a time with comprehensions: this runs over every row of both
    registers, and a function call per row would cost more than the work itself."""
    per_column = []
    for column in columns:
        texts = [
            "" if (v := r.values.get(column)) is None else v if type(v) is str else str(v)
            for r in records
        ]
        per_column.append(
            [
                (" ".join(t.split()) if "  " in t or "\t" in t or "\n" in t else t)
                .strip()
                .casefold()
                for t in texts
            ]
        )
    return list(zip(*per_column, strict=True))


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    source, target = params["from"], params["to"]
    if len(source["key"]) != len(target["key"]):
        return CheckOutcome(
            (
                checks.error(
                    text(
                        "control {c}: from.key en to.key noemen niet evenveel kolommen",
                        "control {c}: from.key and to.key name a different number of columns",
                        c=ctx.control.id,
                    )
                ),
            )
        )
    findings: list[Finding] = []
    files = []
    for side in (source, target):
        ev, found = checks.register(ctx, side["register"])
        findings += found
        if ev is not None:
            needed = set(side["key"]) | checks.condition_columns(
                side.get("where"), side.get("require")
            )
            missing = checks.missing_columns(ev, needed)
            findings += missing
            files.append(ev if not missing else None)
        else:
            files.append(None)
    src, dst = files
    if src is None or dst is None:
        locations = tuple(f.location for f in files if f is not None)
        return CheckOutcome(tuple(findings), locations)
    rows, more = checks.judge(ctx, src.records, source.get("where"), None)
    findings += more
    if not src.records and source.get("min_rows", 1) > 0:
        # An empty register proves nothing; rows that 'where' leaves out are fine
        # (every selected row has a counterpart, vacuously, when none is selected).
        findings.append(
            checks.failed(
                text(
                    "{path}: register is leeg; er is niets om te controleren",
                    "{path}: the register is empty; there is nothing to check",
                    path=src.file.path,
                ),
                src.location,
            )
        )
    candidates, more = checks.judge(ctx, dst.records, target.get("where"), None)
    findings += more
    index: dict[tuple[str, ...], list[Record]] = {}
    for record, target_key in zip(candidates, _keys(candidates, target["key"]), strict=True):
        index.setdefault(target_key, []).append(record)
    tests = checks.prepare(ctx.as_of, target.get("require"))
    for record, row_key in zip(rows, _keys(rows, source["key"]), strict=True):
        if not EMPTY_MARKERS.isdisjoint(row_key):  # a key cell left empty
            findings.append(
                checks.failed(
                    text(
                        "sleutel ({cols}) is niet ingevuld",
                        "key ({cols}) is not filled in",
                        cols=", ".join(source["key"]),
                    ),
                    record.location,
                )
            )
            continue
        matches = index.get(row_key, [])
        if not matches:
            label = checks.label(record, source["key"])
            fallback = text(
                "'{row}' staat niet in {path}",
                "'{row}' is not in {path}",
                row=label,
                path=dst.file.path,
            )
            findings.append(
                checks.failed(
                    checks.row_message(params.get("message"), record, fallback), record.location
                )
            )
            continue
        problems: list[Finding] = []
        for match in matches:
            unmet, bad = checks.misses(tests, match)
            if not unmet and not bad:
                break  # one valid counterpart is enough
            problems += bad
            if unmet:
                # One finding per matching row, naming every condition it misses.
                label = checks.label(record, source["key"])
                fallback = text(
                    "'{row}' staat in {path}",
                    "'{row}' is in {path}",
                    row=label,
                    path=dst.file.path,
                )
                message = checks.row_message(params.get("message"), record, fallback)
                problems.append(
                    checks.failed(
                        text(
                            "{m}; niet voldaan aan: {c}",
                            "{m}; not met: {c}",
                            m=message,
                            c=join(unmet),
                        ),
                        match.location,
                    )
                )
        else:
            findings += problems
    return CheckOutcome(tuple(findings), (src.location, dst.location))


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="cross_reference",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text(
                "Elke geselecteerde rij heeft een geldige tegenhanger in een ander register",
                "Every selected row has a valid counterpart in another register",
            ),
        )
    ]
