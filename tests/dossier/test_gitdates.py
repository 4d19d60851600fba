"""Evidence age from Git: the last commit, not the modification time of a fresh clone."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import pytest

from ibpaudit.dossier.gitdates import Reading, last_changed
from support import EXAMPLE_BOARD, Cli, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "dossier" / "beleid").mkdir(parents=True)
    git(root, "init", "-q")
    (root / "dossier" / "beleid" / "ibp-beleid.md").write_text("v1\n")
    (root / "dossier" / "registers.csv").write_text("a;b\n")
    (root / "elsewhere.txt").write_text("x\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", when="2024-01-02T10:00:00+01:00")
    (root / "dossier" / "registers.csv").write_text("a;b\n1;2\n")
    git(root, "commit", "-qam", "second", when="2025-06-30T12:00:00+02:00")
    return root


def test_last_commit_per_file_relative_to_the_dossier(repo: Path) -> None:
    dates = last_changed(repo / "dossier")
    assert dates == {
        "beleid/ibp-beleid.md": datetime.fromisoformat("2024-01-02T10:00:00+01:00"),
        "registers.csv": datetime.fromisoformat("2025-06-30T12:00:00+02:00"),
    }


def test_uncommitted_changes_and_new_files_have_no_commit_date(repo: Path) -> None:
    (repo / "dossier" / "beleid" / "ibp-beleid.md").write_text("v2\n")
    (repo / "dossier" / "nieuw.csv").write_text("a\n")
    dates = last_changed(repo / "dossier")
    assert set(dates) == {"registers.csv"}


def test_outside_a_repository_nothing_is_known(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert last_changed(tmp_path / "plain") is None


# --- what a CI checkout looks like ---------------------------------------------------

PR_03 = (
    "PR.03-verwerkingsregister"  # its processing register may be a year old at most (was PV.P01)
)


def _old_dossier(tmp_path: Path) -> Path:
    """The example board committed long ago, then one unrelated commit today: a full
    clone dates the processing register 2025-01-15 (stale on the board's as-of date)."""
    origin = tmp_path / "origin"
    shutil.copytree(EXAMPLE_BOARD, origin)
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "dossier", when="2025-01-15T10:00:00+01:00")
    (origin / "LEESMIJ.txt").write_text("bijgewerkt\n", encoding="utf-8")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "today", when="2026-11-20T10:00:00+01:00")
    return origin


def _clone(origin: Path, target: Path, *depth: str) -> Path:
    git(origin.parent, "clone", "-q", *depth, f"file://{origin}", str(target))
    return target


def _pr_03(cli: Cli, root: Path, out: Path) -> tuple[int, dict[str, Any]]:
    code = cli("run", str(root), "-o", str(out), "-f", "json", "-q").code
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return code, next(c for c in document["controls"] if c["id"] == PR_03)


def _messages(control: dict[str, Any]) -> list[str]:
    return [f["message"]["en"] for c in control["checks"] for f in c["findings"]]


def test_a_shallow_clone_is_an_error_that_says_how_to_fix_it(cli: Cli, tmp_path: Path) -> None:
    origin = _old_dossier(tmp_path)
    full = _clone(origin, tmp_path / "full")
    shallow = _clone(origin, tmp_path / "shallow", "--depth", "1")

    _, judged = _pr_03(cli, full, tmp_path / "out-full")
    code, refused = _pr_03(cli, shallow, tmp_path / "out-shallow")

    assert judged["stale"] is True  # the full clone knows the register is old
    assert code == 2 and refused["status"] == "error"
    (message,) = [m for m in _messages(refused) if "verwerkingsregister" in m]
    assert "cannot be judged: this is a shallow Git clone" in message
    assert "fetch-depth: 0" in message and "GIT_DEPTH: 0" in message


def test_a_repository_without_git_installed_is_an_error_too(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = _clone(_old_dossier(tmp_path), tmp_path / "full")
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))

    code, control = _pr_03(cli, full, tmp_path / "out")

    assert code == 2 and control["status"] == "error"
    assert any("but git is not installed" in m for m in _messages(control))


def test_a_folder_outside_any_repository_still_uses_file_times(cli: Cli, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLE_BOARD, plain)

    _, control = _pr_03(cli, plain, tmp_path / "out")

    assert control["status"] == "passed"  # copied just now: fresh by its own clock


def test_the_questions_asked_together_give_what_each_gives_alone(repo: Path) -> None:
    with Reading(repo / "dossier") as reading:
        assert reading.problem() is None
        assert reading.last_changed() == last_changed(repo / "dossier")


def test_a_reading_nobody_asks_leaves_no_git_running(repo: Path) -> None:
    me = psutil.Process()
    with Reading(repo / "dossier") as reading:
        started = [c for c in me.children() if c.name() == "git"]
        assert reading.executable is not None
    assert started  # asked at once, before any answer is wanted ...
    for child in started:  # ... and stopped and reaped when the reading closes
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE
