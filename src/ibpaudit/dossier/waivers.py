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
from ibpaudit.model import Location, Waiver
from ibpaudit.model.vocabulary import WAIVER_FILE as WAIVER_FILE
from ibpaudit.schemas import load_schema, validator
from ibpaudit.values import Duration, ValueParseError, normalise_name, parse_date
from ibpaudit.yamlio import LineDict, YamlError, load_yaml_file

MAX_BYTES = 1024 * 1024  # a size guard, checked before the file is read
# No waiver may run longer than this after its approval (a waiver is temporary by design);
# ``ontheffingen.max_termijn_maanden`` in ibpaudit.yaml sets another.
MAX_HORIZON = Duration(years=1)


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
            raise ConfigError(
                f"{_where(item)}: waiver misses {', '.join(missing)}; a waiver needs "
                f"{', '.join(REQUIRED)}"
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
        raise ConfigError(str(exc)) from exc
    if raw is None:
        return []
    items = raw.get("waivers", raw.get("ontheffingen")) if isinstance(raw, Mapping) else raw
    items = [_normalise(i) for i in items] if isinstance(items, list) else items
    if isinstance(items, list):
        _require_keys(items)
    errors = sorted(validator(SCHEMA).iter_errors(items), key=str)
    if errors:
        first = errors[0]
        index = next((p for p in first.absolute_path if isinstance(p, int)), None)
        where = _where(items[index]) if index is not None else WAIVER_FILE
        place = ".".join(str(p) for p in first.absolute_path) or "(top)"
        raise ConfigError(
            f"{where}: waiver {place}: {first.message}; a waiver needs control, reden "
            "(at least 10 characters), aangevraagd_door, goedgekeurd_door, goedgekeurd_op "
            "and verloopt_op"
        )
    roles = role_holders(root)
    known = set(control_ids)
    waivers = []
    for item in items:
        line = item.line  # every waiver is a LineDict once the schema has passed it
        where = _where(item)
        control = item["control"]
        if control not in known:
            raise ConfigError(f"{where}: waiver for unknown control '{control}'; check the ID")
        try:
            expires = parse_date(item["verloopt_op"])
            approved_on = parse_date(item["goedgekeurd_op"])
        except ValueParseError as exc:
            raise ConfigError(f"{where}: waiver for '{control}': {exc.text.en}") from exc
        requester = item["aangevraagd_door"]
        approver = item["goedgekeurd_door"]
        if same_person(requester, approver, roles):
            raise ConfigError(
                f"{where}: waiver for '{control}' is approved by its own requester "
                f"('{approver}' is '{requester}'); another person must approve it"
            )
        if expires < approved_on:
            raise ConfigError(f"{where}: waiver for '{control}' expires before it was approved")
        try:
            latest = horizon.add_to(approved_on)
        except ValueParseError as exc:  # approved in year 9999: no horizon after it
            raise ConfigError(
                f"{where}: waiver for '{control}': goedgekeurd_op: {exc.text.en}; "
                "check the approval date"
            ) from None
        if expires > latest:
            raise ConfigError(
                f"{where}: waiver for '{control}' runs until {expires.isoformat()}, more than "
                f"{horizon.describe('en')} after its approval on {approved_on.isoformat()}; "
                "approve it again when it expires instead"
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
