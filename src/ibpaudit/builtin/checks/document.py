"""``document``: a policy document is present, complete, adopted and not overdue.

Selects documents by their metadata ``type`` (front matter, docx properties or a
``.meta.yaml`` sidecar). When several exist, the current one (latest
``vastgesteld_op``) is judged. Parameters: ``type``; ``fields`` (metadata that must be
filled in); ``adopted_by`` (roles that may adopt it: ``vastgesteld_op`` must be on or
before the as-of date and ``vastgesteld_door`` one of these); ``review`` (true:
``volgende_review`` must be filled in and not passed); ``max_age`` (``vastgesteld_op``
no older than this); ``contains`` (phrases the text must mention); ``require``
(conditions on the metadata).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.model import (
    CheckContext,
    CheckOutcome,
    CheckType,
    Evidence,
    Finding,
    Location,
    Record,
    text,
)
from ibpaudit.values import ValueParseError, is_empty, normalise_name, parse_date, parse_duration

SCHEMA = checks.schema(
    {
        "type": {"type": "string", "minLength": 1},
        "fields": checks.COLUMNS,
        "adopted_by": checks.COLUMNS,
        "review": {"type": "boolean"},
        "max_age": checks.DURATION,
        "contains": checks.COLUMNS,
        "require": checks.CONDITIONS,
        "message": checks.TEXT_SCHEMA,
    },
    required=["type"],
)


def _adopted(ev: Evidence) -> date:
    try:
        return parse_date(ev.meta("vastgesteld_op"))
    except ValueParseError:
        return date.min


def current(docs: list[Evidence]) -> Evidence:
    """The most recently adopted document; ties keep the first by path."""
    return max(sorted(docs, key=lambda e: e.file.path, reverse=True), key=_adopted)


def _adoption(ctx: CheckContext, ev: Evidence, roles: list[str]) -> list[Finding]:
    adopted, findings = checks.meta_date(ev, "vastgesteld_op")
    where = ev.location
    if findings:
        return findings
    if adopted is None:
        return [
            checks.failed(
                text(
                    "{path} is niet vastgesteld: 'vastgesteld_op' ontbreekt",
                    "{path} has not been adopted: 'vastgesteld_op' is missing",
                    path=ev.file.path,
                ),
                where,
            )
        ]
    if adopted > ctx.as_of:
        findings.append(
            checks.failed(
                text(
                    "{path} wordt pas op {d} vastgesteld, na de peildatum {asof}",
                    "{path} is adopted only on {d}, after the as-of date {asof}",
                    path=ev.file.path,
                    d=adopted.isoformat(),
                    asof=ctx.as_of.isoformat(),
                ),
                where,
            )
        )
    by = ev.meta("vastgesteld_door")
    wanted = {normalise_name(r) for r in roles}
    if is_empty(by) or normalise_name(str(by)) not in wanted:
        findings.append(
            checks.failed(
                text(
                    "{path} is vastgesteld door '{by}'; verwacht: {roles}",
                    "{path} was adopted by '{by}'; expected: {roles}",
                    path=ev.file.path,
                    by=by or "-",
                    roles=", ".join(roles),
                ),
                where,
            )
        )
    return findings


def _review(ctx: CheckContext, ev: Evidence) -> list[Finding]:
    due, findings = checks.meta_date(ev, "volgende_review")
    if findings:
        return findings
    if due is None:
        return [
            checks.failed(
                text(
                    "{path}: 'volgende_review' ontbreekt; plan de volgende evaluatie",
                    "{path}: 'volgende_review' is missing; schedule the next review",
                    path=ev.file.path,
                ),
                ev.location,
            )
        ]
    if due < ctx.as_of:
        return [
            checks.failed(
                text(
                    "{path}: review was gepland op {d} en is {n} dagen te laat",
                    "{path}: review was due on {d} and is {n} days overdue",
                    path=ev.file.path,
                    d=due.isoformat(),
                    n=(ctx.as_of - due).days,
                ),
                ev.location,
            )
        ]
    return []


def _max_age(ctx: CheckContext, ev: Evidence, max_age: str) -> list[Finding]:
    adopted, findings = checks.meta_date(ev, "vastgesteld_op")
    if findings or adopted is None:
        return findings  # reported by the adoption or fields rule
    limit = parse_duration(max_age)
    if adopted < limit.subtract_from(ctx.as_of):
        return [
            checks.failed(
                text(
                    "{path} is vastgesteld op {d}, langer dan {age} geleden; stel het opnieuw vast",
                    "{path} was adopted on {d}, more than {age} ago; re-adopt it",
                    path=ev.file.path,
                    d=adopted.isoformat(),
                    age=text(limit.describe("nl"), limit.describe("en")),
                ),
                ev.location,
            )
        ]
    return []


def _pages(ev: Evidence, phrases: list[str]) -> list[Location]:
    """For a paged document, the page where each phrase was found: an auditor can turn
    straight to it."""
    found: list[Location] = []
    for phrase in phrases:
        wanted = phrase.casefold()
        page = next((n for n, body in enumerate(ev.pages, 1) if wanted in body.casefold()), None)
        if page is not None and all(loc.page != page for loc in found):
            found.append(Location(ev.file.path, ev.file.sha256, page=page))
    return found


def _contains(ev: Evidence, phrases: list[str]) -> list[Finding]:
    """Each phrase must occur in the text; a document without text (a scanned PDF)
    cannot show that, which is an *error*, never a pass."""
    if not phrases:
        return []
    if not ev.text.strip():
        return [
            checks.error(
                text(
                    "{path} heeft geen tekstlaag (gescand?); '{p}' is niet te controleren",
                    "{path} has no text layer (scanned?); '{p}' cannot be checked",
                    path=ev.file.path,
                    p="', '".join(phrases),
                ),
                ev.location,
            )
        ]
    body = ev.text.casefold()
    return [
        checks.failed(
            text(
                "{path} behandelt '{p}' niet",
                "{path} does not cover '{p}'",
                path=ev.file.path,
                p=phrase,
            ),
            ev.location,
        )
        for phrase in phrases
        if phrase.casefold() not in body
    ]


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    doc_type = params["type"]
    docs, unreadable = ctx.dossier.documents(doc_type)
    if not docs:
        if unreadable:
            return CheckOutcome(
                (
                    *(checks.error(ev.error or text("?", "?"), ev.location) for ev in unreadable),
                    checks.error(
                        text(
                            "geen leesbaar document van type '{t}'; herstel de bestanden hierboven",
                            "no readable document of type '{t}'; repair the files above",
                            t=doc_type,
                        )
                    ),
                )
            )
        return CheckOutcome(
            (
                checks.failed(
                    text(
                        "geen document met type '{t}' gevonden; geef het beleidsdocument "
                        "'type: {t}' in zijn metadata",
                        "no document of type '{t}' found; give the policy document "
                        "'type: {t}' in its metadata",
                        t=doc_type,
                    )
                ),
            )
        )
    ev = current(docs)
    findings: list[Finding] = []
    for field in params.get("fields", ()):
        if is_empty(ev.meta(field)):
            findings.append(
                checks.failed(
                    text(
                        "{path}: metadata '{f}' ontbreekt of is leeg",
                        "{path}: metadata '{f}' is missing or empty",
                        path=ev.file.path,
                        f=field,
                    ),
                    ev.location,
                )
            )
    if "adopted_by" in params:
        findings += _adoption(ctx, ev, params["adopted_by"])
    if params.get("review"):
        findings += _review(ctx, ev)
    if "max_age" in params:
        findings += _max_age(ctx, ev, params["max_age"])
    findings += _contains(ev, params.get("contains", ()))
    if "require" in params:
        values = {normalise_name(str(k)): v for k, v in ev.metadata.items()}
        _, more = checks.judge(
            ctx,
            [Record(values, ev.location)],
            None,
            params["require"],
            params.get("message"),
            ["titel"],
        )
        findings += more
    return CheckOutcome(tuple(findings), (ev.location, *_pages(ev, params.get("contains", ()))))


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="document",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text(
                "Document aanwezig, volledig, vastgesteld en op tijd geëvalueerd",
                "Document present, complete, adopted and reviewed on time",
            ),
        )
    ]
