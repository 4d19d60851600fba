"""Run one check type on a small dossier written as real files, through the public
harness plugin authors use (:func:`ibpaudit.testing.judge`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import testing
from ibpaudit.model import CheckOutcome
from support import AS_OF, Judge


@pytest.fixture
def judge(tmp_path: Path) -> Judge:
    """``judge(files, check, params, as_of=AS_OF)`` → the check's outcome, judged as
    ``ibpaudit run`` judges it with the real plugins, readers and catalog."""

    def run(
        files: Mapping[str, str | bytes],
        check: str,
        params: Mapping[str, Any],
        as_of: date = AS_OF,
    ) -> CheckOutcome:
        return testing.judge(tmp_path / "dossier", files, check, params, as_of=as_of)

    return run
