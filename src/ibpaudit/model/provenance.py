"""What the catalog claims about a norm's ID and title, defined once.

Every norm of a framework carries one *source status* that says exactly what was seen of
it, and nothing more. Reports, ``controls --coverage`` and the HTML legend all take their
words from :data:`SOURCE_STATUSES`. The maturity scale's names, including the naming
SIVON uses for the same NBA scale, are here too, so that a level named by a board is read
the same way wherever it is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ibpaudit.i18n import Text


@dataclass(frozen=True)
class SourceStatus:
    """One value of a norm's ``source``: a short label and what it means."""

    id: str
    label: Text
    explanation: Text
    official_id: bool  # the ID itself is (or is believed to be) the official one


_STATUSES = (
    SourceStatus(
        "title-seen",
        Text(nl="ID en titel officieel gezien", en="ID and title seen (official)"),
        Text(
            nl="ID en titel staan op een officiële normpagina van Kennisnet "
            "(normenkaderibp.kennisnet.nl); de bron staat bij de norm.",
            en="ID and title appear on an official Kennisnet norm page "
            "(normenkaderibp.kennisnet.nl); the norm names the source.",
        ),
        True,
    ),
    SourceStatus(
        "id-seen",
        Text(nl="ID officieel gezien, titel niet", en="ID seen (official), title not"),
        Text(
            nl="Het ID staat op een officiële Kennisnet-pagina, maar de officiële titel is "
            "niet gezien: de titel hier is een omschrijving van ibpaudit.",
            en="The ID appears on an official Kennisnet page, but the official title was "
            "not seen: the title here is ibpaudit's description.",
        ),
        True,
    ),
    SourceStatus(
        "secondary",
        Text(nl="ID en titel uit secundaire bron", en="ID and title from a secondary source"),
        Text(
            nl="ID en titel staan alleen in materiaal van derden dat naar het Normenkader "
            "verwijst (leverancier, code van derden), niet op een officiële pagina.",
            en="ID and title appear only in third-party material that refers to the "
            "Normenkader (a vendor, third-party code), not on an official page.",
        ),
        True,
    ),
    SourceStatus(
        "inferred",
        Text(nl="ID afgeleid uit de nummering", en="ID inferred from numbering"),
        Text(
            nl="Het ID is niet gezien; het moet bestaan omdat de IDs ervoor en erna wel "
            "gezien zijn. Titel en inhoud zijn van ibpaudit.",
            en="The ID was not seen; it must exist because the IDs before and after it "
            "were seen. Title and content are ibpaudit's.",
        ),
        True,
    ),
    SourceStatus(
        "provisional",
        Text(nl="voorlopig ID van ibpaudit", en="provisional ibpaudit ID"),
        Text(
            nl="Een eigen ID van ibpaudit (vorm XX.Pnn) voor een onderwerp waarvan het "
            "officiële ID niet bekend is; een bestuur kan het koppelen in "
            "normkoppeling.yaml.",
            en="ibpaudit's own ID (form XX.Pnn) for a topic whose official ID is not "
            "known; a board can map it in normkoppeling.yaml.",
        ),
        False,
    ),
    SourceStatus(
        "unknown",
        Text(nl="ID onbekend", en="ID unknown"),
        Text(
            nl="De norm staat in geen raamwerk van de catalogus.",
            en="The norm is in no framework of the catalog.",
        ),
        False,
    ),
)

SOURCE_STATUSES: Mapping[str, SourceStatus] = {s.id: s for s in _STATUSES}
"""Every source status a framework file or a results document may use, in order of
how much was seen."""

FRAMEWORK_STATUSES = tuple(s for s in SOURCE_STATUSES if s != "unknown")

LEGACY_STATUSES: Mapping[str, str] = {"verified": "id-seen"}
"""Values of earlier catalogs and how they are read now. ``verified`` promised at least
that the ID was seen on an official page (not always the title), so it reads as
``id-seen``: never more than it showed."""


