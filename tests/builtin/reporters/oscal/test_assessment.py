"""``ibpaudit run --format oscal``: OSCAL assessment results that compliance-trestle
loads, in which every control and norm of results.json appears with its status, the
evidence with its path, hash and place, attestations, waivers and plugin versions, with
personal data redacted as in results.json and UUIDs stable across runs."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from trestle.oscal.assessment_plan import AssessmentPlan
from trestle.oscal.assessment_results import AssessmentResults

from builtin.reporters.reporters_support import EXAMPLE_BOARD
from ibpaudit.builtin.reporters import oscal
from ibpaudit.builtin.reporters.oscal import assessment, ids
from ibpaudit.cli import main

WAIVED = "PR.07-bewaartermijnen"
EMAIL = "j.devries@ouders.example.nl"
BSN = "111222333"
INCIDENTS = f"""\
kenmerk;contact_ouder;bsn;gemeld_op
LI-1;{EMAIL};{BSN};
LI-2;;;03-02-2026
"""
CONTROL = """\
id: GB.02-leerlingincidenten
norm: GB.02
title: {nl: Incidenten zijn gemeld, en: Incidents are reported}
severity: high
personal_columns: [contact_ouder]
levels:
  2:
    - check: register
      register: leerlingincidenten
      label: [kenmerk, contact_ouder, bsn]
      require: {column: gemeld_op, not_empty: true}
