"""Fixtures of the catalog caches' tests: the check types on offer, a cache folder of the
test's own, and a catalog folder outside any dossier."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ibpaudit.engine import plugins
from ibpaudit.model import CheckType
from support import PROJECT


@pytest.fixture
def check_types() -> dict[str, CheckType]:
    return {name: ct for name, (ct, _) in plugins.build(None).check_types().items()}


@pytest.fixture
def catalog_folder(tmp_path: Path) -> Callable[[str], Path]:
    """A catalog folder outside any dossier, as a plugin or the package offers one: the
    shipped frameworks and one control file with the given text."""

    def make(control: str) -> Path:
        folder = tmp_path / "catalog"
        shutil.copytree(PROJECT / "controls" / "frameworks", folder / "frameworks")
        (folder / "GO").mkdir()
        (folder / "GO" / "GO.02-eigen.yaml").write_text(control)
        return folder

    return make
