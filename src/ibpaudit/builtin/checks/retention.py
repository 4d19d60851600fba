"""``retention``: no retention period exceeds (or falls short of) what the law sets.

Compares each row of the retention schedule with the catalog's reference data
(``controls/reference/bewaartermijnen.yaml``), matching categories by id and aliases.
Parameters: ``register`` (default ``bewaartermijnen``), ``category_column`` (default
``categorie``), ``period_column`` (default ``bewaartermijn``), ``reference`` (default
``bewaartermijnen-po-vo``), ``required`` (reference category ids the schedule must
cover).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.model import CheckContext, CheckOutcome, CheckType, Finding, Text, text
from ibpaudit.values import Duration, ValueParseError, is_empty, normalise_name, parse_duration

SCHEMA = checks.schema(
    {
        "register": {"type": "string"},
        "category_column": {"type": "string"},
        "period_column": {"type": "string"},
        "reference": {"type": "string"},
        "required": checks.COLUMNS,
    }
)


def _index(reference: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    index: dict[str, Mapping[str, Any]] = {}
    for category in reference.get("categories", ()):
        for name in [category["id"], *category.get("aliases", ())]:
            index[normalise_name(str(name))] = category
    return index


def _bound(category: Mapping[str, Any], key: str) -> Duration | None:
    value = category.get(key)
    return None if is_empty(value) else parse_duration(value)


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    ref_id = params.get("reference", "bewaartermijnen-po-vo")
    reference = ctx.reference.get(ref_id)
    if reference is None:
        return CheckOutcome(
            (
                checks.error(
                    text(
                        "referentiegegevens '{r}' ontbreken in de catalogus",
                        "reference data '{r}' is missing from the catalog",
                        r=ref_id,
                    )
                ),
            )
        )
    cat_col = params.get("category_column", "categorie")
    period_col = params.get("period_column", "bewaartermijn")
    ev, findings = checks.register(ctx, params.get("register", "bewaartermijnen"))
    if ev is None:
        return CheckOutcome(tuple(findings))
    missing = checks.missing_columns(ev, {cat_col, period_col})
    if missing:
        return CheckOutcome(tuple(findings + missing), (ev.location,))
    if not ev.records:
        findings.append(
            checks.failed(text("{p} is leeg", "{p} is empty", p=ev.file.path), ev.location)
        )
    index = _index(reference)
    covered: set[str] = set()
    for record in ev.records:
        category = index.get(normalise_name(str(record.get(cat_col) or "")))
        if category is None:
            continue  # a board's own category: no legal bound to compare with
        covered.add(category["id"])
        where = record.location.with_column(period_col)
        try:
            period = parse_duration(record.get(period_col))
        except ValueParseError as exc:
            findings.append(
                checks.error(
                    text(
                        "bewaartermijn niet leesbaar: {why}",
                        "retention period cannot be read: {why}",
                        why=exc.text,
                    ),
                    where,
                )
            )
            continue
        title = Text.of(category.get("title", category["id"]))
        basis = text(
            "na {after}; referentie {ref}, bron {src}",
            "after {after}; reference {ref}, source {src}",
            after=Text.of(category.get("after", "?")),
            ref=f"{ref_id}#{category['id']}",
            src=category.get("source", "?"),
        )
        upper, lower = _bound(category, "max_retention"), _bound(category, "min_retention")
        if upper is not None and period > upper:
            findings.append(_out_of_bounds(period, upper, title, basis, where, longer=True))
        if lower is not None and period < lower:
            findings.append(_out_of_bounds(period, lower, title, basis, where, longer=False))
    for required in params.get("required", ()):
        if required not in covered:
            findings.append(
                checks.failed(
                    text(
                        "{p}: geen bewaartermijn voor categorie '{c}'",
                        "{p}: no retention period for category '{c}'",
                        p=ev.file.path,
                        c=required,
                    ),
                    ev.location,
                )
            )
    return CheckOutcome(tuple(findings), (ev.location,))


def _out_of_bounds(
    period: Duration, bound: Duration, title: Text, basis: Text, where: Any, *, longer: bool
) -> Finding:
    nl = "langer dan de maximale" if longer else "korter dan de minimale"
    en = "longer than the maximum" if longer else "shorter than the minimum"
    return checks.failed(
        text(
            "bewaartermijn {p} voor '{t}' is " + nl + " termijn van {b} ({basis})",
            "retention period {p} for '{t}' is " + en + " of {b} ({basis})",
            p=text(period.describe("nl"), period.describe("en")),
            t=title,
            b=text(bound.describe("nl"), bound.describe("en")),
            basis=basis,
        ),
        where,
    )


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="retention",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text(
                "Bewaartermijnen binnen de wettelijke grenzen",
                "Retention periods within legal limits",
            ),
        )
    ]
