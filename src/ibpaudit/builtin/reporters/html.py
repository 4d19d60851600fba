"""A self-contained HTML report for people: the board, a summary, the maturity per domain and
norm, every control with its checks, findings and evidence, the evidence manifest, the
plugins and the run's problems.

One file with inline CSS and no script at all (the "only open controls" filter is pure
CSS); no external URL of any kind, and a Content-Security-Policy that forbids them.
Evidence text is untrusted: the Jinja environment autoescapes everything and the template
never marks data as safe. Keys the results schema makes optional are read with ``.get``:
the environment's StrictUndefined turns any other missing key into an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import jinja2

from ibpaudit import hookimpl
from ibpaudit.models import Location, ReportFormat, ReportOptions, Text

TEMPLATE = "report.html.j2"
STATUSES = ("passed", "failed", "error", "skipped", "waived")

_MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

# Every label the template shows, (Dutch, English). Values of enumerations in the results
# document (status, severity, ...) are looked up as "<field>.<value>".
LABELS: dict[str, tuple[str, str]] = {
    "title": ("IBP-auditrapport", "IBP audit report"),
    "contents": ("Inhoud", "Contents"),
    "skip_link": ("Naar de maatregelen", "Skip to the controls"),
    "as_of": ("Peildatum", "As of"),
    "run_date": ("Uitgevoerd op", "Run on"),
    "version": ("ibpaudit-versie", "ibpaudit version"),
    "framework": ("Normenkader", "Framework"),
    "sector": ("Sector", "Sector"),
    "schools": ("Scholen", "Schools"),
    "target_level": ("Doelniveau", "Target level"),
    "level_reached": ("Behaald niveau", "Level reached"),
    "summary": ("Samenvatting", "Summary"),
    "verdict.0": ("Alle maatregelen voldoen.", "All controls pass."),
    "verdict.1": ("Niet alle maatregelen voldoen.", "Not all controls pass."),
    "verdict.2": (
        "Er zijn fouten in het bewijs of de configuratie: de uitslag is onvolledig.",
        "There are errors in the evidence or the configuration: the outcome is incomplete.",
    ),
    "controls_by_status": ("Maatregelen per status", "Controls by status"),
    "status": ("Status", "Status"),
    "count": ("Aantal", "Count"),
    "share": ("Aandeel", "Share"),
    "total": ("Totaal", "Total"),
    "norms_at_target": ("Normen op doelniveau", "Norms at target"),
    "norms_below_target": ("Normen onder doelniveau", "Norms below target"),
    "of": ("van", "of"),
    "domains": ("Domeinen", "Domains"),
    "domain": ("Domein", "Domain"),
    "part": ("Deel", "Part"),
    "norms": ("Normen", "Norms"),
    "norm": ("Norm", "Norm"),
    "next_level": ("Volgende niveau", "Next level"),
    "controls": ("Maatregelen", "Controls"),
    "control": ("Maatregel", "Control"),
    "severity": ("Ernst", "Severity"),
    "file": ("Bestand", "File"),
    "reason": ("Reden", "Reason"),
    "description": ("Toelichting", "Description"),
    "tags": ("Labels", "Tags"),
    "duration": ("Duur", "Duration"),
    "waiver": ("Ontheffing", "Waiver"),
    "waivers": ("Ontheffingen", "Waivers"),
    "no_waivers": ("Geen ontheffingen.", "No waivers."),
    "requested_by": ("Aangevraagd door", "Requested by"),
    "approved_by": ("Goedgekeurd door", "Approved by"),
    "approved_on": ("Goedgekeurd op", "Approved on"),
    "expires": ("Verloopt op", "Expires"),
    "days_left": ("dagen over", "days left"),
    "recorded_in": ("Vastgelegd in", "Recorded in"),
    "checks": ("Toetsen", "Checks"),
    "level": ("Niveau", "Level"),
    "findings": ("Bevindingen", "Findings"),
    "evidence": ("Bewijs", "Evidence"),
    "no_evidence": ("Geen bewijs vastgelegd.", "No evidence recorded."),
    "evidence_files": ("Bewijsstukken", "Evidence files"),
    "path": ("Pad", "Path"),
    "size": ("Grootte", "Size"),
    "bytes": ("bytes", "bytes"),
    "modified": ("Gewijzigd", "Modified"),
    "reader": ("Lezer", "Reader"),
    "no_reader": ("geen lezer", "no reader"),
    "read_result": ("Fout en meldingen", "Error and notes"),
    "plugins": ("Plugins", "Plugins"),
    "name": ("Naam", "Name"),
    "origin": ("Herkomst", "Origin"),
    "problems": ("Problemen", "Problems"),
    "no_problems": ("Geen problemen.", "No problems."),
    "kind": ("Soort", "Kind"),
    "source": ("Bron", "Source"),
    "message": ("Melding", "Message"),
    "none": ("geen", "none"),
    "only_open": (
        "Alleen maatregelen tonen die niet geslaagd zijn",
        "Show only controls that did not pass",
    ),
    "made_with": ("Gemaakt met ibpaudit", "Made with ibpaudit"),
    "schema": ("resultatenschema", "results schema"),
    "sheet": ("blad", "sheet"),
    "page": ("pagina", "page"),
    "row": ("rij", "row"),
    "line": ("regel", "line"),
    "column": ("kolom", "column"),
    "status.passed": ("geslaagd", "passed"),
    "status.failed": ("gefaald", "failed"),
    "status.error": ("fout", "error"),
    "status.skipped": ("overgeslagen", "skipped"),
    "status.waived": ("ontheffing", "waived"),
    "severity.low": ("laag", "low"),
    "severity.medium": ("middel", "medium"),
    "severity.high": ("hoog", "high"),
    "severity.critical": ("kritiek", "critical"),
    "state.active": ("actief", "active"),
    "state.expired": ("verlopen", "expired"),
    "state.unused": ("ongebruikt", "unused"),
    "norm_source.verified": ("geverifieerd", "verified"),
    "norm_source.secondary": ("secundaire bron", "secondary source"),
    "norm_source.provisional": ("voorlopig", "provisional"),
    "norm_source.unknown": ("onbekend", "unknown"),
    "mapped_by_board": (
        "officieel ID gekoppeld door het bestuur (normkoppeling.yaml)",
        "official ID mapped by the board (normkoppeling.yaml)",
    ),
    "origin.builtin": ("ingebouwd", "built-in"),
    "origin.entrypoint": ("geïnstalleerd pakket", "installed package"),
    "origin.local": ("lokaal", "local"),
    "kind.plugin": ("plugin", "plugin"),
    "kind.catalog": ("catalogus", "catalog"),
    "kind.config": ("configuratie", "configuration"),
    "kind.evidence": ("bewijs", "evidence"),
    "part.security": ("informatiebeveiliging", "information security"),
    "part.privacy": ("privacy", "privacy"),
    "sector.po": ("primair onderwijs (po)", "primary education (po)"),
    "sector.vo": ("voortgezet onderwijs (vo)", "secondary education (vo)"),
}


@functools.cache
def environment() -> jinja2.Environment:
    """Autoescaping for every template whatever its extension (``.html.j2`` included)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ibpaudit", "templates"),
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
    """Every value the template prints, with control characters from evidence removed."""
    return _CONTROL_CHARS.sub("", value) if isinstance(value, str) else value


