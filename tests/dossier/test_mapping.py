"""``normkoppeling.yaml``: provisional norm IDs mapped to official ones, shown in reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.dossier.mapping import load_mapping
from ibpaudit.engine import plugins
from ibpaudit.errors import ConfigError, ExitCode
from support import Cli


def write(tmp_path: Path, content: str) -> Path:
    (tmp_path / "normkoppeling.yaml").write_text(content, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return engine.load_catalog(plugins.build(None), None)


def test_valid_mapping(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    mapping = load_mapping(write(tmp_path, "koppelingen:\n  PV.P02: PR.01\n"), catalog)
    assert mapping["PV.P02"].official == "PR.01"


def test_a_mapping_of_a_moved_id_to_its_new_id_keeps_working(  # type: ignore[no-untyped-def]
    tmp_path: Path, catalog
) -> None:
    """PV.P01 became PR.03 in the catalog; a board that had mapped it so needs nothing."""
    content = "koppelingen:\n  PV.P01: PR.03\n  PV.P02: PR.01\n"
    mapping = load_mapping(write(tmp_path, content), catalog)
    assert set(mapping) == {"PV.P02"}


def test_a_mapping_of_a_moved_id_to_another_id_says_what_to_do(  # type: ignore[no-untyped-def]
    tmp_path: Path, catalog
) -> None:
    with pytest.raises(ConfigError) as info:
        load_mapping(write(tmp_path, "koppelingen:\n  PV.P01: PR.01\n"), catalog)
    for message in (str(info.value), info.value.in_language("nl")):
        assert message.startswith("normkoppeling.yaml:2: 'PV.P01'")
        assert "PR.03" in message
    assert "Remove this line" in str(info.value)
    assert "Haal deze regel weg" in info.value.in_language("nl")


def test_no_file_no_mapping(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    assert load_mapping(tmp_path, catalog) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("koppelingen:\n  GB.02: PR.01\n", "already an official ID (title-seen)"),
        ("koppelingen:\n  SM.09: SM.99\n", "already an official ID (inferred)"),
        ("koppelingen:\n  PV.P99: PR.01\n", "'PV.P99' is not a norm"),
        ("koppelingen:\n  PV.P02: pr-1\n", "looks like 'GO.02'"),
        ("koppelingen:\n  PV.P02: GB.02\n", "already the ID of norm"),
        ("koppelingen:\n  PV.P02: PR.03\n", "already the ID of norm"),
        ("koppelingen:\n  PV.P03: PR.01\n  PV.P02: PR.01\n", "given to both"),
        ("- PV.P02\n", "expected 'koppelingen:'"),
    ],
)
def test_invalid_mapping_names_the_file(
    tmp_path: Path,
    catalog,  # type: ignore[no-untyped-def]
    content: str,
    expected: str,
) -> None:
    with pytest.raises(ConfigError) as info:
        load_mapping(write(tmp_path, content), catalog)
    assert str(info.value).startswith("normkoppeling.yaml")
    assert expected in str(info.value)


def test_reports_show_the_mapping(cli: Cli, board: Path, tmp_path: Path) -> None:
    (board / "normkoppeling.yaml").write_text("koppelingen:\n  PV.P02: PR.09\n")
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out))
    assert result.code == ExitCode.FAILED
    norms = {n["id"]: n for n in json.loads((out / "results.json").read_text())["norms"]}
    assert norms["PV.P02"]["official_id"] == "PR.09"
    assert norms["GB.02"]["official_id"] is None
    assert "PV.P02 (= PR.09)" in (out / "junit.xml").read_text()
    assert "→ PR.09" in (out / "report.html").read_text()
    coverage = cli("controls", str(board), "--coverage", "--format", "json")
    rows = {r["id"]: r for r in json.loads(coverage.out)["norms"]}
    assert rows["PV.P02"]["official_id"] == "PR.09"
    # The mapping file is configuration, not evidence.
    evidence = json.loads((out / "results.json").read_text())["evidence"]
    assert "normkoppeling.yaml" not in {e["path"] for e in evidence}
