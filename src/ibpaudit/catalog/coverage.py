"""How much of the framework the catalog covers: per norm automated, attested or not.

A norm is *automated* when at least one of its controls has a check that reads
evidence files (anything but ``attestation``), *attested* when its controls rest on
signed statements only, and *not covered* when no control checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit.model import Catalog, NormMapping

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
    return {
        "norms": len(rows),
        "controls": len(catalog.controls),
        **{kind: sum(1 for r in rows if r["coverage"] == kind) for kind in KINDS},
        "domains": domains,
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
    lines = [f"{header[0]:<16} {header[1]:<12} {header[2]:<16} {header[3]:<40} {header[4]}"]
    domain = None
    for row in rows:
        if row["domain"] != domain:
            domain = row["domain"]
            counts = totals["domains"][domain]
            lines.append(
                f"-- {domain} ({row['part']}): "
                + ", ".join(f"{counts[k]} {words[k][pick]}" for k in KINDS if counts[k])
            )
        norm = row["id"] + (f" = {row['official_id']}" if row["official_id"] else "")
        controls = ", ".join(row["controls"]) or "-"
        title = row["title"]["en" if pick else "nl"]
        lines.append(
            f"{norm:<16} {row['source']:<12} {words[row['coverage']][pick]:<16} "
            f"{controls[:40]:<40} {title}"
        )
    lines.append(
        f"{totals['norms']} norms, {totals['controls']} controls: "
        + ", ".join(f"{totals[k]} {words[k][1]}" for k in KINDS)
    )
    return lines
