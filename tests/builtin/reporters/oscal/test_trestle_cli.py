"""What an auditor does with the two files: ``trestle init``, ``trestle import`` and
``trestle validate`` (compliance-trestle's own command line, run for real)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from builtin.reporters.reporters_support import EXAMPLE_BOARD
from ibpaudit.builtin.reporters import oscal
from ibpaudit.cli import main
from support import Cli


def trestle(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trestle", *args],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_an_auditor_imports_and_validates_both_files(cli: Cli, tmp_path: Path) -> None:
    board = tmp_path / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    main(["run", str(board), "-o", str(tmp_path / "out"), "-q", "-f", "json,oscal"])
    catalog = tmp_path / "catalog.json"
    catalog.write_text(cli("controls", str(board), "--format", "oscal").out, encoding="utf-8")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    assert trestle(workspace, "init").returncode == 0
    results = tmp_path / "out" / oscal.FILENAME
    for source, name in ((results, "voorbeeld"), (catalog, "normenkader")):
        imported = trestle(workspace, "import", "-f", str(source), "-o", name)
        assert imported.returncode == 0, imported.stdout + imported.stderr
    stored = workspace / "assessment-results" / "voorbeeld" / "assessment-results.json"
    # trestle writes it back in its own form (timestamps as +00:00); the content stays.
    ours, theirs = (
        json.loads(p.read_text(encoding="utf-8"))["assessment-results"] for p in (results, stored)
    )
    assert theirs["uuid"] == ours["uuid"]

    def statuses(document: dict[str, Any]) -> dict[str, str]:
        return {
            f["target"]["target-id"]: f["target"]["status"]["state"]
            for f in document["results"][0]["findings"]
        }

    assert statuses(theirs) == statuses(ours)
    assert (workspace / "catalogs" / "normenkader" / "catalog.json").is_file()
    validated = trestle(workspace, "validate", "-a")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    # The same import refuses a document that is not OSCAL.
    (tmp_path / "bad.json").write_text('{"catalog": {"uuid": "x"}}', encoding="utf-8")
    refused = trestle(workspace, "import", "-f", str(tmp_path / "bad.json"), "-o", "kapot")
    assert refused.returncode != 0
