"""A results document as ibpaudit wrote it before PV.P01 moved to PR.03 (issue 20),
for the tests of everything that must recognise the old ID."""

from __future__ import annotations

import copy
from typing import Any

OLD, NEW = "PV.P01", "PR.03"
CONTROL = "verwerkingsregister"


def before_the_move(document: dict[str, Any]) -> dict[str, Any]:
    """The document as ibpaudit wrote it before PR.03: the old ID, domain and statuses,
    and no alias table."""
    old = copy.deepcopy(document)
    for framework in old["frameworks"]:
        framework.pop("aliases", None)
    for control in old["controls"]:
        if control["norm"] == NEW:
            control.update(id=f"{OLD}-{CONTROL}", norm=OLD, domain="PV")
    for norm in old["norms"]:
        if norm["id"] == NEW:
            norm.update(id=OLD, domain="PV", source="provisional")
            norm["controls"] = [f"{OLD}-{CONTROL}"]
        elif norm["source"] in ("title-seen", "id-seen", "inferred"):
            norm["source"] = "verified"
    return old
