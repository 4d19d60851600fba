"""``sector.json`` from the store, with SQL: per norm the distribution of levels, the share
of boards at target and the median; per domain the share of norms at target; the norms
that lag most; the trend over as-of dates. Each board counts with its latest as-of date
(older ones make the trend). A norm a board skipped (not applicable) does not count for
it; a norm in error counts as level 0 (not shown to be met).

Privacy: no board is named unless ``named``; a figure about fewer than ``MIN_BOARDS``
boards is left out (``null``) and marked ``too_few_boards``."""

from __future__ import annotations

from typing import Any

from ibpaudit import __version__

MIN_BOARDS = 5
SCHEMA_VERSION = "1"
LEVELS = range(6)

# The latest as-of date of each audited board, and its norms that count.
_CURRENT = """
    WITH latest AS (
        SELECT board, max(as_of) AS as_of FROM boards WHERE as_of IS NOT NULL GROUP BY board
    )
    SELECT n.* FROM norms n JOIN latest USING (board, as_of) WHERE n.status <> 'skipped'
"""

# A board's rows by age: a board that could not be audited has no as-of date.
_AGE = "coalesce(as_of, DATE '0001-01-01')"
_LEVEL_COUNTS = ", ".join(
    f"count(*) FILTER (WHERE coalesce(level_reached, 0) = {i}) AS l{i}" for i in LEVELS
)


def _rows(db: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _figure(boards: int, **values: Any) -> dict[str, Any]:
    """A figure about ``boards`` boards, or only the mark that there are too few."""
    if boards < MIN_BOARDS:
        return {"boards": None, "too_few_boards": True, **dict.fromkeys(values)}
    return {"boards": boards, "too_few_boards": False, **values}


def summarise(db: Any, *, named: bool = False) -> dict[str, Any]:
    """The sector document (see schemas/sector.schema.json)."""
    boards = _rows(
        db,
        f"SELECT board, arg_max(name, {_AGE}) AS name, arg_max(sector, {_AGE}) AS sector, "
        f"CAST(max(as_of) AS VARCHAR) AS as_of, arg_max_null(status, {_AGE}) AS status, "
        f"arg_max_null(error, {_AGE}) AS error, "
        f"arg_max_null(catalog_version, {_AGE}) AS catalog_version, "
        f"arg_max_null(norms_at_target, {_AGE}) AS norms_at_target "
        "FROM boards GROUP BY board ORDER BY board",
    )
    audited = [b for b in boards if b["status"] != "not_audited"]
    versions = sorted({str(b["catalog_version"]) for b in audited if b["catalog_version"]})
    sectors = {s: sum(1 for b in audited if b["sector"] == s) for s in ("po", "vo")}
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ibpaudit", "version": __version__},
        "min_boards": MIN_BOARDS,
        "named": named,
        "boards": {
            "total": len(boards),
            "audited": len(audited),
            "not_audited": _small(len(boards) - len(audited)),
            "sectors": {k: _small(v) for k, v in sectors.items()},
        },
        "as_of": sorted({b["as_of"] for b in audited if b["as_of"]}),
        "catalog_versions": versions,
        "mixed_catalog_versions": len(versions) > 1,
        "norms": _norms(db),
        "domains": _domains(db),
        "trend": _trend(db),
    }
    shown = [n for n in document["norms"] if not n["too_few_boards"]]
    document["lagging"] = [
        n["id"] for n in sorted(shown, key=lambda n: (n["at_target"], n["median"], n["id"]))[:10]
    ]
    if named:
        document["board_list"] = boards
    return document


def _small(count: int) -> int | None:
    """A count of boards, or None (too few to show) when it is 1 to 4."""
    return None if 0 < count < MIN_BOARDS else count


def _norms(db: Any) -> list[dict[str, Any]]:
    rows = _rows(
        db,
        f"""SELECT norm, any_value(domain) AS domain, min(title_nl) AS title_nl,
                min(title_en) AS title_en, count(*) AS boards,
                count(*) FILTER (WHERE coalesce(level_reached, 0) >= target_level) AS at_target,
                median(coalesce(level_reached, 0)) AS median,
                {_LEVEL_COUNTS}
            FROM ({_CURRENT}) GROUP BY norm ORDER BY norm""",
    )
    return [
        {
            "id": r["norm"],
            "domain": r["domain"],
            "title": {"nl": r["title_nl"], "en": r["title_en"]},
            **_figure(
                int(r["boards"]),
                levels={str(i): int(r[f"l{i}"]) for i in LEVELS},
                at_target=_share(int(r["at_target"]), int(r["boards"])),
                median=float(r["median"]),
            ),
        }
        for r in rows
    ]


def _domains(db: Any) -> list[dict[str, Any]]:
    rows = _rows(
        db,
        f"""SELECT domain, count(DISTINCT board) AS boards, count(DISTINCT norm) AS norms,
                count(*) AS judged,
                count(*) FILTER (WHERE coalesce(level_reached, 0) >= target_level) AS at_target,
                median(coalesce(level_reached, 0)) AS median
            FROM ({_CURRENT}) GROUP BY domain ORDER BY domain""",
    )
    return [
        {
            "id": r["domain"],
            "norms": int(r["norms"]),
            **_figure(
                int(r["boards"]),
                at_target=_share(int(r["at_target"]), int(r["judged"])),
                median=float(r["median"]),
            ),
        }
        for r in rows
    ]


def _trend(db: Any) -> list[dict[str, Any]]:
    rows = _rows(
        db,
        """SELECT CAST(as_of AS VARCHAR) AS as_of, count(DISTINCT board) AS boards,
                count(*) AS judged,
                count(*) FILTER (WHERE coalesce(level_reached, 0) >= target_level) AS at_target,
                median(coalesce(level_reached, 0)) AS median
            FROM norms WHERE status <> 'skipped' GROUP BY as_of ORDER BY as_of""",
    )
    return [
        {
            "as_of": r["as_of"],
            **_figure(
                int(r["boards"]),
                at_target=_share(int(r["at_target"]), int(r["judged"])),
                median=float(r["median"]),
            ),
        }
        for r in rows
    ]
