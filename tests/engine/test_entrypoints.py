"""Installed plugins found from a remembered answer while nothing on ``sys.path`` changed,
and found again as soon as something did."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

import pytest

import ibpaudit
from engine.test_plugins import install_dist
from ibpaudit.engine import entrypoints
from ibpaudit.engine.entrypoints import Installed
from support import PROBE_START, age, imported, settled_python, wait_until_settled


def _records(cache: Path) -> list[Path]:
    return sorted((cache / "entry-points").glob("*.json"))


def _scanned() -> list[Installed]:
    """What importlib.metadata itself answers."""
    return [
        Installed(ep.name, ep.value, ep.dist.version if ep.dist else None)
        for ep in importlib.metadata.entry_points(group="ibpaudit")
    ]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    # The folder first, then the rest of the path but the working folder, which the
    # suite's own files change (a changed folder is not remembered, rightly), settled.
    here = {"", os.getcwd()}
    rest = [p for p in sys.path if p not in here]
    monkeypatch.setattr(sys, "path", [str(folder), *rest])
    wait_until_settled(rest)
    return folder


def test_the_answer_is_importlib_metadatas(site: Path) -> None:
    install_dist(site, "findings_csv")
    expected = _scanned()
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in expected
    assert entrypoints.installed("ibpaudit") == expected


def test_a_settled_path_is_answered_from_the_record(site: Path, tmp_path: Path) -> None:
    install_dist(site, "findings_csv")
    age(site)
    first = entrypoints.installed("ibpaudit")
    (record,) = _records(tmp_path / "cache")
    record.write_text('[["from_the_record", "some_module", "9.9"]]')
    assert entrypoints.installed("ibpaudit") == [Installed("from_the_record", "some_module", "9.9")]
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in first


def test_installing_a_plugin_is_noticed(site: Path, tmp_path: Path) -> None:
    age(site)
    before = entrypoints.installed("ibpaudit")
    assert _records(tmp_path / "cache")
    assert all(found.name != "findings_csv" for found in before)
    install_dist(site, "findings_csv")  # changes the folder's modification time
    after = entrypoints.installed("ibpaudit")
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in after


def test_a_folder_that_just_changed_is_not_remembered(site: Path, tmp_path: Path) -> None:
    install_dist(site, "findings_csv")  # just now: it may change again within this tick
    entrypoints.installed("ibpaudit")
    assert _records(tmp_path / "cache") == []


def test_no_record_is_kept_inside_the_dossier(cache_in_dossier: Path) -> None:
    found = entrypoints.installed("ibpaudit", avoid=cache_in_dossier)
    assert found == _scanned()
    assert not (cache_in_dossier / ".cache").exists()


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"{}", b'{"abc": 1}', b'["abc"]', b"[[1, 2, 3]]", b'[["a", "b"]]'],
)
def test_a_damaged_record_costs_only_the_scan(site: Path, tmp_path: Path, damage: bytes) -> None:
    install_dist(site, "findings_csv")
    age(site)
    entrypoints.installed("ibpaudit")
    (record,) = _records(tmp_path / "cache")
    record.write_bytes(damage)
    found = entrypoints.installed("ibpaudit")
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in found


def test_a_run_with_nothing_changed_does_not_read_package_metadata(tmp_path: Path) -> None:
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    python = settled_python(tmp_path / "here", env)
    probe = (
        PROBE_START + "from ibpaudit.engine import plugins\n"
        f"plugins.build(None)\nprint({imported(['importlib.metadata'])})\n"
    )
    assert [python(probe).strip(), python(probe).strip()] == ["True", "False"]


def test_the_version_is_the_installed_one() -> None:
    assert ibpaudit.__version__ == importlib.metadata.version("ibpaudit")
