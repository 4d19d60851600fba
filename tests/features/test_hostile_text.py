"""Evidence text is inert in every output: a run on a dossier whose cells hold terminal
escapes, a bell, line breaks followed by CI runner commands, a right-to-left override and
a 100,000-character value leaves no raw control character and no line-leading ``::`` in
any console line (ibpaudit run, validate, pytest --ibpaudit), and none in any report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_text import FORBIDDEN, ROWS, hostile_board
from ibpaudit import inert

FORMATS = "junit,html,json,sarif,markdown"
# A line a CI runner would obey: GitHub's "::name ...::" at the start (after blanks), the
# legacy "##[name]" and Azure's "##vso[" anywhere.
COMMAND = re.compile(r"^\s*::|##\[|##vso\[")


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_board(tmp_path_factory.mktemp("hostile") / "board")


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "GITHUB_ACTIONS": "true"}
    return subprocess.run(
        [sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def _assert_inert_lines(output: str) -> None:
    assert output.strip()
    for line in output.splitlines():
        assert not inert.UNSAFE.search(line), repr(line[:200])
        assert not COMMAND.search(line), repr(line[:200])


@pytest.fixture(scope="module")
def run(board: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        "-m", "ibpaudit", "run", "board", "-o", "out", "--format", FORMATS, cwd=board.parent
    )


def test_the_console_shows_no_raw_control_and_no_command(
    run: subprocess.CompletedProcess[str],
) -> None:
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    _assert_inert_lines(run.stderr)


def test_every_report_carries_the_evidence_inert(
    board: Path, run: subprocess.CompletedProcess[str]
) -> None:
    out = board.parent / "out"
    files = sorted(
        p for p in out.iterdir() if p.suffix in (".xml", ".html", ".json", ".sarif", ".md")
    )
    assert {p.name for p in files} >= {
        "junit.xml", "report.html", "results.json", "results.sarif", "summary.md"
    }  # fmt: skip
    for path in files:
        raw = path.read_text(encoding="utf-8")
        for char in FORBIDDEN:
            assert char not in raw, (path.name, repr(char))
            assert f"\\u{ord(char):04x}" not in raw.lower(), (path.name, repr(char))
        assert not re.search(r"&#x?0*(1b|27|7|202e);", raw, re.I), path.name
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    messages = " ".join(
        f["message"]["nl"] for c in document["controls"] for k in c["checks"] for f in k["findings"]
    )
    # Each hostile row is still reported, its control characters visible.
    for _, product in ROWS:
        assert inert.text(product, inert.UNSAFE_IN_DOCUMENT)[:50] in messages


def test_validate_lines_are_inert(board: Path) -> None:
    # A date nobody can read makes validate print the hostile rows' control too.
    result = _run("-m", "ibpaudit", "validate", "board", "--lang", "en", cwd=board.parent)
    _assert_inert_lines(result.stderr)


def test_pytest_plugin_output_is_inert(board: Path, tmp_path: Path) -> None:
    junit = tmp_path / "pytest.xml"
    result = _run(
        "-m", "pytest", "-p", "no:cacheprovider", "--ibpaudit", str(board),
        "-rA", f"--junitxml={junit}", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout[-3000:]
    _assert_inert_lines(result.stdout)
    xml = junit.read_text(encoding="utf-8")
    for char in FORBIDDEN:
        assert char not in xml
