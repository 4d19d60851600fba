"""The Normenkader IBP catalog shipped with ibpaudit, plus a dossier's own ``controls/``."""

from __future__ import annotations

from pathlib import Path

from ibpaudit import hookimpl


def packaged_controls() -> Path:
    """The catalog inside an installed wheel, or the project's ``controls/`` in a checkout."""
    installed = Path(__file__).resolve().parent.parent / "_catalog"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "controls"


@hookimpl
def ibpaudit_catalog_dirs(root: Path | None) -> list[Path]:
    dirs = [packaged_controls()]
    if root is not None and (root / "controls").is_dir():
        dirs.append(root / "controls")
    return dirs
