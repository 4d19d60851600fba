"""Plugins from the ``ibpaudit`` entry-point group, found through real package metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit.errors import ExitCode
from support import EXAMPLE_BOARD, PROJECT, Cli


def install_dist(site: Path, entry_name: str) -> None:
    """A distribution as pip leaves it in site-packages: the module plus its dist-info."""
    site.mkdir(parents=True, exist_ok=True)
    module = PROJECT / "plugins" / "ibpaudit_findings_csv.py"
    (site / module.name).write_text(module.read_text(encoding="utf-8"), encoding="utf-8")
    info = site / "ibpaudit_findings_csv-0.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ibpaudit-findings-csv\nVersion: 0.3.0\n"
    )
    (info / "entry_points.txt").write_text(f"[ibpaudit]\n{entry_name} = ibpaudit_findings_csv\n")


def test_entry_point_plugin_is_loaded_with_its_version(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_dist(tmp_path / "site", "findings_csv")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    out = tmp_path / "out"
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(out), "--format", "json,csv")
    assert result.code == ExitCode.FAILED
    assert (out / "findings.csv").read_text(encoding="utf-8-sig").startswith("maatregel;norm;")
    plugins = json.loads((out / "results.json").read_text())["plugins"]
    assert {"name": "findings_csv", "version": "0.3.0", "origin": "entrypoint"} in plugins


def test_entry_point_can_be_disabled(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_dist(tmp_path / "site", "findings_csv")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    result = cli(
        "run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"),
        "--format", "csv", "--disable-plugin", "findings_csv",
    )  # fmt: skip
    assert result.code == ExitCode.USAGE_ERROR  # a disabled plugin's format is unknown
    assert "onbekend formaat csv" in result.err


def test_entry_point_named_like_a_builtin_is_refused_by_name(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_dist(tmp_path / "site", "markdown")  # the built-in Markdown reader's name
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    out = tmp_path / "out"
    result = cli("run", str(EXAMPLE_BOARD), "-o", str(out), "--format", "json")
    assert result.code == ExitCode.EVIDENCE_ERROR
    assert "heeft de naam van een ingebouwde plugin" in result.err  # Dutch by default
    document = json.loads((out / "results.json").read_text())
    (problem,) = [p for p in document["problems"] if p["kind"] == "plugin"]
    assert "has the name of a built-in plugin" in problem["message"]["en"]
    assert document["summary"]["failed"] == 2  # the audit itself still ran
