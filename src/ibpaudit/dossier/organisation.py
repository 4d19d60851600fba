"""``organisatie.yaml``: the types its known keys must have, checked once when it is read.

Schools, the sector and the board name flow into every report; a value of the wrong type
(``scholen: 3``, a ``sector`` written as a date) made the run crash or drop results.json.
It now makes the file unreadable with a message naming the key, so the controls that use
it are *error* and everything else still runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jsonschema

from ibpaudit.dossier.config import schema_message
from ibpaudit.model import Evidence, text
from ibpaudit.yamlio import line_of

_SCHOOLS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "brin": {"type": ["string", "integer"]},
            "naam": {"type": ["string", "null"]},
            "name": {"type": ["string", "null"]},
        },
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "bestuur": {"type": ["string", "object", "null"]},
        "board": {"type": ["string", "object", "null"]},
        "sector": {"type": ["string", "null"]},
        "scholen": _SCHOOLS,
        "schools": _SCHOOLS,
        "rollen": {"type": ["object", "null"]},
        "roles": {"type": ["object", "null"]},
    },
}


def checked(ev: Evidence) -> Evidence:
    """``ev`` as read, or unreadable when a known key has the wrong type."""
    if ev.error is not None:
        return ev
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(ev.metadata), key=str)
    if not errors:
        return ev
    first = errors[0]
    place = ".".join(str(p) for p in first.absolute_path) or "(top)"
    line = line_of(ev.metadata, list(first.absolute_path))
    where = f"{ev.file.path}:{line}" if line and first.absolute_path else ev.file.path
    message = f"{where}: {place}: {schema_message(first)}"
    return replace(ev, error=text("{m}", "{m}", m=message))