"""


def run(board: Path, out: Path, *extra: str) -> tuple[dict[str, Any], dict[str, Any]]:
    code = main(["run", str(board), "-o", str(out), "-q", "-f", "json,oscal", *extra])
    assert code in (0, 1), f"the run stopped with exit {code}"
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    document = json.loads((out / oscal.FILENAME).read_text(encoding="utf-8"))
    return results, document


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    board = tmp_path_factory.mktemp("oscal") / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    out = board.parent / "out"
    results, _ = run(board, out)
    return results, out / oscal.FILENAME


@pytest.fixture
def results(example: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    return example[0]


@pytest.fixture
def ar(example: tuple[dict[str, Any], Path]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(example[1].read_text(encoding="utf-8"))
    return document["assessment-results"]


def values(node: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in node.get("props", ()) if p["name"] == name]


def findings_by_target(ar: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["target"]["target-id"]: f for f in ar["results"][0]["findings"]}


def test_trestle_loads_the_assessment_results(example: tuple[dict[str, Any], Path]) -> None:
    loaded = AssessmentResults.oscal_read(example[1])
    assert loaded is not None
    assert loaded.metadata.oscal_version.__root__ == ids.OSCAL_VERSION
    assert len(loaded.results) == 1


def test_every_control_and_norm_round_trips_with_its_status(
    results: dict[str, Any], ar: dict[str, Any]
) -> None:
    findings = findings_by_target(ar)
    reviewed = {
        c["control-id"]
        for s in ar["results"][0]["reviewed-controls"]["control-selections"]
        for c in s["include-controls"]
    }
    for kind in ("controls", "norms"):
        for item in results[kind]:
            target = ids.token(item["id"])
            assert target in reviewed
            finding = findings[target]
            assert values(finding["target"], "status") == [item["status"]]
            for key in ("level_reached", "target_level"):
                expected = [] if item[key] is None else [str(item[key])]
                assert values(finding["target"], key.replace("_", "-")) == expected
            state = "satisfied" if item["status"] == "passed" else "not-satisfied"
            assert finding["target"]["status"]["state"] == state
    assert len(findings) == len(results["controls"]) + len(results["norms"])
    assert values(ar["results"][0], "as-of") == [results["run"]["as_of"]]


def test_evidence_is_a_resource_with_path_and_hash_and_observed_where_found(
    results: dict[str, Any], ar: dict[str, Any]
) -> None:
    resources = {r["uuid"]: r for r in ar["back-matter"]["resources"]}
    by_path = {r["rlinks"][0]["href"]: r for r in resources.values() if "rlinks" in r}
    for item in results["evidence"]:
        hashes = by_path[item["path"]]["rlinks"][0]["hashes"]
        assert hashes == [{"algorithm": "SHA-256", "value": item["sha256"]}]
    # A failed row of results.json is an observation pointing at that row of that file.
    control = next(c for c in results["controls"] if c["id"] == "PV.P02-verwerkersovereenkomsten")
    located = [
        f["location"] for ch in control["checks"] for f in ch["findings"] if f["status"] == "failed"
    ]
    assert located
    observations = {o["uuid"]: o for o in ar["results"][0]["observations"]}
    finding = findings_by_target(ar)[ids.token(control["id"])]
    cited = [
        e
        for rel in finding["related-observations"]
        for e in observations[rel["observation-uuid"]]["relevant-evidence"]
    ]
    for location in located:
        match = [
            e
            for e in cited
            if values(e, "path") == [location["path"]]
            and values(e, "row") == [str(location["row"])]
        ]
        assert match, location
        assert match[0]["href"] == f"#{by_path[location['path']]['uuid']}"
        assert values(match[0], "sha256") == [location["sha256"]]


def test_attestations_are_observations_by_examine_and_interview_with_who_signed(
    results: dict[str, Any], ar: dict[str, Any]
) -> None:
    parties = {p["uuid"]: p["name"] for p in ar["metadata"]["parties"]}
    attested = {
        values(o, "attestation")[0]: o
        for o in ar["results"][0]["observations"]
        if values(o, "attestation")
    }
    assert len(results["attestations"]) == len(attested) > 0
    for item in results["attestations"]:
        observation = attested[item["id"]]
        assert observation["methods"] == ["EXAMINE", "INTERVIEW"]
        assert values(observation, "signed-by") == [item["signed_by"]]
        assert values(observation, "role") == [item["role"]]
        actor = observation["origins"][0]["actors"][0]
        assert actor["type"] == "party" and parties[actor["actor-uuid"]] == item["signed_by"]


def test_a_waiver_is_an_approved_deviation_linked_from_its_findings(
    results: dict[str, Any], ar: dict[str, Any]
) -> None:
    waiver = next(w for w in results["waivers"] if w["control"] == WAIVED)
    (risk,) = ar["results"][0]["risks"]
    assert risk["status"] == "deviation-approved"
    assert risk["statement"] == waiver["reason"]
    assert values(risk, "approved-by") == [waiver["approved_by"]]
    assert values(risk, "expires") == [waiver["expires"]]
    assert risk["risk-log"]["entries"][0]["status-change"] == "deviation-approved"
    findings = findings_by_target(ar)
    for target in (ids.token(WAIVED), ids.token("PR.07")):
        assert findings[target]["related-risks"] == [{"risk-uuid": risk["uuid"]}]
    assert values(findings[ids.token(WAIVED)]["target"], "status") == ["waived"]


def test_the_embedded_assessment_plan_is_what_import_ap_points_at(ar: dict[str, Any]) -> None:
    href = ar["import-ap"]["href"]
    assert href.startswith("#")
    resource = next(r for r in ar["back-matter"]["resources"] if r["uuid"] == href[1:])
    assert resource["base64"]["media-type"] == assessment.AP_MEDIA_TYPE
    plan = json.loads(base64.b64decode(resource["base64"]["value"]))["assessment-plan"]
    assert AssessmentPlan.parse_obj(plan).metadata.oscal_version.__root__ == ids.OSCAL_VERSION
    assert plan["reviewed-controls"] == ar["results"][0]["reviewed-controls"]
    ssp = plan["import-ssp"]["href"]
    assert any(r["uuid"] == ssp[1:] for r in plan["back-matter"]["resources"])


def test_plugin_and_catalog_versions_are_recorded(
    results: dict[str, Any], ar: dict[str, Any]
) -> None:
    components = ar["results"][0]["local-definitions"]["components"]
    assert sorted((values(c, "plugin")[0], values(c, "version")[0]) for c in components) == sorted(
        (p["name"], p["version"]) for p in results["plugins"]
    )
    catalogs = values(ar["metadata"], "catalog")
    assert catalogs == [f"{f['id']} {f['version']}" for f in results["frameworks"]]
    assert values(ar["metadata"], "tool-version") == [results["tool"]["version"]]


def without_timestamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: without_timestamps(v)
            for k, v in value.items()
            if k not in ("last-modified", "start", "end", "collected")
        }
    if isinstance(value, list):
        return [without_timestamps(v) for v in value]
    return value


def test_two_runs_of_one_dossier_differ_only_in_timestamps(
    board: Path, tmp_path: Path, ar: dict[str, Any]
) -> None:
    _, first = run(board, tmp_path / "first")
    _, second = run(board, tmp_path / "second")
    assert without_timestamps(first) == without_timestamps(second)
    assert first["assessment-results"]["uuid"] == second["assessment-results"]["uuid"]
    # The UUID follows the content: another dossier (the fixture's copy elsewhere, same
    # content) gives the same one; a changed evidence file gives another.
    assert first["assessment-results"]["uuid"] == ar["uuid"]
    policy = board / "beleid" / "continuiteitsplan.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nNog een regel.\n", encoding="utf-8")
    _, changed = run(board, tmp_path / "changed")
    assert changed["assessment-results"]["uuid"] != first["assessment-results"]["uuid"]


def text_of(document: dict[str, Any]) -> str:
    """Everything a reader of the file can see, the embedded plan decoded."""
    plain = json.dumps(document, ensure_ascii=False)
    embedded = [
        base64.b64decode(r["base64"]["value"]).decode()
        for r in document["assessment-results"]["back-matter"]["resources"]
        if "base64" in r
    ]
    return "\n".join([plain, *embedded])


def test_personal_data_is_redacted_as_in_results_json(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)  # --show-personal-data is for a local run
    (board / "registers" / "leerlingincidenten.csv").write_text(INCIDENTS, encoding="utf-8")
    (board / "controls").mkdir()
    (board / "controls" / "incidenten.yaml").write_text(CONTROL, encoding="utf-8")
    shown_results, shown = run(board, tmp_path / "shown", "--show-personal-data")
    hidden_results, hidden = run(board, tmp_path / "hidden")
    # Shown, the cell reaches results.json and the OSCAL document alike ...
    for secret in (EMAIL, BSN):
        assert secret in json.dumps(shown_results, ensure_ascii=False)
        assert secret in text_of(shown)
    # ... redacted, neither has it, and the finding is still there, on its row.
    for secret in (EMAIL, BSN):
        assert secret not in json.dumps(hidden_results, ensure_ascii=False)
        assert secret not in text_of(hidden)
    finding = findings_by_target(hidden["assessment-results"])["gb.02-leerlingincidenten"]
    assert values(finding["target"], "status") == ["failed"]
    assert "LI-1" in finding["description"]
