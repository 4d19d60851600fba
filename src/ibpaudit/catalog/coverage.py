"""How much of the framework the catalog covers: per norm automated, attested or not.

A norm is *automated* when at least one of its controls has a check that reads
evidence files (anything but ``attestation``), *attested* when its controls rest on
signed statements only, and *not covered* when no control checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit.model import SOURCE_STATUSES, Catalog, NormMapping, former_ids, source_status

ATTESTATION = "attestation"
KINDS = ("automated", "attested", "none")


def norm_coverage(
    catalog: Catalog, mapping: Mapping[str, NormMapping] | None = None
) -> list[dict[str, Any]]:
    """One entry per norm of every framework, in framework order."""
    by_norm: dict[str, list[Any]] = {}
    for control in catalog.controls:
        by_norm.setdefault(control.norm, []).append(control)
    rows: list[dict[str, Any]] = []
    for framework in catalog.frameworks:
        parts = {d.id: d.part for d in framework.domains}
        prefixes = {d.id: d.prefix_source for d in framework.domains}
        for norm in framework.norms:
            controls = by_norm.get(norm.id, [])
            types = sorted({check.type for c in controls for check in c.checks})
            if not controls:
                kind = "none"
            elif any(t != ATTESTATION for t in types):
                kind = "automated"
            else:
                kind = "attested"
            mapped = (mapping or {}).get(norm.id)
            rows.append(
                {
                    "id": norm.id,
                    "framework": framework.id,
                    "domain": norm.domain,
                    "part": parts.get(norm.domain, ""),
                    "title": norm.title.to_json(),
                    "source": norm.source,
                    "source_label": source_status(norm.source).label.to_json(),
                    "domain_prefix_source": prefixes.get(norm.domain, "unknown"),
                    "former_ids": list(former_ids(norm.id, framework.aliases)),
                    "official_id": mapped.official if mapped else None,
                    "coverage": kind,
                    "controls": [c.id for c in controls],
                    "levels": sorted({lvl for c in controls for lvl in c.levels}),
                    "check_types": types,
                    "attested_levels": sorted(
                        {chk.level for c in controls for chk in c.checks if chk.type == ATTESTATION}
                    ),
                }
            )
    return rows


def summary(rows: list[dict[str, Any]], catalog: Catalog) -> dict[str, Any]:
    """Totals, and per domain, for the table's footer and the JSON document."""
    domains: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = domains.setdefault(row["domain"], dict.fromkeys(KINDS, 0))
        counts[row["coverage"]] += 1
    sources = {status: 0 for status in SOURCE_STATUSES if status != "unknown"}
    for row in rows:
        sources[row["source"]] = sources.get(row["source"], 0) + 1
    return {
        "norms": len(rows),
        "controls": len(catalog.controls),
        **{kind: sum(1 for r in rows if r["coverage"] == kind) for kind in KINDS},
        "domains": domains,
        "sources": sources,
        "aliases": catalog.aliases(),
        "source_statuses": {
            s.id: {"label": s.label.to_json(), "explanation": s.explanation.to_json()}
            for s in SOURCE_STATUSES.values()
            if s.id in sources
        },
    }


def table(rows: list[dict[str, Any]], totals: Mapping[str, Any], lang: str = "nl") -> list[str]:
    """A plain-text table: one line per norm, grouped by domain, then the totals."""
    words = {
        "automated": ("geautomatiseerd", "automated"),
        "attested": ("verklaring", "attested"),
        "none": ("NIET GEDEKT", "NOT COVERED"),
    }
    pick = 1 if lang == "en" else 0
    header = ("NORM", "BRON", "DEKKING", "CONTROLS", "TITEL")
    if pick:
        header = ("NORM", "SOURCE", "COVERAGE", "CONTROLS", "TITLE")
    lang = "en" if pick else "nl"
    lines = [f"{header[0]:<16} {header[1]:<12} {header[2]:<16} {header[3]:<40} {header[4]}"]
    domain = None
    for row in rows:
        if row["domain"] != domain:
            domain = row["domain"]
            counts = totals["domains"][domain]
            catch_all = row["domain_prefix_source"] == "provisional"
            own = (" [prefix van ibpaudit]", " [ibpaudit's prefix]")[pick] if catch_all else ""
            lines.append(
                f"-- {domain} ({row['part']}){own}: "
                + ", ".join(f"{counts[k]} {words[k][pick]}" for k in KINDS if counts[k])
            )
        norm = row["id"] + (f" = {row['official_id']}" if row["official_id"] else "")
        was = (" (voorheen ", " (formerly ")[pick] + ", ".join(row["former_ids"]) + ")"
        title_was = was if row["former_ids"] else ""
        controls = ", ".join(row["controls"]) or "-"
        title = row["title"]["en" if pick else "nl"]
        lines.append(
            f"{norm:<16} {row['source']:<12} {words[row['coverage']][pick]:<16} "
            f"{controls[:40]:<40} {title}{title_was}"
        )
    lines.append(
        ("BRON (wat er van ID en titel gezien is):", "SOURCE (what was seen of ID and title):")[
            pick
        ]
    )
    for status, count in totals["sources"].items():
        if count:
            meaning = SOURCE_STATUSES[status]
            lines.append(
                f"  {status:<12} {count:>3}  {meaning.label.get(lang)}: "
                f"{meaning.explanation.get(lang)}"
            )
    lines.append(
        f"{totals['norms']} norms, {totals['controls']} controls: "
        + ", ".join(f"{totals[k]} {words[k][1]}" for k in KINDS)
    )
    return lines
