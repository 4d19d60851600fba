"""Installed plugins found from a remembered answer while nothing on ``sys.path`` changed,
and found again as soon as something did."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ibpaudit
from engine.test_plugins import install_dist
from ibpaudit.engine import entrypoints
from ibpaudit.engine.entrypoints import Installed

_LONG_AGO = time.time() - 3600


def _age(folder: Path) -> None:
    """As if ``folder`` last changed an hour ago (a settled site-packages)."""
    os.utime(folder, (_LONG_AGO, _LONG_AGO))


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
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_the_answer_is_importlib_metadatas(site: Path) -> None:
    install_dist(site, "findings_csv")
    expected = _scanned()
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in expected
    assert entrypoints.installed("ibpaudit") == expected


def test_a_settled_path_is_answered_from_the_record(site: Path, tmp_path: Path) -> None:
    install_dist(site, "findings_csv")
    _age(site)
    first = entrypoints.installed("ibpaudit")
    (record,) = _records(tmp_path / "cache")
    record.write_text('[["from_the_record", "some_module", "9.9"]]')
    assert entrypoints.installed("ibpaudit") == [Installed("from_the_record", "some_module", "9.9")]
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in first


def test_installing_a_plugin_is_noticed(site: Path, tmp_path: Path) -> None:
    _age(site)
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
    _age(site)
    entrypoints.installed("ibpaudit")
    (record,) = _records(tmp_path / "cache")
    record.write_bytes(damage)
    found = entrypoints.installed("ibpaudit")
    assert Installed("findings_csv", "ibpaudit_findings_csv", "0.3.0") in found


def test_a_run_with_nothing_changed_does_not_read_package_metadata(tmp_path: Path) -> None:
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    here = tmp_path / "here"  # the probe's own folder (sys.path[0] of ``python -c``)
    here.mkdir()
    _age(here)

    def python(code: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=here,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip

    # Wait until every folder on the probe's path has settled (a fresh venv may be new).
    newest = max(
        (Path(p or ".").stat().st_mtime_ns for p in json.loads(python(
            "import json, sys; print(json.dumps([p for p in sys.path if p]))"
        )) if Path(p).is_dir()),
        default=0,
    )  # fmt: skip
    time.sleep(max(0.0, (newest + entrypoints.SETTLED_NS - time.time_ns()) / 1e9 + 0.1))
    probe = (
        "import sys; from ibpaudit.engine import plugins; plugins.build(None); "
        "print('importlib.metadata' in sys.modules)"
    )
    assert [python(probe), python(probe)] == ["True", "False"]


def test_the_version_is_the_installed_one() -> None:
    assert ibpaudit.__version__ == importlib.metadata.version("ibpaudit")