def source_status(value: str) -> SourceStatus:
    """The status for a ``source`` value; an old value as its current meaning, an
    unknown one as ``unknown``."""
    value = LEGACY_STATUSES.get(value, value)
    return SOURCE_STATUSES.get(value, SOURCE_STATUSES["unknown"])


# -- the maturity scale --------------------------------------------------------------

MATURITY_NAMES: Mapping[int, tuple[str, ...]] = {
    # The official web names first, then SIVON's NBA naming, then English.
    1: ("Ad hoc", "Initieel", "Initial"),
    2: ("Herhaalbaar", "Repeatable"),
    3: ("Bepaald", "Gedefinieerd", "Defined"),
    4: ("Beheerst", "Beheerst en meetbaar", "Managed", "Managed and measurable"),
    5: ("Continu verbeteren", "Continue verbeteren", "Continuously improving", "Optimising"),
}
"""Names of each maturity level as boards write them: the Normenkader's own (Kennisnet,
normenkaderibp.kennisnet.nl), SIVON's naming of the same NBA scale (Initieel, Herhaalbaar,
Gedefinieerd, Beheerst en meetbaar, Continue verbeteren) and English."""


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", folded.lower()).strip()


_BY_NAME = {_key(n): level for level, names in MATURITY_NAMES.items() for n in names}


def maturity_level(value: object) -> int | None:
    """The level (1-5) that ``value`` names: a number, ``"3"``, ``"niveau 3"`` or a name
    of :data:`MATURITY_NAMES` (case, accents and spacing do not matter); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if not isinstance(value, str):
        return None
    key = _key(value)
    match = re.fullmatch(r"(?:niveau |level )?([1-5])", key)
    if match:
        return int(match.group(1))
    return _BY_NAME.get(key)


def maturity_names_listed() -> str:
    """The accepted names, for messages: ``1 Ad hoc/Initieel/...; 2 ...``."""
    return "; ".join(f"{lvl} {'/'.join(names)}" for lvl, names in MATURITY_NAMES.items())


# -- renamed norms ---------------------------------------------------------------------


def canonical_norm(norm_id: str, aliases: Mapping[str, str]) -> str:
    """The current ID of a norm that may have been renamed (old ID -> new ID)."""
    seen = {norm_id}
    while norm_id in aliases:
        norm_id = aliases[norm_id]
        if norm_id in seen:  # a cycle in a hand-written table: stop, do not loop
            break
        seen.add(norm_id)
    return norm_id


def canonical_control(control_id: str, aliases: Mapping[str, str]) -> str:
    """The current ID of a control whose norm was renamed: a control ID starts with its
    norm's ID and a dash (``PV.P01-verwerkingsregister``), so the prefix moves along
    (``PR.03-verwerkingsregister``)."""
    norm, dash, rest = control_id.partition("-")
    if not dash:
        return canonical_norm(control_id, aliases)
    return f"{canonical_norm(norm, aliases)}-{rest}"


def document_aliases(*documents: Mapping[str, Any]) -> dict[str, str]:
    """The renamed norms that results documents record (``frameworks[].aliases``), the
    later documents' entries winning; anything not a text-to-text entry is ignored."""
    found: dict[str, str] = {}
    for document in documents:
        frameworks = document.get("frameworks")
        if not isinstance(frameworks, list):
            continue
        for framework in frameworks:
            aliases = framework.get("aliases") if isinstance(framework, Mapping) else None
            if isinstance(aliases, Mapping):
                found.update(
                    {k: v for k, v in aliases.items() if isinstance(k, str) and isinstance(v, str)}
                )
    return found


def former_ids(current_id: str, aliases: Mapping[str, str]) -> tuple[str, ...]:
    """The earlier IDs of a norm or control (``PR.03-verwerkingsregister`` ->
    ``PV.P01-verwerkingsregister``), oldest alias first."""
    norm, dash, rest = current_id.partition("-")
    return tuple(
        f"{old}{dash}{rest}"
        for old in aliases
        if old != norm and canonical_norm(old, aliases) == norm
    )
