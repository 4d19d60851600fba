"""``attestation``: a signed statement for what no file can show.

An attestation is a YAML file in ``attestaties/`` with ``id``, ``verklaring`` (the
statement), ``ondertekend_door`` (``naam`` and ``rol``), ``ondertekend_op`` and optionally
``geldig_tot``. Parameters: ``id``; ``roles`` (who may sign); ``max_age`` (how old the
signature may be). When ``organisatie.yaml`` names the holder of the signing role
(``rollen: {rol: {naam: ...}}``), the signer must be that person.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import checks, hookimpl
from ibpaudit.model import CheckContext, CheckOutcome, CheckType, Evidence, Finding, text
from ibpaudit.model.attestation import signer
from ibpaudit.values import is_empty, normalise_name, parse_duration

SCHEMA = checks.schema(
    {
        "id": {"type": "string", "minLength": 1},
        "roles": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "max_age": checks.DURATION,
    },
    required=["id", "roles", "max_age"],
)


def _role_holder(ctx: CheckContext, role: str) -> str | None:
    org = ctx.dossier.organisation()
    if org is None:
        return None
    roles = org.meta("rollen")
    if not isinstance(roles, Mapping):
        return None
    for key, holder in roles.items():
        if normalise_name(str(key)) == normalise_name(role):
            name = holder.get("naam") if isinstance(holder, Mapping) else holder
            return str(name) if name else None
    return None


def _by_id(ctx: CheckContext) -> tuple[dict[str, list[Evidence]], list[Evidence]]:
    """The dossier's attestations by normalised ``id``, and the unreadable ones: made
    once per dossier (view) and shared by the run's attestation checks, not one pass
    over every attestation per check."""

    def make() -> tuple[dict[str, list[Evidence]], list[Evidence]]:
        by_id: dict[str, list[Evidence]] = {}
        broken: list[Evidence] = []
        for ev in ctx.dossier.attestations():
            if ev.error is not None:
                broken.append(ev)
            else:
                by_id.setdefault(normalise_name(str(ev.meta("id") or "")), []).append(ev)
        return by_id, broken

    return ctx.shared.get(("ibpaudit.attestation.by_id",), make, ctx.dossier)


def evaluate(ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
    by_id, broken = _by_id(ctx)
    candidates = by_id.get(normalise_name(params["id"]), [])
    if not candidates:
        if broken:
            return CheckOutcome(
                tuple(checks.error(ev.error, ev.location) for ev in broken if ev.error)
            )
        return CheckOutcome(
            (
                checks.failed(
                    text(
                        "geen verklaring met id '{id}' in attestaties/; laat de verantwoordelijke "
                        "({roles}) er een ondertekenen",
                        "no attestation with id '{id}' in attestaties/; have the responsible "
                        "role ({roles}) sign one",
                        id=params["id"],
                        roles=", ".join(params["roles"]),
                    )
                ),
            )
        )
    ev = max(candidates, key=lambda e: str(e.meta("ondertekend_op") or ""))
    path = ev.file.path
    findings: list[Finding] = []
    if is_empty(ev.meta("verklaring")):
        findings.append(
            checks.failed(
                text("{p}: 'verklaring' is leeg", "{p}: 'verklaring' is empty", p=path),
                ev.location,
            )
        )
    name, role = signer(ev)
    allowed = {normalise_name(r) for r in params["roles"]}
    if is_empty(name) or is_empty(role) or normalise_name(str(role)) not in allowed:
        findings.append(
            checks.failed(
                text(
                    "{p}: ondertekend door '{n}' als '{r}'; vereist: naam en een rol uit {roles}",
                    "{p}: signed by '{n}' as '{r}'; required: a name and a role from {roles}",
                    p=path,
                    n=name or "-",
                    r=role or "-",
                    roles=", ".join(params["roles"]),
                ),
                ev.location,
            )
        )
    elif (holder := _role_holder(ctx, str(role))) and normalise_name(holder) != normalise_name(
        str(name)
    ):
        findings.append(
            checks.failed(
                text(
                    "{p}: ondertekend door '{n}', maar organisatie.yaml noemt '{h}' als {r}",
                    "{p}: signed by '{n}', but organisatie.yaml names '{h}' as {r}",
                    p=path,
                    n=name,
                    h=holder,
                    r=role,
                ),
                ev.location,
            )
        )
    signed, problems = checks.meta_date(ev, "ondertekend_op")
    findings += problems
    limit = parse_duration(params["max_age"])
    if signed is None and not problems:
        findings.append(
            checks.failed(
                text(
                    "{p}: 'ondertekend_op' ontbreekt",
                    "{p}: 'ondertekend_op' is missing",
                    p=path,
                ),
                ev.location,
            )
        )
    elif signed is not None and not (limit.subtract_from(ctx.as_of) <= signed <= ctx.as_of):
        findings.append(
            checks.failed(
                text(
                    "{p}: ondertekend op {d}; een verklaring mag niet ouder zijn dan {age} "
                    "en niet na de peildatum liggen",
                    "{p}: signed on {d}; an attestation may be no older than {age} "
                    "and not after the as-of date",
                    p=path,
                    d=signed.isoformat(),
                    age=text(limit.describe("nl"), limit.describe("en")),
                ),
                ev.location,
            )
        )
    valid_until, problems = checks.meta_date(ev, "geldig_tot")
    findings += problems
    if valid_until is not None and valid_until < ctx.as_of:
        findings.append(
            checks.failed(
                text(
                    "{p}: geldig tot {d}, verlopen",
                    "{p}: valid until {d}, expired",
                    p=path,
                    d=valid_until.isoformat(),
                ),
                ev.location,
            )
        )
    return CheckOutcome(tuple(findings), (ev.location,))


@hookimpl
def ibpaudit_check_types() -> list[CheckType]:
    return [
        CheckType(
            name="attestation",
            evaluate=evaluate,
            schema=SCHEMA,
            description=text(
                "Ondertekende verklaring door een bevoegde rol, niet te oud",
                "Signed statement by an authorised role, not too old",
            ),
        )
    ]
