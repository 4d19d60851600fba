"""The HTML report's page: its assets, what every section sees, and the page put together.
Imported when a report is rendered, not when the plugin is registered (see __init__).

A self-contained HTML report for people: at a glance (the outcome per norm, a chart of the
level per domain), the trend over earlier audits (``--history DIR``), every norm with its
controls, checks per level, findings with their evidence and the growth path, the waivers
and attestations, and an integrity annex (every evidence file's SHA-256, the plugins).

One file that works offline and when mailed: inline CSS, inline SVG and one inline script,
no URL of any kind, and a Content-Security-Policy that allows exactly that style and that
script by their SHA-256 and nothing else. The script only enhances (filters, search); with
JavaScript off every norm and finding is there. Evidence text is untrusted: the sections
print every value through :func:`markup.esc`, nothing from the results document is
marked safe, and the script writes only ``textContent``.

The page is written in Python (the section modules), not with a template engine: a
report of 90 norms prints some 15,000 values, and a run should not wait for a template
engine to load and call its way through them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit.builtin.reporters.html import annex, chart, markup, norms, overview, trend, view
from ibpaudit.builtin.reporters.html.formatting import format_date, format_number, percent
from ibpaudit.builtin.reporters.html.labels import LABELS
from ibpaudit.builtin.reporters.html.markup import Words
from ibpaudit.model import ReportOptions

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.history import History

__all__ = [
    "LABELS",
    "Context",
    "asset",
    "csp_hash",
    "format_date",
    "format_number",
    "percent",
    "render",
]

ASSETS = ("report.css", "report.js")


@functools.cache
def asset(name: str) -> str:
    """A stylesheet or script from the templates folder, inlined as it is."""
    content = (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")
    closing = "</style" if name.endswith(".css") else "</script"
    if closing in content.lower() or "<!--" in content:
        raise ValueError(f"templates/{name} must not contain {closing} or <!--")
    return content


def csp_hash(content: str) -> str:
    """A CSP source expression that allows exactly this inline element content."""
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(css: str, js: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(js)}",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


@dataclass(frozen=True)
class Context:
    """Everything the sections see: the results document ``r`` as it is, its view ``v``,
    and the words ``w`` in the report's language."""

    r: Mapping[str, Any]
    v: view.Report
    w: Words
    lang: str
    target: int
    chart: chart.BarChart
    history: History | None
    school_names: Mapping[str, str]
    signers: Mapping[str, Mapping[str, Any]]
    committed: bool
    csp: str
    css: str  # our own files, checked by asset(); never data
    js: str


def _history(results: Mapping[str, Any], options: ReportOptions) -> History | None:
    folder = options.extra.get("history")
    if not folder:
        return None
    from ibpaudit.builtin.reporters.html.history import load_history  # with --history only

    return load_history(Path(folder), results)


def _context(results: Mapping[str, Any], options: ReportOptions) -> Context:
    lang = "en" if options.lang == "en" else "nl"
    css, js = (asset(name) for name in ASSETS)
    report = view.build(results)
    target = int(results.get("run", {}).get("target_level", 3))
    levels = [
        (d.id, d.domain.get("level_reached") if d.domain else None, d.state) for d in report.domains
    ]
    schools = results.get("board", {}).get("schools", ())
    return Context(
        r=results,
        v=report,
        w=Words(lang, report.legend_anchors, target),
        lang=lang,
        target=target,
        chart=chart.bar_chart(levels, target),
        history=_history(results, options),
        school_names={str(s.get("brin")): str(s.get("name")) for s in schools},
        signers={str(a.get("path")): a for a in results.get("attestations", ())},
        committed=any(e.get("committed") for e in results.get("evidence", ())),
        csp=content_security_policy(css, js),
        css=css,
        js=js,
    )


def _page(context: Context) -> str:
    out: list[str] = []
    try:
        for section in (overview.write, trend.write, norms.write, annex.write):
            section(context, out)
    finally:
        markup.forget()
    return "".join(out)


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    return _page(_context(results, options)).encode("utf-8")
