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
from ibpaudit.model import (
    CheckContext,
    CheckOutcome,
    CheckType,
    Finding,
    Record,
    Status,
    Text,
    join,
    text,
)
from ibpaudit.model.rowfindings import Collector
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


def _side(
    ctx: CheckContext, records: tuple[Record, ...], side: Mapping[str, Any]
) -> tuple[list[Record], list[tuple[str, ...]], tuple[Finding, ...]]:
    """The rows ``side.where`` selects, their keys, and the unreadable values met: made
    once per run for each register, selection and key (many controls start from the
    same applications)."""

    def make() -> tuple[list[Record], list[tuple[str, ...]], tuple[Finding, ...]]:
        rows, found = checks.judge(ctx, records, side.get("where"), None)
        return rows, _keys(rows, side["key"]), tuple(found)

    shape = checks.fingerprint(side.get("where"), side["key"])
    if shape is None:
        return make()
    return ctx.shared.get(("ibpaudit.cross_reference.side", shape, ctx.as_of), make, records)


def _index(
    ctx: CheckContext, records: tuple[Record, ...], side: Mapping[str, Any]
) -> tuple[Mapping[tuple[str, ...], list[Record]], tuple[Finding, ...]]:
    """The selected rows of the target register by key, built once per run for each
    register, selection and key."""

    def make() -> tuple[dict[tuple[str, ...], list[Record]], tuple[Finding, ...]]:
        rows, keys, found = _side(ctx, records, side)
        index: dict[tuple[str, ...], list[Record]] = {}
        for record, key in zip(rows, keys, strict=True):
            index.setdefault(key, []).append(record)
        return index, found

    shape = checks.fingerprint(side.get("where"), side["key"])
    if shape is None:
        return make()
    return ctx.shared.get(("ibpaudit.cross_reference.index", shape, ctx.as_of), make, records)


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
    rows, row_keys, more = _side(ctx, src.records, source)
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
    index, more = _index(ctx, dst.records, target)
    findings += more
    tests = checks.prepare(ctx.as_of, target.get("require"))
    # Every message is prepared once per check; a row only fills in its own values.
    custom = params.get("message")
    if custom is not None:
        absent = present = checks.RowTemplate(custom)
    else:
        path = dst.file.path
        absent = checks.RowTemplate(
            Text("'{row}' staat niet in {path}", "'{row}' is not in {path}"), path=path
        )
        present = checks.RowTemplate(
            Text("'{row}' staat in {path}", "'{row}' is in {path}"), path=path
        )
    unfilled = text(
        "sleutel ({cols}) is niet ingevuld",
        "key ({cols}) is not filled in",
        cols=", ".join(source["key"]),
    )

    def said(template: checks.RowTemplate, record: Record) -> Text:
        """The control's message for this row, or the fallback naming the row by its key
        (made only when there is no message of the control's own)."""
        if custom is not None:
            return template.render(record.values)
        return template.render({"row": checks.label(record, source["key"])})

    # A row without a counterpart is held as the row and its message's values (its
    # finding made when read): there may be 100,000 such rows, in a dozen checks.
    out = Collector()
    out.extend(findings)
    for record, row_key in zip(rows, row_keys, strict=True):
        if not EMPTY_MARKERS.isdisjoint(row_key):  # a key cell left empty
            out.row(Status.FAILED, unfilled, record)
            continue
        matches = index.get(row_key)
        if not matches:
            out.row(Status.FAILED, said(absent, record), record)
            continue
        problems: list[Finding] = []
        for match in matches:
            unmet, bad = checks.misses(tests, match)
            if not unmet and not bad:
                break  # one valid counterpart is enough
            problems += bad
            if unmet:
                # One finding per matching row, naming every condition it misses.
                message = said(present, record)
                cond = join(unmet)
                problems.append(
                    checks.failed(
                        Text(
                            f"{message.nl}; niet voldaan aan: {cond.nl}",
                            f"{message.en}; not met: {cond.en}",
                        ),
                        match.location,
                    )
                )
        else:
            out.extend(problems)
    return CheckOutcome(out.findings(), (src.location, dst.location))


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
