"""Who a name in a dossier means: people compared as people, not as strings.

"R. Jansen (security officer)", "dhr. R. Jansen" and "security officer" (when
``organisatie.yaml`` names R. Jansen in that role) are one person, so the four-eyes
check of a waiver cannot be passed by spelling a name differently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ibpaudit.values import normalise_name
from ibpaudit.yamlio import YamlError, load_yaml_file

ORGANISATION_FILES = ("organisatie.yaml", "organisatie.yml")
MAX_BYTES = 1024 * 1024  # a size guard, checked before the file is read
# Forms of address and academic titles written before a Dutch name.
TITLES = frozenset(
    {"dhr", "hr", "mevr", "mw", "mej", "drs", "ir", "mr", "dr", "prof", "ing", "bc", "ds"}
)
_SUFFIX = re.compile(r"\(([^)]*)\)")
# Letters that Unicode does not decompose into a base letter plus an accent.
# (ß needs no entry: case folding writes it as ss.)
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "ł": "l"})


def role_holders(root: Path) -> dict[str, str]:
    """``rollen`` of the dossier's ``organisatie.yaml``: normalised role name → holder.

    An unreadable file gives no roles: the audit reports it where it is evidence.
    """
    for name in ORGANISATION_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            data = load_yaml_file(path, name, MAX_BYTES)
        except YamlError:
            return {}
        roles = data.get("rollen") if isinstance(data, Mapping) else None
        if not isinstance(roles, Mapping):
            return {}
        return {
            normalise_name(str(role)): str(holder)
            for role, value in roles.items()
            if (holder := _holder(value))
        }
    return {}


def _holder(value: Any) -> str | None:
    name = value.get("naam") if isinstance(value, Mapping) else value
    return str(name) if name else None


def _plain(name: str) -> str:
    """Lower case, no accents, punctuation or spaces, leading titles dropped:
    'Dhr. drs. R. Jansen' → 'rjansen'."""
    words = normalise_name(name.casefold().translate(_LETTERS)).split("_")
    while len(words) > 1 and words[0] in TITLES:
        words.pop(0)
    return "".join(words)


def person(name: str, roles: Mapping[str, str]) -> str:
    """A key that is equal for every way of writing the same person's name; a role that
    ``roles`` knows stands for the person holding it."""
    without_role = _SUFFIX.sub(" ", name)
    given = without_role if normalise_name(without_role) else " ".join(_SUFFIX.findall(name))
    holder = roles.get(normalise_name(given))
    return _plain(_SUFFIX.sub(" ", holder) if holder else given)


def same_person(first: str, second: str, roles: Mapping[str, str]) -> bool:
    return person(first, roles) == person(second, roles)
