"""The board beside its sector (``ibpaudit run --sector sector.json``): per norm, the
sector's median level and the board's percentile among the sector's boards, added to the
results document as ``norms[].sector`` (so every report can show it)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ibpaudit.errors import ConfigError, cannot_read
from ibpaudit.model import text
from ibpaudit.schemas import load_schema, schema_errors


class SectorFileError(ConfigError):
    """A sector.json that cannot be read or is not one."""


def load(path: Path) -> dict[str, Any]:
    """A ``sector.json`` written by ``ibpaudit sector``, validated against its schema."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise SectorFileError.of(cannot_read(path, exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SectorFileError.of(
            text(
                "{p}: geen geldige JSON; geef de sector.json die 'ibpaudit sector' schreef",
                "{p}: not valid JSON; pass the sector.json that 'ibpaudit sector' wrote",
                p=path,
            )
        ) from None
    errors = schema_errors(load_schema("sector"), data)
    if errors:
        raise SectorFileError.of(
            text(
                "{p}: geen sectordocument: {why}; geef de sector.json die 'ibpaudit sector' "
                "schreef",
                "{p}: not a sector document: {why}; pass the sector.json that 'ibpaudit "
                "sector' wrote",
                p=path,
                why=errors[0],
            )
        )
    return dict(data)


def percentile(level: int, levels: Mapping[str, int]) -> int:
    """The share of the sector's boards below ``level``, with half of those at it
    (the mid-rank percentile), 0 to 100."""
    total = sum(levels.values())
    below = sum(n for lv, n in levels.items() if int(lv) < level)
    equal = levels.get(str(level), 0)
    return round(100 * (below + equal / 2) / total) if total else 0


def compare(document: Mapping[str, Any], sector: Mapping[str, Any]) -> dict[str, Any]:
    """The document with ``sector`` on each norm the sector document has figures for: the
    number of boards, the median, the share at target and this board's percentile; or
    only ``too_few_boards`` where the sector holds too few boards to say anything."""
    figures = {n["id"]: n for n in sector.get("norms", ())}
    norms = []
    for norm in document["norms"]:
        found = figures.get(norm["id"])
        if found is None or norm["status"] == "skipped":
            norms.append(norm)
            continue
        if found["too_few_boards"]:
            extra: dict[str, Any] = {"too_few_boards": True}
        else:
            extra = {
                "too_few_boards": False,
                "boards": found["boards"],
                "median": found["median"],
                "at_target": found["at_target"],
                "percentile": percentile(norm["level_reached"] or 0, found["levels"]),
            }
        norms.append({**norm, "sector": extra})
    return {**document, "norms": norms}
