"""The example board's verdicts, pinned: every refactoring must leave the results document
of ``ibpaudit run evidence`` unchanged apart from what varies by machine and moment
(timings, file times, Git dates, the path and the command line).

The golden file is ``tests/golden/example-board-results.json``. When a change is meant to
alter the example board's results (a new control, a changed message), regenerate it with

    IBPAUDIT_UPDATE_GOLDEN=1 python -m pytest tests/features/test_example_board.py

and review the diff of the golden file like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ibpaudit.errors import ExitCode
from support import EXAMPLE_BOARD, PROJECT, Cli

GOLDEN = PROJECT / "tests" / "golden" / "example-board-results.json"
# What differs between two runs of the same tree: the moment, the machine, the clone.
VARIES = frozenset({"duration_ms", "started_at", "modified", "committed", "root", "command"})


def normalised(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("*" if k in VARIES else normalised(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def test_the_example_board_gives_the_pinned_results(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "--output", str(tmp_path), "-q", "-f", "json")
    assert result.code == ExitCode.FAILED, result.err
    document = normalised(json.loads((tmp_path / "results.json").read_text(encoding="utf-8")))
    if os.environ.get("IBPAUDIT_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(
            json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert document["summary"] == golden["summary"]
    assert [(c["id"], c["status"], c["level_reached"]) for c in document["controls"]] == [
        (c["id"], c["status"], c["level_reached"]) for c in golden["controls"]
    ]
    assert document == golden


def test_normalising_keeps_every_verdict_and_finding() -> None:
    """The comparison hides only what varies between runs, never a verdict."""
    sample = {
        "status": "failed",
        "duration_ms": 1.5,
        "findings": [{"message": {"nl": "x", "en": "x"}, "modified": "2026-01-01"}],
    }
    assert normalised(sample) == {
        "status": "failed",
        "duration_ms": "*",
        "findings": [{"message": {"nl": "x", "en": "x"}, "modified": "*"}],
    }
