"""Which boards a folder holds: every folder with an ``ibpaudit.yaml`` below it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ibpaudit.dossier.config import CONFIG_FILE
from ibpaudit.errors import UsageError
from ibpaudit.i18n import text


@dataclass(frozen=True)
class Board:
    """One board's dossier: its name (the folder's path below the boards folder, with
    ``/``) and its root."""

    name: str
    root: Path


def boards(folder: Path) -> list[Board]:
    """Every dossier under ``folder``, sorted by name. A dossier's own subfolders are not
    searched (its ``reports/`` or ``cases/`` are no boards); links are not followed."""
    if not folder.is_dir():
        raise UsageError.of(
            text(
                "sector run: {f} is geen map; geef de map met de dossiers",
                "sector run: {f} is not a folder; give the folder of the dossiers",
                f=folder,
            )
        )
    found: list[Board] = []
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        if CONFIG_FILE in files:
            name = here.relative_to(folder).as_posix()
            found.append(Board("." if name == "." else name, here))
            dirs.clear()
        else:
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    if not found:
        raise UsageError.of(
            text(
                "sector run: {f}: geen map met een {c}; het dossier van elk bestuur is een "
                "map met zijn eigen {c}",
                "sector run: {f}: no folder with an {c}; each board's dossier is a folder "
                "holding its {c}",
                f=folder,
                c=CONFIG_FILE,
            )
        )
    return sorted(found, key=lambda b: b.name)
