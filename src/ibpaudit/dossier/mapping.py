"""``normkoppeling.yaml``: a board maps ibpaudit's provisional norm IDs to official ones.

ibpaudit never invents an official norm ID: where the official ID of a norm could not be
sourced, the catalog uses a provisional ID of the form ``PV.P02``. A board that has the
official Normenkader at hand records the official ID beside the dossier::

    koppelingen:
      PV.P02: XX.01      # provisional ID: official ID
      PB.P03: PB.03

Only provisional IDs can be mapped (every other source status already names the official
ID), an official ID may be used once, and it may not be one the framework already
gives to another norm. Reports show both IDs; control IDs and JUnit names stay as they
are, so CI history does not break when a mapping is added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ibpaudit.errors import ConfigError
from ibpaudit.model import Catalog, Location, NormMapping, source_status
from ibpaudit.model.vocabulary import MAPPING_FILE as MAPPING_FILE
from ibpaudit.yamlio import YamlError, load_yaml_file

_OFFICIAL = re.compile(r"^[A-Z]{2,3}\.[0-9]{2}$")


def _error(en: str, nl: str) -> ConfigError:
    return ConfigError(en, {"nl": nl})


def load_mapping(root: Path, catalog: Catalog) -> dict[str, NormMapping]:
    """The dossier's mapping by provisional ID; any problem stops the run (exit 2).

    A line for a provisional ID that the catalog has since moved to an official ID (the
    framework's ``aliases``, e.g. ``PV.P01: PR.03``) keeps working when it names that
    same ID, and is then simply not needed; naming another ID stops the run with a
    message that says so.
    """
    path = root / MAPPING_FILE
    if not path.is_file():
        return {}
    try:
        raw = load_yaml_file(path, MAPPING_FILE, 1024 * 1024)
    except YamlError as exc:
        raise ConfigError(str(exc), {"nl": exc.text.nl}) from exc
    if raw is None:
        return {}
    pairs = raw.get("koppelingen", raw.get("mappings")) if isinstance(raw, Mapping) else None
    if not isinstance(pairs, Mapping):
        raise _error(
            f"{MAPPING_FILE}: expected 'koppelingen:' with lines 'PROVISIONAL-ID: OFFICIAL-ID'",
            f"{MAPPING_FILE}: verwacht 'koppelingen:' met regels 'VOORLOPIG-ID: OFFICIEEL-ID'",
        )
    line = getattr(pairs, "line", None)
    where = f"{MAPPING_FILE}:{line}" if line else MAPPING_FILE
    norms = {norm.id: norm for fw in catalog.frameworks for norm in fw.norms}
    aliases = catalog.aliases()
    out: dict[str, NormMapping] = {}
    used: dict[str, str] = {}
    for provisional, official in pairs.items():
        official = str(official).strip()
        norm = norms.get(provisional)
        if norm is None and provisional in aliases:
            moved = norms[aliases[provisional]]
            if official == moved.id:
                continue  # the catalog itself uses the official ID now
            raise _error(
                f"{where}: '{provisional}' is now norm {moved.id} '{moved.title.en}' "
                f"in the catalog ({moved.source}: {source_status(moved.source).label.en}); "
                f"'{provisional}: {official}' contradicts it. Remove this line: the "
                "catalog needs no mapping for it any more",
                f"{where}: '{provisional}' is in de catalogus nu norm {moved.id} "
                f"'{moved.title.nl}' ({moved.source}: {source_status(moved.source).label.nl}); "
                f"'{provisional}: {official}' spreekt dat tegen. Haal deze regel weg: de "
                "catalogus heeft er geen koppeling meer voor nodig",
            )
        if norm is None:
            raise _error(
                f"{where}: '{provisional}' is not a norm of the framework "
                "(ibpaudit controls --coverage lists them)",
                f"{where}: '{provisional}' is geen norm van het raamwerk "
                "(ibpaudit controls --coverage toont ze)",
            )
        if norm.source != "provisional":
            raise _error(
                f"{where}: '{provisional}' is already an official ID ({norm.source}); "
                "only provisional IDs (such as PV.P02) can be mapped",
                f"{where}: '{provisional}' is al een officieel ID ({norm.source}); "
                "alleen voorlopige IDs (zoals PV.P02) kunnen worden gekoppeld",
            )
        if not _OFFICIAL.match(official):
            raise _error(
                f"{where}: '{provisional}: {official}': an official norm ID looks like 'GO.02'",
                f"{where}: '{provisional}: {official}': een officieel norm-ID ziet eruit "
                "als 'GO.02'",
            )
        taken = norms.get(official)
        if taken is not None and taken.id != provisional:
            raise _error(
                f"{where}: '{official}' is already the ID of norm '{taken.title.en}' "
                f"in the framework; '{provisional}' cannot take it",
                f"{where}: '{official}' is al het ID van norm '{taken.title.nl}' "
                f"in het raamwerk; '{provisional}' kan het niet krijgen",
            )
        if official in used:
            raise _error(
                f"{where}: '{official}' is given to both '{used[official]}' and '{provisional}'",
                f"{where}: '{official}' is aan zowel '{used[official]}' als '{provisional}' "
                "gegeven",
            )
        used[official] = provisional
        out[provisional] = NormMapping(provisional, official, Location(MAPPING_FILE, line=line))
    return out
