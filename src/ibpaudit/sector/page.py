"""``sector.html``: the sector picture for people, in the board report's style. One file
that works offline: the board report's stylesheet inlined, no script, no URL, and a
Content-Security-Policy that allows exactly that style. Every value is autoescaped."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from ibpaudit.builtin.reporters.html.formatting import format_date, format_decimal, percent
from ibpaudit.builtin.reporters.html.page import asset, csp_hash
from ibpaudit.i18n import Lang, Text

LABELS: dict[str, Text] = {
    "title": Text(nl="Sectorbeeld IBP", en="IBP sector picture"),
    "skip": Text(nl="Naar de inhoud", en="Skip to content"),
    "contents": Text(nl="Inhoud", en="Contents"),
    "boards": Text(nl="Besturen", en="Boards"),
    "audited": Text(nl="Geaudit", en="Audited"),
    "not_audited": Text(nl="Niet geaudit (fout)", en="Not audited (error)"),
    "as_of": Text(nl="Peildatum(s)", en="As-of date(s)"),
    "catalog": Text(nl="Versie normenkader", en="Framework version"),
    "mixed": Text(
        nl="Let op: de besturen zijn tegen verschillende versies van het normenkader geaudit.",
        en="Note: the boards were audited against different versions of the framework.",
    ),
    "too_few": Text(nl="te weinig besturen", en="too few boards"),
    "privacy": Text(
        nl="Geen bestuur wordt bij naam genoemd, en een cijfer over minder dan {n} besturen "
        "wordt niet getoond.",
        en="No board is named, and no figure about fewer than {n} boards is shown.",
    ),
    "norms": Text(nl="Normen", en="Norms"),
    "norms_caption": Text(
        nl="Per norm: hoeveel besturen elk niveau halen, het aandeel op doelniveau en de mediaan.",
        en="Per norm: how many boards reach each level, the share at target and the median.",
    ),
    "norm": Text(nl="Norm", en="Norm"),
    "domain": Text(nl="Domein", en="Domain"),
    "level": Text(nl="Niveau {i}", en="Level {i}"),
    "at_target": Text(nl="Op doelniveau", en="At target"),
    "median": Text(nl="Mediaan", en="Median"),
    "domains": Text(nl="Domeinen", en="Domains"),
    "domains_caption": Text(
        nl="Per domein: het aandeel van de normen op doelniveau, over alle besturen.",
        en="Per domain: the share of norms at target, over all boards.",
    ),
    "norm_count": Text(nl="Normen", en="Norms"),
    "lagging": Text(nl="Normen die het meest achterblijven", en="Norms that lag most"),
    "lagging_none": Text(
        nl="Nog geen normen over genoeg besturen.", en="No norms over enough boards yet."
    ),
    "trend": Text(nl="Trend", en="Trend"),
    "trend_caption": Text(
        nl="Per peildatum: het aandeel van de normen op doelniveau.",
        en="Per as-of date: the share of norms at target.",
    ),
    "board_list": Text(nl="Besturen bij naam (--named)", en="Boards by name (--named)"),
    "board": Text(nl="Bestuur", en="Board"),
    "sector": Text(nl="Sector", en="Sector"),
    "status": Text(nl="Uitkomst", en="Outcome"),
    "norms_at_target": Text(nl="Normen op doelniveau", en="Norms at target"),
    "error": Text(nl="Fout", en="Error"),
}


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ibpaudit.sector", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def content_security_policy(css: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            "script-src 'none'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def render(sector: Mapping[str, Any], lang: Lang = "nl") -> str:
    css = asset("report.css")

    def label(key: str, **params: object) -> str:
        return LABELS[key].format(**params).get(lang)

    def share(value: object) -> str:
        if value is None:
            return label("too_few")
        return percent(round(float(str(value)) * 10000), 10000)

    return (
        environment()
        .get_template("sector.html.j2")
        .render(
            s=sector,
            lang=lang,
            label=label,
            share=share,
            dec=lambda value: label("too_few") if value is None else format_decimal(value, lang),
            fdate=lambda value: format_date(value, lang),
            tx=lambda value: "" if value is None else Text.in_lang(value, lang),
            csp=content_security_policy(css),
            css=Markup(css),  # our own stylesheet, checked by asset(); never data
        )
    )
