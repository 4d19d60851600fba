"""``organisatie.yaml``: the types its known keys must have, checked once when it is read.

Schools, the sector and the board name flow into every report; a value of the wrong type
(``scholen: 3``, a ``sector`` written as a date) made the run crash or drop results.json.
It now makes the file unreadable with a message naming the key, so the controls that use
it are *error* and everything else still runs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ibpaudit.model import Evidence
from ibpaudit.schemas import remembered
from ibpaudit.schemas.phrasing import located, schema_issues

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


def checked(ev: Evidence, root: Path | None = None) -> Evidence:
    """``ev`` as read, or unreadable when a known key has the wrong type. ``root`` is
    the dossier (a pass is remembered outside it, see :mod:`ibpaudit.schemas.remembered`)."""
    if ev.error is not None:
        return ev
    meta = ev.metadata
    issues = remembered.unless_known(SCHEMA, meta, root, lambda: schema_issues(SCHEMA, meta))
    if not issues:
        return ev
    _, message = located(ev.file.path, ev.metadata, issues[0])
    return replace(ev, error=message)
