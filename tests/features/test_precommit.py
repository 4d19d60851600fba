"""The pre-commit hook (.pre-commit-hooks.yaml), run for real by pre-commit.

A scratch Git repository holds a copy of the example dossier and a
``.pre-commit-config.yaml`` that points at a Git snapshot of this checkout, the way a
board points at an ibpaudit release. pre-commit builds the hook's environment as it would
on a board's laptop (a virtualenv with ibpaudit installed from that snapshot, its
dependencies from the package index; about 15 s once per test session) and runs the hook
on ``git commit``. Breaking the adoption date of the IBP policy must stop the commit with
a line that names the file; undoing it must let commits through again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_config, load_manifest

from support import EXAMPLE_BOARD, PROJECT, update_config

HOOKS = PROJECT / ".pre-commit-hooks.yaml"
POLICY = "beleid/ibp-beleid.md"
ADOPTED = "vastgesteld_op: 2026-03-10\n"
FAILING_CONTROLS = ("GB.02-datalekken", "PV.P02-verwerkersovereenkomsten")
# What a package build of ibpaudit needs; nothing else is copied into the snapshot.
SNAPSHOT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "controls", "evidence")


@dataclass(frozen=True)
class Done:
    code: int
    output: str

    def lines_naming(self, path: str) -> list[str]:
        return [line for line in self.output.splitlines() if path in line]


class Git:
    """Commands in one scratch repository, with a fixed identity and no user config."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env

    def __call__(self, *args: str, check: bool = True) -> Done:
        return self.run(["git", *args], check=check)

    def run(self, command: Sequence[str], check: bool = False) -> Done:
        done = subprocess.run(
            list(command), cwd=self.root, env=self.env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        result = Done(done.returncode, done.stdout + done.stderr)
        assert not check or result.code == 0, result.output
        return result

    def head(self) -> str:
        return self("rev-parse", "HEAD").output.strip()

    def commit(self, message: str) -> Done:
        """``git commit``, which runs the installed pre-commit hook."""
        return self("commit", "--allow-empty", "-am", message, check=False)

    def pre_commit(self, *args: str) -> Done:
        return self.run([sys.executable, "-m", "pre_commit", *args])


@pytest.fixture(scope="session")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Privacy Officer",
        GIT_AUTHOR_EMAIL="po@example.org",
        GIT_COMMITTER_NAME="Privacy Officer",
        GIT_COMMITTER_EMAIL="po@example.org",
        PRE_COMMIT_HOME=str(home),  # one hook environment for the whole session
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    )
    return env


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str]) -> str:
    """A Git snapshot of this checkout as it is now (committed or not); returns its commit."""
    root = tmp_path_factory.mktemp("ibpaudit-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy(source, root / name)
    git = Git(root, git_env)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "snapshot")
    return str(root)


def make_board(
    tmp_path: Path, git_env: dict[str, str], hook_repo: str, hook: dict[str, Any]
) -> Git:
    """The example dossier as a board's repository with the hook installed."""
    board = tmp_path / "dossier"
    shutil.copytree(EXAMPLE_BOARD, board)
    git = Git(board, git_env)
    rev = Git(Path(hook_repo), git_env).head()
    config = {"repos": [{"repo": hook_repo, "rev": rev, "hooks": [{"id": "ibpaudit", **hook}]}]}
    (board / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (board / ".gitignore").write_text("/reports/*\n!/reports/baseline.json\n", encoding="utf-8")
    git("init", "-q", "-b", "main")
    installed = git.pre_commit("install")
    assert installed.code == 0, installed.output
    return git


def set_adoption(git: Git, line: str) -> None:
    """Give the IBP policy another adoption date line; ``ADOPTED`` restores the original."""
    path = git.root / POLICY
    original = (EXAMPLE_BOARD / POLICY).read_text(encoding="utf-8")
    assert original.count(ADOPTED) == 1
    path.write_text(original.replace(ADOPTED, line), encoding="utf-8")


def test_the_hook_definition() -> None:
    (hook,) = load_manifest(str(HOOKS))  # pre-commit's own schema check
    assert hook["id"] == "ibpaudit"
    assert hook["entry"] == "ibpaudit run"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    assert "--quiet" not in hook["args"]  # it would hide the lines that name the files


def test_the_example_config_is_valid_and_uses_the_hook() -> None:
    config = load_config(str(PROJECT / "docs" / "examples" / "pre-commit-config.yaml"))
    (repo,) = config["repos"]
    assert repo["repo"].endswith("/ibpaudit")
    (hook,) = repo["hooks"]
    assert hook["id"] == "ibpaudit"
    assert hook["args"] == ["--baseline", "reports/baseline.json"]


@pytest.mark.parametrize(
    ("broken", "reason", "code"),
    [
        ("vastgesteld_op: 31-02-2026\n", "'31-02-2026' is geen geldige datum", 2),
        ("vastgesteld_op: 2027-03-10\n", "pas op 2027-03-10 vastgesteld", 1),
    ],
)
def test_a_broken_adoption_date_stops_the_commit_and_names_the_file(
    tmp_path: Path, git_env: dict[str, str], hook_repo: str, broken: str, reason: str, code: int
) -> None:
    git = make_board(tmp_path, git_env, hook_repo, {})
    # The example board fails two norms on purpose; this board has skipped them.
    skips = [{"id": c, "reden": "elders afgehandeld"} for c in FAILING_CONTROLS]
    update_config(git.root, {"controls": {"overslaan": skips}})
    git("add", "-A")
    first = git.commit("dossier")
    assert first.code == 0, first.output
    assert "ibpaudit (IBP dossier audit)" in first.output and "Passed" in first.output
    before = git.head()

    set_adoption(git, broken)
    refused = git.commit("beleid aangepast")

    assert refused.code != 0
    assert git.head() == before
    assert f"exit code: {code}" in refused.output
    assert [line for line in refused.lines_naming(POLICY) if reason in line]

    set_adoption(git, ADOPTED)
    again = git.pre_commit("run", "--all-files")
    assert again.code == 0, again.output
    assert not again.lines_naming(POLICY)
    assert git.commit("niets veranderd").code == 0
    assert git.head() != before


def test_with_a_baseline_a_growing_dossier_commits_and_a_regression_does_not(
    tmp_path: Path, git_env: dict[str, str], hook_repo: str
) -> None:
    """The recommended form for a board that is still growing: the known failures of the
    committed baseline pass, anything that gets worse stops the commit."""
    git = make_board(
        tmp_path, git_env, hook_repo, {"args": ["--baseline", "reports/baseline.json"]}
    )
    audit = git.run(["ibpaudit", "run", ".", "-q", "--format", "json"])
    assert audit.code == 1  # the two norms the example board fails
    (git.root / "reports" / "results.json").rename(git.root / "reports" / "baseline.json")
    git("add", "-A")
    assert "reports/baseline.json" in git("status", "--short").output
    first = git.commit("dossier met baseline")
    assert first.code == 0, first.output

    set_adoption(git, "vastgesteld_op: 2027-03-10\n")
    refused = git.commit("beleid aangepast")

    assert refused.code != 0
    assert [line for line in refused.lines_naming(POLICY) if "2027-03-10" in line]

    set_adoption(git, ADOPTED)
    assert git.pre_commit("run", "--all-files").code == 0
