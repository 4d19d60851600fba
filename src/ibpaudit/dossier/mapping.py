"""``normkoppeling.yaml``: a board maps ibpaudit's provisional norm IDs to official ones.

ibpaudit never invents an official norm ID: where the official ID of a norm could not be
sourced, the catalog uses a provisional ID of the form ``PV.P01``. A board that has the
official Normenkader at hand records the official ID beside the dossier::

    koppelingen:
      PV.P01: XX.01      # provisional ID: official ID
      PB.P03: PB.03

Only provisional IDs can be mapped (verified and secondary IDs already are the official
ones), an official ID may be used once, and it may not be one the framework already
gives to another norm. Reports show both IDs; control IDs and JUnit names stay as they
are, so CI history does not break when a mapping is added.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ibpaudit.errors import ConfigError
from ibpaudit.model import Catalog, Location, NormMapping
from ibpaudit.model.vocabulary import MAPPING_FILE as MAPPING_FILE
from ibpaudit.yamlio import YamlError, load_yaml_file

_OFFICIAL = re.compile(r"^[A-Z]{2,3}\.[0-9]{2}$")


def load_mapping(root: Path, catalog: Catalog) -> dict[str, NormMapping]:
    """The dossier's mapping by provisional ID; any problem stops the run (exit 2)."""
    path = root / MAPPING_FILE
    if not path.is_file():
        return {}
    try:
        raw = load_yaml_file(path, MAPPING_FILE, 1024 * 1024)
    except YamlError as exc:
        raise ConfigError(str(exc)) from exc
    if raw is None:
        return {}
    pairs = raw.get("koppelingen", raw.get("mappings")) if isinstance(raw, Mapping) else None
    if not isinstance(pairs, Mapping):
        raise ConfigError(
            f"{MAPPING_FILE}: expected 'koppelingen:' with lines 'PROVISIONAL-ID: OFFICIAL-ID'"
        )
    line = getattr(pairs, "line", None)
    where = f"{MAPPING_FILE}:{line}" if line else MAPPING_FILE
    norms = {norm.id: norm for fw in catalog.frameworks for norm in fw.norms}
    out: dict[str, NormMapping] = {}
    used: dict[str, str] = {}
    for provisional, official in pairs.items():
        official = str(official).strip()
        norm = norms.get(provisional)
        if norm is None:
            raise ConfigError(f"{where}: '{provisional}' is not a norm of the framework")
        if norm.source != "provisional":
            raise ConfigError(
                f"{where}: '{provisional}' is already an official ID ({norm.source}); "
                "only provisional IDs (such as PV.P01) can be mapped"
            )
        if not _OFFICIAL.match(official):
            raise ConfigError(
                f"{where}: '{provisional}: {official}': an official norm ID looks like 'GO.02'"
            )
        taken = norms.get(official)
        if taken is not None and taken.id != provisional:
            raise ConfigError(
                f"{where}: '{official}' is already the ID of norm '{taken.title.nl}' "
                f"in the framework; '{provisional}' cannot take it"
            )
        if official in used:
            raise ConfigError(
                f"{where}: '{official}' is given to both '{used[official]}' and '{provisional}'"
            )
        used[official] = provisional
        out[provisional] = NormMapping(provisional, official, Location(MAPPING_FILE, line=line))
    return out
