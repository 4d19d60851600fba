"""What both OSCAL documents share: the OSCAL version, ibpaudit's namespace for its own
property names, stable UUIDs and OSCAL-safe tokens and property values."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

OSCAL_VERSION = "1.1.2"
# The namespace of ibpaudit's own property and part names (OSCAL wants a URI).
NS = "https://pypi.org/project/ibpaudit/#oscal"
# uuid5(NAMESPACE_URL, NS): every UUID ibpaudit writes is uuid5 of this and content.
NAMESPACE = uuid.UUID("7134f745-95f7-53d7-a06b-71b67ff6ce44")

_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._-]+")
_SPACE = re.compile(r"\s+")


def stable_uuid(*parts: object) -> str:
    """The same parts give the same UUID in every run."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


def content_uuid(kind: str, body: Mapping[str, Any]) -> str:
    """A document's UUID from its content (timestamps left out by the caller)."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return stable_uuid(kind, hashlib.sha256(canonical.encode()).hexdigest())


def token(value: str) -> str:
    """An OSCAL token (NCName) from an ibpaudit ID: ``GO.P01`` -> ``go.p01``."""
    cleaned = _NOT_TOKEN.sub("-", value.strip()).strip("-").lower()
    if not cleaned or not (cleaned[0].isalpha() or cleaned[0] == "_"):
        cleaned = "_" + cleaned
    return cleaned


def one_line(value: object) -> str:
    """A value OSCAL accepts in a property or title: no surrounding or repeated space."""
    return _SPACE.sub(" ", str(value)).strip()


def prop(name: str, value: object, *, own: bool = True, cls: str | None = None) -> dict[str, Any]:
    """A property; ``own`` names are in ibpaudit's namespace, the others are OSCAL's."""
    out: dict[str, Any] = {"name": name, "value": one_line(value)}
    if own:
        out["ns"] = NS
    if cls is not None:
        out["class"] = cls
    return out


def props(*items: tuple[str, object]) -> list[dict[str, Any]]:
    """ibpaudit properties, leaving out the ones without a value."""
    return [prop(n, v) for n, v in items if v is not None and one_line(v) != ""]
