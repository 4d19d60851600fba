"""The reader and check-type examples of docs/plugins.md, run the three ways the guide
shows: dropped into a dossier's ``plugins/`` folder, installed as an entry point (real
package metadata, found by importlib.metadata in a fresh interpreter), and judged with
:mod:`ibpaudit.testing`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ibpaudit import PluginError, Status, testing
from support import AS_OF, PROJECT

PLUGINS = PROJECT / "plugins"
READER = PLUGINS / "ibpaudit_json_register.py"
CHECK = PLUGINS / "ibpaudit_unique_values.py"
CONTROL_ID = "PV.P02-unieke-overeenkomsten"

CONTROL = f"""\
id: {CONTROL_ID}
norm: PV.P02
title:
  nl: Eén verwerkersovereenkomst per product
  en: One processor agreement per product
severity: high
levels:
  2:
    - check: register
      register: verwerkersovereenkomsten
      columns: [leverancier, product]
  3:
    - check: unique_values
      register: verwerkersovereenkomsten
      columns: [leverancier, product]
"""
SETTINGS = f"bestuur: Teststichting\npeildatum: 2026-03-01\ncontrols:\n  alleen: [{CONTROL_ID}]\n"
UNIQUE = [
    {"Leverancier": "Leerling BV", "product": "Cijfers", "ondertekend_op": "2025-09-01"},
    {"Leverancier": "Leerling BV", "product": "Rooster", "ondertekend_op": "2025-10-15"},
]
DUPLICATE = [*UNIQUE, {"Leverancier": "leerling bv ", "product": "Cijfers"}]


def dossier(root: Path, rows: list[dict[str, Any]], *, with_plugins: bool) -> Path:
    files: dict[str, str] = {
        "ibpaudit.yaml": SETTINGS,
        f"controls/{CONTROL_ID}.yaml": CONTROL,
        "registers/verwerkersovereenkomsten.json": json.dumps(rows, indent=2),
    }
    testing.write_dossier(root, files)
    if with_plugins:
        (root / "plugins").mkdir()
        shutil.copy(READER, root / "plugins")
        shutil.copy(CHECK, root / "plugins")
    return root


def ibpaudit_run(root: Path, out: Path, env: dict[str, str] | None = None) -> tuple[int, Any]:
    """``python -m ibpaudit run`` in a fresh interpreter, as a board runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "ibpaudit", "run", str(root), "-o", str(out),
         "--format", "json", "--lang", "en", "-q"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return result.returncode, document


def verdict(document: dict[str, Any]) -> tuple[str, int | None, list[str]]:
    (control,) = document["controls"]
    assert control["id"] == CONTROL_ID
    messages = [f["message"]["en"] for c in control["checks"] for f in c["findings"]]
    return control["status"], control["level_reached"], messages


@pytest.mark.parametrize(
    ("rows", "code", "status"), [(UNIQUE, 0, "passed"), (DUPLICATE, 1, "failed")]
)
def test_dropped_into_the_dossiers_plugins_folder(
    tmp_path: Path, rows: list[dict[str, Any]], code: int, status: str
) -> None:
    root = dossier(tmp_path / "board", rows, with_plugins=True)

    returned, document = ibpaudit_run(root, tmp_path / "out")

    assert returned == code
    assert document["problems"] == []
    local = {(p["name"], p["origin"], p["path"]) for p in document["plugins"] if "path" in p}
    assert local == {
        ("ibpaudit_json_register", "local", "plugins/ibpaudit_json_register.py"),
        ("ibpaudit_unique_values", "local", "plugins/ibpaudit_unique_values.py"),
    }
    got_status, level, messages = verdict(document)
    assert got_status == status
    if status == "failed":
        assert level == 2
        assert messages == [
            "leerling bv / Cijfers: already in row 1 (leverancier, product must be unique)"
        ]


def test_installed_as_entry_points(tmp_path: Path) -> None:
    """A distribution as pip leaves it: the modules plus a dist-info folder with METADATA
    and entry_points.txt, on the path of a fresh interpreter."""
    site = tmp_path / "site"
    info = site / "ibpaudit_board_extras-1.0.dist-info"
    info.mkdir(parents=True)
    shutil.copy(READER, site)
    shutil.copy(CHECK, site)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ibpaudit-board-extras\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[ibpaudit]\njson_register = ibpaudit_json_register\n"
        "unique_values = ibpaudit_unique_values\n",
        encoding="utf-8",
    )
    root = dossier(tmp_path / "board", DUPLICATE, with_plugins=False)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }

    returned, document = ibpaudit_run(root, tmp_path / "out", env)

    assert returned == 1
    assert document["problems"] == []
    installed = [p for p in document["plugins"] if p["origin"] == "entrypoint"]
    assert installed == [
        {"name": "json_register", "version": "1.0", "origin": "entrypoint"},
        {"name": "unique_values", "version": "1.0", "origin": "entrypoint"},
    ]
    assert verdict(document)[0] == "failed"


