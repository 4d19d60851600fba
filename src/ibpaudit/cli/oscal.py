"""``ibpaudit controls [PATH] --format oscal``: the catalog as an OSCAL catalog on stdout.

The document is built by the OSCAL plugin (:mod:`ibpaudit.builtin.reporters.oscal.catalog`)
from the loaded catalog, with a board's own controls and, given a dossier, its
``normkoppeling.yaml`` (a malformed one stops the command, exit 2, as it stops ``run``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from ibpaudit import __version__, inert
from ibpaudit.builtin.reporters.oscal import catalog as oscal_catalog
from ibpaudit.dossier.mapping import load_mapping
from ibpaudit.i18n import Lang
from ibpaudit.model import Catalog


def catalog_json(catalog: Catalog, root: Path | None, lang: Lang) -> str:
    """The OSCAL catalog, every string inert like all of ibpaudit's output."""
    mapping = load_mapping(root, catalog) if root is not None else {}
    official = {provisional: m.official for provisional, m in mapping.items()}
    document = oscal_catalog.build(catalog, official, lang, datetime.now(UTC), __version__)
    return json.dumps(inert.document(document), indent=2, ensure_ascii=False)
