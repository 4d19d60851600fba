"""Run one check type on a small dossier written as real files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import engine
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.model import CheckContext, CheckOutcome, Control, Limits, Text
from support import AS_OF, Judge


def write_dossier(root: Path, files: Mapping[str, str | bytes]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if "ibpaudit.yaml" not in files:
        (root / "ibpaudit.yaml").write_text("bestuur: Teststichting\n", encoding="utf-8")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def judge(tmp_path: Path) -> Judge:
    """``judge(files, check, params, as_of=AS_OF)`` → the check's outcome, read through the
    real plugins, readers and catalog reference data."""

    def run(
        files: Mapping[str, str | bytes],
        check: str,
        params: Mapping[str, Any],
        as_of: date = AS_OF,
    ) -> CheckOutcome:
        root = tmp_path / "dossier"
        write_dossier(root, files)
        manager = plugins.build(root)
        check_type, _ = manager.check_types()[check]
        catalog = engine.load_catalog(manager, root)
        config = load_config(root)
        dossier = Dossier.load(root, config, manager, Limits())
        control = Control("T.01-test", "GO.02", Text("t", "t"), None, "low", (), (), "test")
        ctx = CheckContext(dossier, as_of, control, catalog.reference)
        return check_type.evaluate(ctx, params)

    return run