@pytest.fixture(scope="module")
def plugins() -> list[ModuleType]:
    return [testing.load_plugin(READER), testing.load_plugin(CHECK)]


def test_judged_with_the_testing_harness(tmp_path: Path, plugins: list[ModuleType]) -> None:
    params = {"register": "verwerkersovereenkomsten", "columns": ["leverancier", "product"]}

    def judge(rows: list[dict[str, Any]], name: str) -> Any:
        files = {"registers/verwerkersovereenkomsten.json": json.dumps(rows)}
        return testing.judge(
            tmp_path / name, files, "unique_values", params, as_of=AS_OF, plugins=plugins
        )

    assert judge(UNIQUE, "unique").findings == ()
    (finding,) = judge(DUPLICATE, "duplicate").findings
    assert finding.status is Status.FAILED
    assert finding.location.path == "registers/verwerkersovereenkomsten.json"
    assert finding.location.row == 3
    assert judge([{"leverancier": "A"}], "no-column").status is Status.ERROR
    assert judge([], "empty").findings == ()


def test_the_json_reader_refuses_what_is_no_register(
    tmp_path: Path, plugins: list[ModuleType]
) -> None:
    params = {"register": "verwerkersovereenkomsten", "columns": ["product"]}
    for name, body in [("object", '{"a": 1}'), ("broken", "[{"), ("deep", "[" * 100_000)]:
        files = {"registers/verwerkersovereenkomsten.json": body}
        outcome = testing.judge(
            tmp_path / name, files, "unique_values", params, as_of=AS_OF, plugins=plugins
        )
        (finding,) = outcome.findings
        assert finding.status is Status.ERROR, name
        assert "registers/verwerkersovereenkomsten.json" in finding.message.en, name


def test_a_plugin_under_test_that_cannot_be_used_is_an_error(tmp_path: Path) -> None:
    misspelt = tmp_path / "misspelt.py"
    misspelt.write_text(
        "from ibpaudit import hookimpl\n\n\n@hookimpl\ndef ibpaudit_check_type():\n    return []\n",
        encoding="utf-8",
    )
    with pytest.raises(PluginError, match="ibpaudit_check_type"):
        testing.judge(
            tmp_path / "d", {}, "register", {"register": "x"}, as_of=AS_OF,
            plugins=[testing.load_plugin(misspelt)],
        )  # fmt: skip


def test_a_controls_cases_run_with_the_testing_harness(
    tmp_path: Path, plugins: list[ModuleType]
) -> None:
    catalog = tmp_path / "catalog"
    cases = catalog / "cases" / CONTROL_ID
    testing.write_dossier(catalog, {f"{CONTROL_ID}.yaml": CONTROL})
    (catalog / "ibpaudit.yaml").unlink()  # a catalog folder, not a dossier
    register = "registers/verwerkersovereenkomsten.json"
    testing.write_dossier(cases / "pass", {register: json.dumps(UNIQUE)})
    testing.write_dossier(cases / "fail-dubbel", {register: json.dumps(DUPLICATE)})
    testing.write_dossier(cases / "fail-zonder-register", {})

    results = testing.run_cases(catalog, plugins=plugins)

    assert [(r.case.name, r.status, r.ok) for r in results] == [
        ("fail-dubbel", Status.FAILED, True),
        ("fail-zonder-register", Status.FAILED, True),
        ("pass", Status.PASSED, True),
    ]
    (cases / "pass" / register).write_text(json.dumps(DUPLICATE), encoding="utf-8")
    assert not testing.run_cases(catalog, plugins=plugins)[-1].ok


def test_a_whole_audit_with_the_testing_harness_names_the_plugins_under_test(
    tmp_path: Path, plugins: list[ModuleType]
) -> None:
    import jsonschema

    from ibpaudit.catalog import load_schema

    files = {
        f"controls/{CONTROL_ID}.yaml": CONTROL,
        "registers/verwerkersovereenkomsten.json": json.dumps(DUPLICATE),
    }
    document = testing.audit(tmp_path / "d", files, plugins=plugins, only=[CONTROL_ID])

    jsonschema.validate(document, load_schema("results"))
    assert verdict(document)[0] == "failed"
    assert {"name": "ibpaudit_unique_values", "version": "test", "origin": "test"} in document[
        "plugins"
    ]
