"""Every exit-code rule: the gate's verdict on a results document under ``--fail-on``."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from ibpaudit.cli import main
from ibpaudit.errors import ExitCode
from ibpaudit.model import gate as gating
from ibpaudit.model.gate import parse_fail_on
from ibpaudit.results import gate
from support import EXAMPLE_BOARD


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example board's results document (two critical controls fail)."""
    out = tmp_path_factory.mktemp("example")
    main(["run", str(EXAMPLE_BOARD), "-o", str(out), "--format", "json", "-q"])
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return document


def test_exit_code_follows_fail_on(example: dict[str, Any]) -> None:
    assert gate.exit_code(example, gating.DEFAULT) == (ExitCode.FAILED, ["failed"])
    assert gate.exit_code(example, parse_fail_on("error")) == (ExitCode.PASSED, [])
    # Both failing controls are critical.
    assert gate.exit_code(example, parse_fail_on("failed:critical"))[0] == ExitCode.FAILED
    regressions = [{"severity": "medium"}]
    assert gate.exit_code(example, parse_fail_on("regression"), regressions) == (
        ExitCode.FAILED,
        ["regression"],
    )
    assert gate.exit_code(example, parse_fail_on("regression:high"), regressions)[0] == 0


def test_errors_outrank_failures_and_problems_count_as_errors(example: dict[str, Any]) -> None:
    troubled = copy.deepcopy(example)
    troubled["problems"] = [{"kind": "plugin", "source": "x", "message": {"nl": "x", "en": "x"}}]
    assert gate.exit_code(troubled, gating.DEFAULT) == (
        ExitCode.EVIDENCE_ERROR,
        ["failed", "error"],
    )
    # A severity threshold cannot hide a problem that belongs to no control.
    assert gate.exit_code(troubled, parse_fail_on("error:critical"))[0] == 2
    assert gate.exit_code(troubled, parse_fail_on("failed"))[0] == ExitCode.FAILED
