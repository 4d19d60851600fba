"""Which controls a run covers: ``--only``/``--skip`` and ``controls.alleen`` by control
ID, norm ID, domain or tag, with close matches for a selector the catalog does not know."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ibpaudit.errors import ConfigError, UsageError
from ibpaudit.i18n import Text, join, text
from ibpaudit.model import Catalog, Control
from ibpaudit.model.gate import Selection


def domain_of(control: Control, catalog: Catalog) -> str:
    found = catalog.norm(control.norm)
    return found[1].domain if found else control.norm.split(".")[0]


def known_selectors(catalog: Catalog) -> dict[str, str]:
    """Every selector the catalog knows, lower-cased, to its written form."""
    names: list[str] = []
    for fw in catalog.frameworks:
        names += [d.id for d in fw.domains] + [n.id for n in fw.norms]
    for control in catalog.controls:
        names += [control.id, control.norm, domain_of(control, catalog), *control.tags]
    return {name.lower(): name for name in names}


def unknown_selectors(selectors: Sequence[str], known: Mapping[str, str]) -> list[Text]:
    """One message per selector the catalog does not know, with its close matches."""
    messages = []
    for selector in selectors:
        if selector.lower() in known:
            continue
        import difflib  # only for a suggestion: not imported by every run

        close = difflib.get_close_matches(selector.lower(), list(known), n=3, cutoff=0.6)
        matches = ", ".join(known[c] for c in close)
        hint = text("; lijkt op: {m}", "; close matches: {m}", m=matches) if close else None
        messages.append(
            text(
                "onbekende selectie '{s}' (geen maatregel-ID, norm-ID, domein of tag){hint}",
                "unknown selector '{s}' (not a control ID, norm ID, domain or tag){hint}",
                s=selector,
                hint=hint or "",
            )
        )
    return messages


def select(catalog: Catalog, selection: Selection) -> Catalog:
    """The catalog with only the selected controls; an unknown selector is a usage error
    (``--only``/``--skip``) or a configuration error (``controls.alleen``)."""
    known = known_selectors(catalog)
    cli_only = selection.only if selection.only_from == "--only" else ()
    config_only = () if cli_only else selection.only
    for source, selectors, error in (
        ("--only", cli_only, UsageError),
        ("--skip", selection.skip, UsageError),
        (f"{selection.only_from}: controls.alleen", config_only, ConfigError),
    ):
        unknown = unknown_selectors(selectors, known)
        if unknown:
            message = text("{source}: {unknown}", "{source}: {unknown}", source=source).format(
                unknown=join(unknown)
            )
            raise error(message.en, message.to_json())
    if not selection.only and not selection.skip:
        return catalog
    kept = tuple(c for c in catalog.controls if selection.includes(c, domain_of(c, catalog)))
    return replace(catalog, controls=kept)
