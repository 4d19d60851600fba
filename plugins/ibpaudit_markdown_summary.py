"""Example third-party ibpaudit plugin: a Markdown summary for CI job pages.

It adds the report format ``markdown`` (file ``summary.md``), rendered from the results
document alone, like every reporter. Use it either way:

* copy this file into the ``plugins/`` folder of a dossier (beside ``ibpaudit.yaml``), or
* ``pip install ./plugins`` from the ibpaudit checkout, which registers it under the
  ``ibpaudit`` entry-point group;

then ``ibpaudit run --format junit,html,markdown`` and, on GitHub Actions,
``cat reports/summary.md >> "$GITHUB_STEP_SUMMARY"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibpaudit import ReportFormat, ReportOptions, Text, hookimpl

_ICONS = {"passed": "✅", "failed": "❌", "error": "⚠️", "skipped": "⏭️", "waived": "🟡"}
_WORDS = {
    "nl": {
        "title": "IBP-audit",
        "as_of": "peildatum",
        "norms": "normen op doelniveau",
        "open": "Maatregelen die niet voldoen",
        "none": "Alle maatregelen voldoen.",
        "control": "Maatregel",
        "level": "Niveau",
        "why": "Eerste bevinding",
    },
    "en": {
        "title": "IBP audit",
        "as_of": "as of",
        "norms": "norms at target",
        "open": "Controls that do not pass",
        "none": "All controls pass.",
        "control": "Control",
        "level": "Level",
        "why": "First finding",
    },
}


def _cell(value: object) -> str:
    """Table cells must not break the Markdown table."""
    return " ".join(str(value).split()).replace("|", "\\|")


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    lang = "en" if options.lang == "en" else "nl"
    words = _WORDS[lang]
    summary = results["summary"]
    lines = [
        f"## {words['title']}: {_cell(results['board']['name'])}",
        "",
        f"{words['as_of']} {results['run']['as_of']} · "
        f"{summary['norms_at_target']}/{summary['norms']} {words['norms']} · "
        + " · ".join(f"{_ICONS[s]} {summary[s]}" for s in _ICONS),
        "",
    ]
    open_controls = [c for c in results["controls"] if c["status"] in ("failed", "error")]
    if not open_controls:
        lines.append(words["none"])
    else:
        lines += [
            f"### {words['open']}",
            "",
            f"| | {words['control']} | {words['level']} | {words['why']} |",
            "|---|---|---|---|",
        ]
        for control in open_controls:
            findings = [f for check in control["checks"] for f in check["findings"]]
            first = findings[0]["message"][lang] if findings else ""
            where = findings[0].get("location", {}).get("path", "") if findings else ""
            reached = control["level_reached"] if control["level_reached"] is not None else "–"
            control_id = _cell(control["id"]).replace("`", "'")  # keep the code span closed
            lines.append(
                f"| {_ICONS[control['status']]} | `{control_id}` "
                f"{_cell(Text.of(control['title']).get(lang))} "
                f"| {reached}/{control['target_level']} "
                f"| {_cell(first)}{f' (`{_cell(where)}`)' if where else ''} |"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="markdown",
            filename="summary.md",
            render=render,
            description=Text(
                nl="Korte samenvatting in Markdown voor CI-pagina's",
                en="Short Markdown summary for CI job pages",
            ),
        )
    ]
