"""Both OSCAL documents (and the embedded assessment plan) are valid against NIST's own
OSCAL 1.1.2 JSON Schemas, vendored unchanged in ``tests/schemas/oscal/`` (see its
README for the source and hashes)."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from trestle.oscal.assessment_results import AssessmentResults

from builtin.reporters.reporters_support import EXAMPLE_BOARD, PROJECT
from ibpaudit.builtin.reporters import oscal
from ibpaudit.builtin.reporters.oscal import ids
from ibpaudit.cli import main
from support import Cli

SCHEMAS = PROJECT / "tests" / "schemas" / "oscal"
# The release assets of usnistgov/OSCAL v1.1.2, byte for byte.
PINNED = {
    "oscal_catalog_schema.json": "5b069afa4f4ecc38d59914dab56098566d4247d3578a2123c030c80d36fc5104",
    "oscal_assessment-results_schema.json": (
        "d033da70154cf6625ae46a746199e88e58f2928b1387dfac051d381b92f41b0d"
    ),
    "oscal_assessment-plan_schema.json": (
        "43464ad048b711c735934b66015bcf8239782c6263d377a742c6b205ea796ecb"
    ),
}


def validator(name: str) -> Draft7Validator:
    """NIST writes token patterns with ``\\p{L}`` and ``\\p{N}``, which Python's ``re``
    lacks; they become ``[^\\W\\d_]`` (a letter) and ``\\d`` (a digit) in memory only."""
    raw = (SCHEMAS / name).read_text(encoding="utf-8")
    rewritten = raw.replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
    assert "\\\\p{" not in rewritten
    schema = json.loads(rewritten)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(name: str, document: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator(name).iter_errors(document)
    ][:10]


def test_the_vendored_schemas_are_nists_release_unchanged() -> None:
    for name, digest in PINNED.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        assert f"/oscal/{ids.OSCAL_VERSION}/" in schema["$id"]


@pytest.fixture(scope="module")
def results_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    board = tmp_path_factory.mktemp("schemas") / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    out = board.parent / "out"
    main(["run", str(board), "-o", str(out), "-q", "-f", "oscal"])
    document: dict[str, Any] = json.loads((out / oscal.FILENAME).read_text(encoding="utf-8"))
    return document


def test_assessment_results_are_valid(results_document: dict[str, Any]) -> None:
    assert errors("oscal_assessment-results_schema.json", results_document) == []


def test_the_embedded_assessment_plan_is_valid(results_document: dict[str, Any]) -> None:
    (plan,) = [
        json.loads(base64.b64decode(r["base64"]["value"]))
        for r in results_document["assessment-results"]["back-matter"]["resources"]
        if "base64" in r
    ]
    assert errors("oscal_assessment-plan_schema.json", plan) == []


def test_the_catalog_is_valid_with_and_without_a_dossier(cli: Cli, board: Path) -> None:
    (board / "normkoppeling.yaml").write_text("koppelingen:\n  PV.P02: PV.02\n", encoding="utf-8")
    for args in ((), (str(board),)):
        result = cli("controls", *args, "--format", "oscal")
        assert result.code == 0, result.err
        assert errors("oscal_catalog_schema.json", json.loads(result.out)) == []


def test_the_schema_would_notice_a_broken_document(results_document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(results_document))
    finding = broken["assessment-results"]["results"][0]["findings"][0]
    finding["target"]["status"]["state"] = "half-satisfied"
    del broken["assessment-results"]["import-ap"]
    found = errors("oscal_assessment-results_schema.json", broken)
    assert any("import-ap" in e for e in found)
    assert any("half-satisfied" in e for e in found)


def test_a_troubled_board_gives_valid_documents_too(
    troubled_board: Path, tmp_path: Path, cli: Cli
) -> None:
    """Errors, a skipped control, markup and control characters in evidence, a broken
    control file and a crashing plugin: still valid OSCAL, every control reported."""
    board = tmp_path / "board"
    shutil.copytree(troubled_board, board)
    out = tmp_path / "out"
    assert main(["run", str(board), "-o", str(out), "-q", "-f", "json,oscal"]) == 2
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    document = json.loads((out / oscal.FILENAME).read_text(encoding="utf-8"))
    assert errors("oscal_assessment-results_schema.json", document) == []
    assert AssessmentResults.parse_obj(document["assessment-results"]).results
    statuses = {
        f["target"]["target-id"]: [
            p["value"] for p in f["target"]["props"] if p["name"] == "status"
        ]
        for f in document["assessment-results"]["results"][0]["findings"]
    }
    assert {"error", "skipped"} <= {c["status"] for c in results["controls"]}
    for control in results["controls"]:
        assert statuses[ids.token(control["id"])] == [control["status"]]
    catalog = cli("controls", str(board), "--format", "oscal")
    assert catalog.code == 2  # the broken control file is named, the catalog still printed
    assert errors("oscal_catalog_schema.json", json.loads(catalog.out)) == []
