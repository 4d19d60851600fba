"""A dossier cannot fool the audit with its own code or its own catalog: every run names
the dossier plugins it executed (with the SHA-256 of their bytes) and every shipped control
or reference value the dossier overrides (the shipped value beside the board's), in every
output; ``--dossier-as-data`` (or IBPAUDIT_DOSSIER_AS_DATA) refuses both; ``verify`` never
executes dossier code."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import PROJECT, Cli

MARKER_PLUGIN = """
import os
from pathlib import Path
from ibpaudit import hookimpl

Path(os.environ["IBPAUDIT_TEST_MARKER"]).write_text("executed")


@hookimpl
def ibpaudit_check_types():
    return []
"""
# Added after the run: would make every manifest "match" if verify loaded it.
LIAR_PLUGIN = """
import os
from pathlib import Path
import ibpaudit.engine.manifest

Path(os.environ["IBPAUDIT_TEST_MARKER"]).write_text("verify executed dossier code")
ibpaudit.engine.manifest.verify = lambda *args, **kwargs: []
"""
GB02 = PROJECT / "controls" / "GB" / "GB.02-datalekken.yaml"
RETENTION = PROJECT / "controls" / "reference" / "bewaartermijnen.yaml"
FORMATS = "json,junit,sarif,markdown,html"


@pytest.fixture
def marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "marker.txt"
    monkeypatch.setenv("IBPAUDIT_TEST_MARKER", str(path))
    monkeypatch.delenv("IBPAUDIT_DOSSIER_AS_DATA", raising=False)
    return path


def _weaken(board: Path) -> None:
    """GB.02 allowing a year instead of 72 hours; camera footage kept 52 weeks, not 4."""
    (board / "controls" / "reference").mkdir(parents=True)
    control = GB02.read_text(encoding="utf-8")
    assert "plus: PT72H}" in control
    (board / "controls" / "GB.02-datalekken.yaml").write_text(
        control.replace("plus: PT72H}", "plus: P1Y}"), encoding="utf-8"
    )
    retention = RETENTION.read_text(encoding="utf-8")
    assert "    max_retention: P4W\n" in retention
    (board / "controls" / "reference" / "bewaartermijnen.yaml").write_text(
        retention.replace("    max_retention: P4W\n", "    max_retention: P52W\n", 1),
        encoding="utf-8",
    )


def _plugin(board: Path, name: str, source: str) -> str:
    (board / "plugins").mkdir(exist_ok=True)
    (board / "plugins" / f"{name}.py").write_text(source, encoding="utf-8")
    return hashlib.sha256(source.encode()).hexdigest()


def _status(document: dict[str, object], control_id: str) -> str:
    controls = document["controls"]
    assert isinstance(controls, list)
    return str(next(c["status"] for c in controls if c["id"] == control_id))


def test_every_output_names_the_dossier_code_it_executed(
    cli: Cli, board: Path, tmp_path: Path, marker: Path
) -> None:
    digest = _plugin(board, "eigen", MARKER_PLUGIN)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "-f", FORMATS, "--lang", "en")

    assert marker.read_text() == "executed"
    assert f"dossier code executed: plugins/eigen.py (SHA-256 {digest})" in result.err
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (local,) = [p for p in document["plugins"] if p["origin"] == "local"]
    assert local == {
        "name": "eigen", "version": "local", "origin": "local",
        "path": "plugins/eigen.py", "sha256": digest, "refused": False,
    }  # fmt: skip
    junit = ET.parse(out / "junit.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert properties["dossier_code:plugins/eigen.py"] == digest
    sarif = json.loads((out / "results.sarif").read_text(encoding="utf-8"))["runs"][0]
    assert sarif["properties"]["dossierCode"] == [
        {"path": "plugins/eigen.py", "sha256": digest, "refused": False}
    ]
    assert digest in (out / "summary.md").read_text(encoding="utf-8")
    assert digest in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_an_auditor_refuses_dossier_code_and_overrides_with_one_switch(
    cli: Cli,
    board: Path,
    tmp_path: Path,
    marker: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    digest = _plugin(board, "eigen", MARKER_PLUGIN)
    _weaken(board)
    out = tmp_path / "out"
    switch = ["--dossier-as-data"] if how == "flag" else []
    if how == "environment":
        monkeypatch.setenv("IBPAUDIT_DOSSIER_AS_DATA", "1")
    result = cli("run", str(board), "-o", str(out), "-f", "json", "--lang", "en", *switch)

    assert not marker.exists()
    assert (
        f"dossier code not executed (--dossier-as-data): plugins/eigen.py (SHA-256 {digest})"
        in (result.err)
    )
    assert "catalog override refused (--dossier-as-data), the shipped version applies" in (
        result.err
    )
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["run"]["dossier_as_data"] is True
    assert {o["status"] for o in document["overrides"]} == {"refused"}
    # The shipped 72 hours judged the example board's late breach: GB.02 still fails.
    assert _status(document, "GB.02-datalekken") == "failed"


def test_a_weakened_control_and_reference_value_are_named_everywhere(
    cli: Cli, board: Path, tmp_path: Path, marker: Path
) -> None:
    _weaken(board)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "-f", FORMATS, "--lang", "en")
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))

    assert _status(document, "GB.02-datalekken") == "passed"  # the board's rule applied
    overrides = {o["id"]: o for o in document["overrides"]}
    gb02 = overrides["GB.02-datalekken"]
    assert gb02["status"] == "applied" and gb02["path"] == "controls/GB.02-datalekken.yaml"
    assert gb02["changes"] == [
        {"path": "levels.3[1].require[1].not_after.plus", "shipped": "PT72H", "board": "P1Y"}
    ]
    (retention,) = [o for o in document["overrides"] if o["kind"] == "reference"]
    assert [(c["shipped"], c["board"]) for c in retention["changes"]] == [("P4W", "P52W")]

    line = "levels.3[1].require[1].not_after.plus: PT72H -> P1Y"
    assert "the dossier overrides the catalog: control GB.02-datalekken" in result.err
    assert line in result.err and "P4W -> P52W" in result.err
    junit = ET.parse(out / "junit.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert line in properties["catalog_override:GB.02-datalekken"]
    sarif = json.loads((out / "results.sarif").read_text(encoding="utf-8"))["runs"][0]
    notes = [
        n["message"]["text"] for n in sarif["invocations"][0]["toolConfigurationNotifications"]
    ]
    assert any(line in n for n in notes) and any("P52W" in n for n in notes)
    assert sarif["properties"]["catalogOverrides"] == document["overrides"]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "PT72H -&gt; P1Y" in summary and "P52W" in summary
    html = (out / "report.html").read_text(encoding="utf-8")
    trust = html[html.index('id="trust"') : html.index('id="trust"') + 6000]
    assert "PT72H" in trust and "P1Y" in trust and "P52W" in trust


def test_verify_never_executes_dossier_code(
    cli: Cli, board: Path, tmp_path: Path, marker: Path
) -> None:
    out = tmp_path / "out"
    cli("run", str(board), "-o", str(out), "-f", "json")
    _plugin(board, "leugen", LIAR_PLUGIN)
    register = board / "registers" / "datalekken.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "\n# gewijzigd\n", "utf-8")

    result = cli("verify", str(out / "manifest.json"), str(board), "--lang", "en")

    assert not marker.exists()
    assert result.code == 1
    assert "registers/datalekken.yaml: evidence file changed" in result.err
    assert "plugins/leugen.py: input file was added" in result.err


@pytest.mark.parametrize(
    ("command", "runs_code"), [("validate", True), ("controls", True), ("waivers", False)]
)
def test_other_commands_run_dossier_code_only_visibly(
    cli: Cli, board: Path, marker: Path, command: str, runs_code: bool
) -> None:
    """validate and controls need the dossier's check types (and say they ran them);
    waivers needs only control IDs and never runs dossier code."""
    _plugin(board, "eigen", MARKER_PLUGIN)
    result = cli(command, str(board), "--lang", "en")

    assert marker.exists() is runs_code
    assert ("dossier code executed: plugins/eigen.py" in result.err) is runs_code
    marker.unlink(missing_ok=True)
    refused = cli(command, str(board), "--lang", "en", "--dossier-as-data")
    assert not marker.exists()
    assert "dossier code executed" not in refused.err
