"""Catalog problems in words: where in the file (``file:line``, "level 3, check 2"), what
is wrong and what to do, in Dutch and English.

JSON Schema says *that* a control is wrong; its messages (``... is not valid under any
of the given schemas``) rarely say *what*. Every schema error is phrased here from its
kind (unknown key, missing key, wrong type, ...) and the schema it broke, with a
suggestion where a close match exists, so no jsonschema wording reaches the user.
"""

from __future__ import annotations

from typing import Any

from ibpaudit.model import CatalogProblem, Text, text
from ibpaudit.schemas.phrasing import DocPath, Issue
from ibpaudit.yamlio import key_line


def place(path: DocPath) -> Text:
    """A place in a control in the words people use: "level 3, check 2, require"."""
    nl: list[str] = []
    en: list[str] = []
    steps = list(path)
    if len(steps) >= 2 and steps[0] == "levels":
        nl.append(f"niveau {steps[1]}")
        en.append(f"level {steps[1]}")
        steps = steps[2:]
        if steps and isinstance(steps[0], int):
            nl.append(f"check {steps[0] + 1}")
            en.append(f"check {steps[0] + 1}")
            steps = steps[1:]
    before: str | int | None = None
    for step in steps:
        if isinstance(step, int):
            if before in ("where", "require", "all", "any"):
                nl.append(f"voorwaarde {step + 1}")
                en.append(f"condition {step + 1}")
            else:
                nl.append(f"item {step + 1}")
                en.append(f"item {step + 1}")
        else:
            nl.append(step)
            en.append(step)
        before = step
    return Text(", ".join(nl), ", ".join(en))


def problem(label: str, data: Any, issue: Issue) -> CatalogProblem:
    """``file:line: place: message``, the line that of the key the issue is about."""
    steps = [*issue.path, issue.key] if issue.key is not None else list(issue.path)
    line = key_line(data, steps) if data is not None else None
    where = f"{label}:{line}" if line else label
    at = place(issue.path)
    if at.en:
        message = text("{w}: {a}: {m}", "{w}: {a}: {m}", w=where, a=at, m=issue.message)
    else:
        message = text("{w}: {m}", "{w}: {m}", w=where, m=issue.message)
    return CatalogProblem(label, message, line)
