"""The example third-party plugin (plugins/ibpaudit_findings_csv.py), used the two ways a
board would: copied into the dossier's ``plugins/`` folder, and installed as a package
with ``pip install ./plugins`` (built offline from plugins/pyproject.toml). Its CSV opens
in Excel as text, whatever the evidence holds."""

from __future__ import annotations

import copy
import csv
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ibpaudit.cli import main
from ibpaudit.model import ReportOptions
from support import EXAMPLE_BOARD, PROJECT

PLUGIN = PROJECT / "plugins" / "ibpaudit_findings_csv.py"
NL_HEADER = ["maatregel", "norm", "status_maatregel", "niveau", "status", "bestand", "blad",
             "pagina", "rij", "regel", "kolom", "melding"]  # fmt: skip


@dataclass(frozen=True)
class Run:
    code: int
    document: dict[str, Any]
    csv: bytes


def audit(board: Path, out: Path, *extra: str) -> Run:
    code = main(["run", str(board), "-o", str(out), "-q", "--format", "json,csv", *extra])
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return Run(code, document, (out / "findings.csv").read_bytes())


def table(body: bytes) -> list[list[str]]:
    """The CSV as Excel reads it: BOM, ``;`` separated, quoted where needed."""
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def findings(document: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (c, f) for c in document["controls"] for k in c["checks"] for f in k["findings"]
    ]  # fmt: skip


@pytest.fixture(scope="module")
def plugin() -> ModuleType:
    spec = importlib.util.spec_from_file_location("findings_csv_under_test", PLUGIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The example board with the plugin in its local plugins/ folder."""
    board = tmp_path_factory.mktemp("csv") / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    (board / "plugins").mkdir()
    shutil.copy(PLUGIN, board / "plugins")
    return audit(board, board.parent / "reports")


@pytest.fixture
def document(local_run: Run) -> dict[str, Any]:
    return copy.deepcopy(local_run.document)


def test_loads_as_a_local_plugin_and_writes_one_row_per_finding(
    local_run: Run, plugin: ModuleType
) -> None:
    assert local_run.code == 1
    source = PLUGIN.read_bytes()
    local = {
        "name": "ibpaudit_findings_csv",
        "version": "local",
        "origin": "local",
        "path": "plugins/ibpaudit_findings_csv.py",
        "sha256": hashlib.sha256(source).hexdigest(),  # the bytes that were executed
        "refused": False,
    }
    assert local in local_run.document["plugins"]
    rows = table(local_run.csv)

    assert rows[0] == NL_HEADER
    assert len(rows) - 1 == len(findings(local_run.document)) > 2
    assert local_run.csv == plugin.render(local_run.document, ReportOptions())


def test_a_register_finding_names_file_row_and_message(local_run: Run) -> None:
    rows = [dict(zip(NL_HEADER, r, strict=True)) for r in table(local_run.csv)[1:]]
    pv02 = [r for r in rows if r["maatregel"] == "PV.P02-verwerkersovereenkomsten"]
    expected = [f for c, f in findings(local_run.document) if c["id"] == pv02[0]["maatregel"]]

    assert len(pv02) == len(expected) == 2
    assert pv02[0] | {"melding": ""} == {
        "maatregel": "PV.P02-verwerkersovereenkomsten", "norm": "PV.P02",
        "status_maatregel": "gefaald", "niveau": "3", "status": "gefaald",
        "bestand": "registers/verwerkersovereenkomsten.csv", "blad": "", "pagina": "",
        "rij": "5", "regel": "5", "kolom": "",
        "melding": "",
    }  # fmt: skip
    assert [r["melding"] for r in pv02] == [f["message"]["nl"] for f in expected]


def test_excel_habits_bom_semicolons_and_crlf(local_run: Run) -> None:
    body = local_run.csv
    assert body.startswith("\ufeffmaatregel;norm;".encode())
    assert body.count(b"\r\n") >= len(table(body))
    assert b"\n" not in body.replace(b"\r\n", b"")  # no bare line ends outside quoted text


def test_cells_excel_would_run_as_formulas_stay_text(
    document: dict[str, Any], plugin: ModuleType
) -> None:
    hostile = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    targets = findings(document)[: len(hostile)]
    for (_, finding), text in zip(targets, hostile, strict=True):
        finding["message"]["nl"] = text
    targets[0][0]["id"] = "=1+1"

    rows = table(plugin.render(document, ReportOptions()))[1:]

    assert [r[-1] for r in rows[: len(hostile)]] == ["'" + h for h in hostile]
    assert "'=1+1" in [r[0] for r in rows]
    assert not [cell for r in rows for cell in r if cell.startswith(("=", "+", "-", "@"))]


def test_separators_quotes_and_line_breaks_in_text_round_trip(
    document: dict[str, Any], plugin: ModuleType
) -> None:
    (_, finding), *_ = findings(document)
    finding["message"]["nl"] = 'a;b "c"\r\nd'

    rows = table(plugin.render(document, ReportOptions()))

    assert rows[1][-1] == 'a;b "c"\r\nd'
    assert {len(r) for r in rows} == {len(NL_HEADER)}


def test_english(local_run: Run, plugin: ModuleType) -> None:
    rows = table(plugin.render(local_run.document, ReportOptions(lang="en")))
    gb02 = next(f for c, f in findings(local_run.document) if c["id"] == "GB.02-datalekken")

    assert rows[0] == list(plugin.COLUMNS)
    assert ["GB.02-datalekken", "GB.02", "failed", "3", "failed", "registers/datalekken.yaml",
            "", "", "", "3", "", gb02["message"]["en"]] in rows  # fmt: skip
    assert not [r for r in rows if "gefaald" in r]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pip install ./plugins`` into a folder of its own: the package built from
    plugins/pyproject.toml, offline (the build backend is a test dependency)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target),
         str(PROJECT / "plugins")],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def test_installed_package_is_an_entry_point_plugin(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (info,) = site.glob("ibpaudit_findings_csv-*.dist-info")
    assert "findings_csv = ibpaudit_findings_csv" in (info / "entry_points.txt").read_text()
    monkeypatch.syspath_prepend(str(site))

    run = audit(EXAMPLE_BOARD, tmp_path / "out")

    assert run.code == 1
    plugin = {"name": "findings_csv", "version": "0.1.0", "origin": "entrypoint"}
    assert plugin in run.document["plugins"]
    assert len(table(run.csv)) - 1 == len(findings(run.document))


def test_installed_plugin_can_be_disabled(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(site))

    code = main(["run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"), "-q",
                 "--format", "csv", "--disable-plugin", "findings_csv"])  # fmt: skip

    assert code == 4  # a usage error: with the plugin disabled, csv is no format
    assert "onbekend formaat csv" in capsys.readouterr().err
