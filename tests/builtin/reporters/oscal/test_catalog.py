"""``ibpaudit controls [PATH] --format oscal``: an OSCAL catalog that compliance-trestle
loads, with the framework's norms, ibpaudit's controls and checks per level, the
framework's sources, and a board's own controls and normkoppeling.yaml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from trestle.oscal.catalog import Catalog

from builtin.reporters.reporters_support import PROJECT
from ibpaudit.builtin.reporters.oscal import ids
from support import Cli

FRAMEWORK = PROJECT / "controls" / "frameworks" / "normenkader-ibp-fo.yaml"
BOARD_CONTROL = """\
id: PV.P02-eigen-register
norm: PV.P02
title: {nl: Ons eigen register, en: Our own register}
severity: low
levels:
  2:
    - check: register
      register: verwerkingsregister
      description: {nl: Het register bestaat, en: The register exists}
  3:
    - check: register
      register: verwerkingsregister
      require: {column: doel, not_empty: true}
"""


def catalog_of(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("controls", *args, "--format", "oscal")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def controls_of(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every control and sub-control under a catalog, group or control."""
    found = []
    for group in node.get("groups", ()):
        found += controls_of(group)
    for control in node.get("controls", ()):
        found.append(control)
        found += controls_of(control)
    return found


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in controls_of(document["catalog"])}


def values(node: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in node.get("props", ()) if p["name"] == name]


def test_trestle_loads_the_catalog(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(cli("controls", "--format", "oscal").out, encoding="utf-8")
    catalog = Catalog.oscal_read(path)
    assert catalog is not None
    assert catalog.metadata.oscal_version.__root__ == ids.OSCAL_VERSION
    assert {g.id for g in catalog.groups or ()} == {"part-security", "part-privacy"}


def test_every_norm_is_a_control_with_its_id_and_where_it_comes_from(cli: Cli) -> None:
    framework = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    controls = by_id(catalog_of(cli))
    for norm in framework["norms"]:
        control = controls[ids.token(norm["id"])]
        assert control["class"] == "norm"
        labels = [p for p in control["props"] if p["name"] == "label"]
        assert [(p["value"], p["class"]) for p in labels] == [(norm["id"], norm["source"])]
        assert values(control, "id-source") == [norm["source"]]
        levels = [p for p in control.get("parts", ()) if p["name"] == "maturity-level"]
        assert [int(values(p, "level")[0]) for p in levels] == sorted(norm.get("levels", {}))
    security = {d["id"] for d in framework["domains"] if d["part"] == "security"}
    document = catalog_of(cli)
    part = next(g for g in document["catalog"]["groups"] if g["id"] == "part-security")
    assert {g["id"] for g in part["groups"]} == {ids.token(d) for d in security}


def test_every_ibpaudit_control_is_a_subcontrol_with_its_checks_per_level(cli: Cli) -> None:
    listing = json.loads(cli("controls", "--format", "json").out)["controls"]
    controls = by_id(catalog_of(cli))
    for row in listing:
        norm = controls[ids.token(row["norm"])]
        sub = {c["id"]: c for c in norm["controls"]}[ids.token(row["id"])]
        assert sub["class"] == "ibpaudit-control"
        assert values(sub, "label") == [row["id"]]
        assert values(sub, "origin") == ["shipped"]
        objectives = [p for p in sub["parts"] if p["name"] == "assessment-objective"]
        assert [int(values(p, "level")[0]) for p in objectives] == row["levels"]
    # The checks of one control, level by level, as its YAML file has them.
    source = yaml.safe_load(
        (PROJECT / "controls" / "BC" / "BC.01-continuiteitsplan.yaml").read_text(encoding="utf-8")
    )
    sub = controls["bc.01-continuiteitsplan"]
    for part in (p for p in sub["parts"] if p["name"] == "assessment-objective"):
        level = int(values(part, "level")[0])
        checks = [values(c, "check-type")[0] for c in part["parts"]]
        assert checks == [c["check"] for c in source["levels"][level]]


def test_sources_are_back_matter_resources_the_norms_link_to(cli: Cli) -> None:
    framework = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    document = catalog_of(cli)
    resources = {
        values(r, "source-id")[0]: r for r in document["catalog"]["back-matter"]["resources"]
    }
    assert set(resources) == {s["id"] for s in framework["sources"]}
    for source in framework["sources"]:
        assert resources[source["id"]]["rlinks"] == [{"href": source["url"]}]
    controls = by_id(document)
    for norm in (n for n in framework["norms"] if n.get("reference")):
        links = controls[ids.token(norm["id"])]["links"]
        assert links == [{"href": f"#{resources[norm['reference']]['uuid']}", "rel": "reference"}]


def test_a_boards_own_controls_and_norm_mapping_are_reflected(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    (board / "controls").mkdir()
    (board / "controls" / "eigen.yaml").write_text(BOARD_CONTROL, encoding="utf-8")
    (board / "normkoppeling.yaml").write_text("koppelingen:\n  PV.P02: PV.02\n", encoding="utf-8")
    document = catalog_of(cli, str(board))
    norm = by_id(document)["pv.p02"]
    labels = [(p["value"], p.get("class")) for p in norm["props"] if p["name"] == "label"]
    assert labels == [("PV.P02", "provisional"), ("PV.02", "official")]
    own = {c["id"]: c for c in norm["controls"]}["pv.p02-eigen-register"]
    assert values(own, "origin") == ["board"]
    assert [
        int(values(p, "level")[0]) for p in own["parts"] if p["name"] == "assessment-objective"
    ] == [2, 3]
    assert values(document["catalog"]["metadata"], "norm-mappings") == ["1"]
    # Without the dossier, neither is there, and trestle loads both.
    assert "pv.p02-eigen-register" not in by_id(catalog_of(cli))
    path = tmp_path / "board-catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert Catalog.oscal_read(path) is not None


def test_a_bad_norm_mapping_stops_the_export_naming_the_file(cli: Cli, board: Path) -> None:
    (board / "normkoppeling.yaml").write_text("koppelingen:\n  GO.01: GO.09\n", encoding="utf-8")
    result = cli("controls", str(board), "--format", "oscal")
    assert result.code == 2
    assert "normkoppeling.yaml" in result.err
    assert result.out == ""


def test_the_catalog_uuid_is_stable_and_follows_the_content(cli: Cli, board: Path) -> None:
    first, second = catalog_of(cli), catalog_of(cli)
    assert first["catalog"]["uuid"] == second["catalog"]["uuid"]
    (board / "normkoppeling.yaml").write_text("koppelingen:\n  PV.P02: PV.02\n", encoding="utf-8")
    assert catalog_of(cli, str(board))["catalog"]["uuid"] != first["catalog"]["uuid"]
