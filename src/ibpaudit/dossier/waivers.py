"""``waivers.yaml``: accepted exceptions, validated before anything is evaluated.

A waiver covers a *failed* control until its expiry date (inclusive). An expired
waiver covers nothing and is reported; a malformed waiver file stops the run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ibpaudit.dossier.identity import role_holders, same_person
from ibpaudit.errors import ConfigError
from ibpaudit.i18n import Text, text
from ibpaudit.model import Location, Waiver
from ibpaudit.model.vocabulary import WAIVER_FILE as WAIVER_FILE
from ibpaudit.schemas import load_schema, remembered, validator
from ibpaudit.values import Duration, ValueParseError, normalise_name, parse_date
from ibpaudit.yamlio import LineDict, YamlError, load_yaml_file

MAX_BYTES = 1024 * 1024  # a size guard, checked before the file is read
# No waiver may run longer than this after its approval (a waiver is temporary by design);
# ``ontheffingen.max_termijn_maanden`` in ibpaudit.yaml sets another.
MAX_HORIZON = Duration(years=1)


def _error(nl: str, en: str, **params: object) -> ConfigError:
    """A waivers.yaml error in both languages (``str()`` is the English)."""
    message = text(nl, en, **params)
    return ConfigError(message.en, {"nl": message.nl})


def horizon(months: int) -> Duration:
    """``ontheffingen.max_termijn_maanden`` as a duration (whole years read as years)."""
    return Duration(years=months // 12) if months % 12 == 0 else Duration(months=months)


_ENGLISH = {
    "reason": "reden",
    "requested_by": "aangevraagd_door",
    "approved_by": "goedgekeurd_door",
    "approved_on": "goedgekeurd_op",
    "expires": "verloopt_op",
    "expires_on": "verloopt_op",
}
SCHEMA: dict[str, Any] = load_schema("waivers")  # of the items, English keys mapped
REQUIRED: tuple[str, ...] = tuple(SCHEMA["items"]["required"])


def _normalise(item: Any) -> Any:
    if not isinstance(item, Mapping):
        return item
    out = LineDict()
    out.line = getattr(item, "line", 0)
    for key, value in item.items():
        name = normalise_name(str(key))
        out[_ENGLISH.get(name, name)] = value
    return out


def _where(item: Any) -> str:
    line = getattr(item, "line", 0)
    return f"{WAIVER_FILE}:{line}" if line else WAIVER_FILE


def _require_keys(items: list[Any]) -> None:
    """A missing key is named in our own words, before the schema's."""
    for item in items:
        if not isinstance(item, Mapping):
            continue
        missing = [key for key in REQUIRED if key not in item]
        if missing:
            raise _error(
                "{where}: aan de ontheffing ontbreekt {missing}; een ontheffing vraagt {required}",
                "{where}: waiver misses {missing}; a waiver needs {required}",
                where=_where(item),
                missing=", ".join(missing),
                required=", ".join(REQUIRED),
            )


def load_waivers(
    root: Path, control_ids: Iterable[str], horizon: Duration = MAX_HORIZON
) -> list[Waiver]:
    """Read and validate the dossier's waivers; any problem is a ConfigError (exit 2)."""
    path = root / WAIVER_FILE
    if not path.is_file():
        return []
    try:
        raw = load_yaml_file(path, WAIVER_FILE, MAX_BYTES)
    except YamlError as exc:
        raise ConfigError.of(exc.as_text()) from exc
    if raw is None:
        return []
    items = raw.get("waivers", raw.get("ontheffingen")) if isinstance(raw, Mapping) else raw
    items = [_normalise(i) for i in items] if isinstance(items, list) else items
    if isinstance(items, list):
        _require_keys(items)
    errors = remembered.unless_known(
        SCHEMA, items, root, lambda: sorted(validator(SCHEMA).iter_errors(items), key=str)
    )
    if errors:
        first = errors[0]
        index = next((p for p in first.absolute_path if isinstance(p, int)), None)
        where = _where(items[index]) if index is not None else WAIVER_FILE
        place = ".".join(str(p) for p in first.absolute_path) or "(top)"
        raise _error(
            "{where}: ontheffing {place}: {issue}; een ontheffing vraagt control, reden "
            "(minstens 10 tekens), aangevraagd_door, goedgekeurd_door, goedgekeurd_op "
            "en verloopt_op",
            "{where}: waiver {place}: {issue}; a waiver needs control, reden "
            "(at least 10 characters), aangevraagd_door, goedgekeurd_door, goedgekeurd_op "
            "and verloopt_op",
            where=where,
            place=place,
            issue=first.message,
        )
    roles = role_holders(root)
    known = set(control_ids)
    waivers = []
    for item in items:
        line = item.line  # every waiver is a LineDict once the schema has passed it
        where = _where(item)
        control = item["control"]
        if control not in known:
            raise _error(
                "{where}: ontheffing voor onbekende maatregel '{control}'; controleer de ID",
                "{where}: waiver for unknown control '{control}'; check the ID",
                where=where,
                control=control,
            )
        try:
            expires = parse_date(item["verloopt_op"])
            approved_on = parse_date(item["goedgekeurd_op"])
        except ValueParseError as exc:
            raise _error(
                "{where}: ontheffing voor '{control}': {why}",
                "{where}: waiver for '{control}': {why}",
                where=where,
                control=control,
                why=exc.text,
            ) from exc
        requester = item["aangevraagd_door"]
        approver = item["goedgekeurd_door"]
        if same_person(requester, approver, roles):
            raise _error(
                "{where}: ontheffing voor '{control}' is goedgekeurd door de aanvrager zelf "
                "('{approver}' is '{requester}'); een ander moet haar goedkeuren",
                "{where}: waiver for '{control}' is approved by its own requester "
                "('{approver}' is '{requester}'); another person must approve it",
                where=where,
                control=control,
                approver=approver,
                requester=requester,
            )
        if expires < approved_on:
            raise _error(
                "{where}: ontheffing voor '{control}' verloopt voordat ze is goedgekeurd",
                "{where}: waiver for '{control}' expires before it was approved",
                where=where,
                control=control,
            )
        try:
            latest = horizon.add_to(approved_on)
        except ValueParseError as exc:  # approved in year 9999: no horizon after it
            raise _error(
                "{where}: ontheffing voor '{control}': goedgekeurd_op: {why}; controleer de "
                "datum van goedkeuring",
                "{where}: waiver for '{control}': goedgekeurd_op: {why}; check the approval date",
                where=where,
                control=control,
                why=exc.text,
            ) from None
        if expires > latest:
            raise _error(
                "{where}: ontheffing voor '{control}' loopt tot {expires}, meer dan {span} na "
                "de goedkeuring op {approved}; keur haar liever opnieuw goed als ze verloopt",
                "{where}: waiver for '{control}' runs until {expires}, more than {span} after "
                "its approval on {approved}; approve it again when it expires instead",
                where=where,
                control=control,
                expires=expires.isoformat(),
                approved=approved_on.isoformat(),
                span=Text(nl=horizon.describe("nl"), en=horizon.describe("en")),
            )
        waivers.append(
            Waiver(
                control=control,
                reason=item["reden"],
                approved_by=approver,
                expires=expires,
                requested_by=requester,
                approved_on=approved_on,
                location=Location(WAIVER_FILE, line=line or None),
            )
        )
    return waivers
