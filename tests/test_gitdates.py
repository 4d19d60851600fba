"""Evidence age from Git: the last commit, not the modification time of a fresh clone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ibpaudit.gitdates import last_changed
from support import git


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
