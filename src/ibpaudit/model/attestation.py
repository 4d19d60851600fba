"""What an attestation file says of itself: who signed it, in which role, when, and until
when it holds. Shared by the attestation check and the results document, which lists
every attestation so a report can show who vouched for what."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit.model.evidence import Evidence
from ibpaudit.values import ValueParseError, normalise_name, parse_date


def signer(ev: Evidence) -> tuple[Any, Any]:
    """(name, role) from ``ondertekend_door: {naam, rol}`` or a flat ``ondertekend_door``
    with a separate ``rol``."""
    signed_by = ev.meta("ondertekend_door")
    if isinstance(signed_by, Mapping):
        lowered = {normalise_name(str(k)): v for k, v in signed_by.items()}
        return lowered.get("naam") or lowered.get("name"), lowered.get("rol") or lowered.get("role")
    return signed_by, ev.meta("rol")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value).isoformat()
    except ValueParseError:
        return str(value)  # shown as written; the attestation check reports it


def summary(ev: Evidence) -> dict[str, Any]:
    """One attestation for the results document."""
    name, role = signer(ev)
    statement = ev.meta("verklaring")
    return {
        "id": str(ev.meta("id") or ""),
        "path": ev.file.path,
        "sha256": ev.file.sha256,
        "statement": " ".join(str(statement).split()) if statement is not None else None,
        "signed_by": None if name is None else str(name),
        "role": None if role is None else str(role),
        "signed_on": _iso(ev.meta("ondertekend_op")),
        "valid_until": _iso(ev.meta("geldig_tot")),
    }
