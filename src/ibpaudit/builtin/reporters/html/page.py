"""The HTML report's page: the Jinja environment, the template's context and helpers.
Imported when a report is rendered, not when the plugin is registered (see __init__).

A self-contained HTML report for people: at a glance (the outcome per norm, a chart of the
level per domain), the trend over earlier audits (``--history DIR``), every norm with its
controls, checks per level, findings with their evidence and the growth path, the waivers
and attestations, and an integrity annex (every evidence file's SHA-256, the plugins).

One file that works offline and when mailed: inline CSS, inline SVG and one inline script,
no URL of any kind, and a Content-Security-Policy that allows exactly that style and that
script by their SHA-256 and nothing else. The script only enhances (filters, search); with
JavaScript off every norm and finding is there. Evidence text is untrusted: the Jinja
environment autoescapes everything, the template never marks data as safe, and the script
writes only ``textContent``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ibpaudit import cachedir
from ibpaudit.builtin.reporters.html import chart, view
from ibpaudit.builtin.reporters.html.formatting import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    percent,
)
from ibpaudit.builtin.reporters.html.labels import (
    LABELS,
    TERMS,
    label,
    term_anchor,
    term_meaning,
    term_word,
)
from ibpaudit.model import Location, ReportOptions, Text

if TYPE_CHECKING:
    from ibpaudit.builtin.reporters.html.history import History

__all__ = [
    "LABELS",
    "asset",
    "csp_hash",
    "environment",
    "format_date",
    "format_number",
    "percent",
    "render",
]

TEMPLATE = "report.html.j2"
# Findings shown per check before the rest folds away (an open norm with thousands of
# findings would otherwise take seconds to lay out).
FIRST_FINDINGS = 10
ASSETS = ("report.css", "report.js")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache folder, so the report template is compiled
    once, not on every run. Jinja checks each entry against the template source's
    checksum (an edited template is compiled again); the folder name covers Jinja's
    options (this module) and the ibpaudit version. A cache that cannot be read or
    written is ignored: the template is then compiled as usual."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = cachedir.cache_dir()
    if folder is None:
        return None
    from ibpaudit import __version__

    tag = hashlib.sha256(__version__.encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    return _BytecodeCache(str(folder / "templates" / tag))


@functools.cache
def environment() -> jinja2.Environment:
    """Autoescaping for every template whatever its extension (``.html.j2`` included)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ibpaudit.builtin.reporters.html", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printable,
    )


# C0 controls other than tab/newline/CR, and C1 controls: not allowed in HTML text.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _printable(value: object) -> object:
    """Every value the template prints, with control characters from evidence removed
    (our own Markup, the inlined style and script, passes untouched)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL_CHARS.sub("", value)
    return value


@functools.cache
def asset(name: str) -> str:
    """A stylesheet or script from the templates folder, inlined as it is."""
    content = (
        files("ibpaudit.builtin.reporters.html")
        .joinpath(f"templates/{name}")
        .read_text(encoding="utf-8")
    )
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


def _helpers(lang: str) -> dict[str, Callable[..., str]]:
    def lbl(key: str, value: object = None, **params: object) -> str:
        """``lbl("status", "failed")`` is the label of one value (a word of the legend's
        table first); unknown values show as is."""
        if value is None:
            return label(key, lang, **params)
        if key in TERMS:
            return term_word(key, str(value), lang)
        full = f"{key}.{value}"
        return label(full, lang, **params) if full in LABELS else str(value)

    def tx(value: object) -> str:
        return "" if value is None else Text.of(value).get(lang)

    def where(loc: Mapping[str, Any]) -> str:
        return Location.from_json(loc).describe(lang)

    def level(value: object) -> str:
        return label("none", lang) if value is None else str(value)

    return {
        "label": lbl,
        "tx": tx,
        "level": level,
        "where": where,
        "fdate": lambda value: format_date(value, lang),
        "fdatetime": lambda value: format_datetime(value, lang),
        "num": lambda value: format_number(value, lang),
        "dec": lambda value, digits=1: format_decimal(value, lang, digits),
        "pct": percent,
        "levels_text": lambda levels: view.levels_text(levels, "–"),
        "meaning": lambda kind, value: term_meaning(kind, str(value), lang),
        "term_anchor": lambda kind, value: term_anchor(kind, str(value)),
    }


def _history(results: Mapping[str, Any], options: ReportOptions) -> History | None:
    folder = options.extra.get("history")
    if not folder:
        return None
    from ibpaudit.builtin.reporters.html.history import load_history  # with --history only

    return load_history(Path(folder), results)


def _context(results: Mapping[str, Any], options: ReportOptions) -> dict[str, Any]:
    """Everything the template sees."""
    lang = "en" if options.lang == "en" else "nl"
    css, js = (asset(name) for name in ASSETS)
    report = view.build(results)
    target = int(results.get("run", {}).get("target_level", 3))
    levels = [
        (d.id, d.domain.get("level_reached") if d.domain else None, d.state) for d in report.domains
    ]
    schools = results.get("board", {}).get("schools", ())
    return {
        "r": results,
        "v": report,
        "lang": lang,
        "statuses": view.STATUSES,
        "outcomes": view.NORM_OUTCOMES,
        "target": target,
        "chart": chart.bar_chart(levels, target),
        "sparkline": chart.sparkline,
        "history": _history(results, options),
        "school_names": {str(s.get("brin")): str(s.get("name")) for s in schools},
        "signers": {str(a.get("path")): a for a in results.get("attestations", ())},
        "first_findings": FIRST_FINDINGS,
        "terms": TERMS,
        "legend_anchors": report.legend_anchors,
        "committed": any(e.get("committed") for e in results.get("evidence", ())),
        "csp": content_security_policy(css, js),
        "css": Markup(css),  # our own files, checked by asset(); never data
        "js": Markup(js),
        **_helpers(lang),
    }


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    page = environment().get_template(TEMPLATE).render(_context(results, options))
    return page.encode("utf-8")
