"""The shipped catalog and a dossier's own controls, validated before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.catalog import load_schema
from ibpaudit.engine import plugins
from support import PROJECT

CONTROL = """\
id: GO.02-eigen
norm: GO.02
title: {nl: Eigen beleidscontrole, en: Own policy control}
severity: medium
levels:
  2:
    - check: document
      type: ibp-beleid
"""


def catalog_for(root: Path | None):  # type: ignore[no-untyped-def]
    manager = plugins.build(root)
    return engine.load_catalog(manager, root)


def test_shipped_catalog_loads_without_problems() -> None:
    catalog = catalog_for(None)
    assert catalog.problems == ()
    assert len(catalog.controls) >= 8
    norms = {n.id: n for fw in catalog.frameworks for n in fw.norms}
    for control in catalog.controls:
        assert control.norm in norms, control.id
        assert control.checks, control.id
    assert "bewaartermijnen-po-vo" in catalog.reference


def test_framework_counts_and_honest_sources() -> None:
    (framework,) = catalog_for(None).frameworks
    security = [n for n in framework.norms if _part(framework, n.domain) == "security"]
    privacy = [n for n in framework.norms if _part(framework, n.domain) == "privacy"]
    assert (len(security), len(privacy)) == (69, 25)
    for norm in framework.norms:
        assert norm.source in ("title-seen", "id-seen", "secondary", "inferred", "provisional")
        # An ibpaudit-defined ID can never be mistaken for an official one.
        assert (".P" in norm.id) == (norm.source == "provisional"), norm.id


def _part(framework, domain_id: str) -> str:  # type: ignore[no-untyped-def]
    return next(d.part for d in framework.domains if d.id == domain_id)


def test_dossier_control_is_added_and_can_override(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "eigen.yaml").write_text(CONTROL)
    override = CONTROL.replace("GO.02-eigen", "GO.02-beleid")
    (tmp_path / "controls" / "override.yaml").write_text(override)
    catalog = catalog_for(tmp_path)
    by_id = {c.id: c for c in catalog.controls}
    assert by_id["GO.02-eigen"].path == "controls/eigen.yaml"
    assert by_id["GO.02-beleid"].path == "controls/override.yaml"


def test_a_boards_control_for_a_moved_norm_follows_the_alias(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n")
    (tmp_path / "controls").mkdir()
    moved = CONTROL.replace("GO.02-eigen", "PV.P01-eigen").replace("norm: GO.02", "norm: PV.P01")
    (tmp_path / "controls" / "eigen.yaml").write_text(moved)
    catalog = catalog_for(tmp_path)
    assert catalog.problems == ()
    assert {c.id: c.norm for c in catalog.controls}["PV.P01-eigen"] == "PR.03"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("norm: GO.02", "norm: GO.99"), "'GO.99' is in no framework"),
        (("severity: medium", "severity: enorm"), "severity"),
        (("    - check: document\n      type: ibp-beleid\n", "    - check: document\n"), "type"),
        (("      type: ibp-beleid", "      type: ibp-beleid\n      max_age: twee jaar"), "max_age"),
        (("id: GO.02-eigen", "id: [open"), "invalid YAML"),
    ],
)
def test_invalid_control_is_a_problem_naming_file_and_place(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "eigen.yaml").write_text(CONTROL.replace(*change))
    catalog = catalog_for(tmp_path)
    assert [p.path for p in catalog.problems] == ["controls/eigen.yaml"]
    assert expected in catalog.problems[0].message.en
    assert "GO.02-eigen" not in {c.id for c in catalog.controls}
    assert len(catalog.controls) >= 8  # the rest of the catalog still loads


def test_condition_operators_are_validated_by_the_schema(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n")
    (tmp_path / "controls").mkdir()
    bad = CONTROL.replace(
        "      type: ibp-beleid\n",
        "      type: ibp-beleid\n      require: {column: versie, eval: '__import__(\"os\")'}\n",
    )
    (tmp_path / "controls" / "eigen.yaml").write_text(bad)
    assert catalog_for(tmp_path).problems, "unknown operators must be rejected"


def test_schemas_are_packaged() -> None:
    for name in ("control", "framework", "results"):
        assert load_schema(name)["$schema"].startswith("https://json-schema.org/")
    assert (PROJECT / "controls" / "frameworks").is_dir()


def test_control_files_are_what_rglob_gives_without_the_skipped_folders(tmp_path: Path) -> None:
    """The loader walks a catalog folder once and never enters cases/, tests/,
    frameworks/, reference/ or hidden folders; what it finds is what the rglob rule
    it replaced found, in the same order."""
    from ibpaudit.catalog import _SKIP, _control_files

    files = [
        "AB/AB.01-x.yaml", "AB/AB.02-y.yml", "AB/sub/deeper/AB.03.yaml", "AB/_draft.yaml",
        "AB/.hidden.yaml", "_private/AB.04.yaml", ".git/AB.05.yaml", "cases/AB/pass/x.yaml",
        "tests/t.yaml", "frameworks/f.yaml", "reference/r.yaml", "AB/cases/AB.06.yaml",
        "AB/tests/AB.07.yaml", "AB/notes.txt", "top.yaml", "Z.YAML", "a.y.html",
    ]  # fmt: skip
    for rel in files:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("id: x\n", encoding="utf-8")
    (tmp_path / "AB" / "folder.yaml").mkdir()  # rglob gives a matching folder too
    (tmp_path / "linked").symlink_to(tmp_path / "AB", target_is_directory=True)
    expected = [
        p
        for p in sorted(tmp_path.rglob("*.y*ml"))
        if not (
            p.relative_to(tmp_path).parts[0] in _SKIP
            or any(part.startswith((".", "_")) for part in p.relative_to(tmp_path).parts)
        )
    ]
    found = _control_files(tmp_path)
    assert found == expected
    names = {p.relative_to(tmp_path).as_posix() for p in found}
    assert {"AB/cases/AB.06.yaml", "AB/tests/AB.07.yaml", "a.y.html"} <= names
    assert not names & {"cases/AB/pass/x.yaml", "_private/AB.04.yaml", "AB/_draft.yaml"}