def format_date(value: object, lang: str) -> str:
    """``2024-02-03`` as "3 februari 2024" / "3 February 2024", whatever the locale."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {_MONTHS['en' if lang == 'en' else 'nl'][day.month - 1]} {day.year}"


def format_datetime(value: object, lang: str) -> str:
    """The date as :func:`format_date`, then the time and UTC offset as recorded."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    offset = moment.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"{format_date(moment.date(), lang)}, {moment:%H:%M}{zone}"


def format_number(value: object, lang: str) -> str:
    """Thousands grouped the Dutch way (12.345) or the English way (12,345)."""
    if not isinstance(value, int):
        return str(value)
    grouped = f"{value:,}"
    return grouped if lang == "en" else grouped.replace(",", ".")


def percent(part: object, whole: object) -> str:
    if not isinstance(part, int | float) or not isinstance(whole, int | float) or whole <= 0:
        return "–"
    return f"{round(100 * part / whole)}%"


def _helpers(lang: str) -> dict[str, Callable[..., str]]:
    def label(key: str, value: object = None) -> str:
        """``label("status", "failed")`` is the label of one value; unknown values show as is."""
        full = key if value is None else f"{key}.{value}"
        if full not in LABELS:
            if value is None:
                raise KeyError(f"no label {key!r}")  # a typo in the template
            return str(value)
        nl, en = LABELS[full]
        return en if lang == "en" else nl

    def tx(value: object) -> str:
        return "" if value is None else Text.of(value).get(lang)

    def where(loc: Mapping[str, Any]) -> str:
        return Location.from_json(loc).describe(lang)

    def level(value: object) -> str:
        return label("none") if value is None else str(value)

    return {
        "label": label,
        "tx": tx,
        "level": level,
        "where": where,
        "fdate": lambda value: format_date(value, lang),
        "fdatetime": lambda value: format_datetime(value, lang),
        "num": lambda value: format_number(value, lang),
        "pct": percent,
    }


def _groups(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Controls grouped by domain in the document's domain order; unknown domains last.
    Each control gets a unique anchor, whatever characters its ID holds."""
    by_domain: dict[str, list[dict[str, Any]]] = {}
    for number, control in enumerate(results.get("controls", ()), start=1):
        entry = {"control": control, "anchor": f"control-{number}"}
        by_domain.setdefault(str(control.get("domain", "")), []).append(entry)
    groups: list[dict[str, Any]] = []
    for domain in results.get("domains", ()):
        entries = by_domain.pop(str(domain.get("id", "")), [])
        if entries:
            groups.append(
                {"id": domain.get("id", ""), "title": domain.get("title"), "controls": entries}
            )
    groups += [
        {"id": key, "title": None, "controls": entries} for key, entries in by_domain.items()
    ]
    for number, group in enumerate(groups, start=1):
        group["anchor"] = f"domain-{number}"
    return groups


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    lang = "en" if options.lang == "en" else "nl"
    template = environment().get_template(TEMPLATE)
    norms = {norm.get("id"): norm for norm in results.get("norms", ())}
    page = template.render(
        r=results,
        lang=lang,
        statuses=STATUSES,
        groups=_groups(results),
        norms=norms,
        **_helpers(lang),
    )
    return page.encode("utf-8")


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="html",
            filename="report.html",
            render=render,
            description=Text(
                nl="Zelfstandig HTML-rapport voor mensen (bestuur, FG, auditor)",
                en="Self-contained HTML report for people (board, DPO, auditor)",
            ),
        )
    ]
