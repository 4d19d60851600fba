"""What the catalog reads, derived from the controls: registers with typed columns,
document types with metadata keys, attestations; for the shipped catalog and a board's
own controls alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.catalog import requirements as rq
from ibpaudit.engine.run import open_run
from ibpaudit.model import Catalog
from ibpaudit.values import canonical_column


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return engine.load_catalog(open_run(None, config_optional=True).plugins, None)


def _columns(reqs: rq.Requirements, register: str) -> dict[str, rq.Column]:
    found = reqs.register(register)
    assert found is not None, register
    return {c.name: c for c in found.columns}


def test_the_processor_register_has_every_column_a_control_reads_typed(shipped: Catalog) -> None:
    reqs = rq.derive(shipped)
    columns = _columns(reqs, "verwerkersovereenkomsten")
    assert columns["privacybijsluiter"].kind == rq.BOOL
    assert columns["ondertekend_op"].kind == rq.DATE
    assert columns["einddatum"].kind == rq.DATE
    assert columns["laatst_beoordeeld_op"].kind == rq.DATE
    assert "4.0" in columns["modelversie"].values
    assert columns["ondertekend_op"].header == "Ondertekend op"
    users = {(u.norm, u.level) for u in columns["privacybijsluiter"].used_by}
    assert ("PV.P02", 2) in users and ("PV.P02", 3) in users


def test_every_header_maps_back_to_its_column(shipped: Catalog) -> None:
    reqs = rq.derive(shipped)
    assert reqs.registers and reqs.documents and reqs.attestations
    for register in reqs.registers:
        assert register.columns, register.name
        for column in register.columns:
            assert canonical_column(column.header) == column.name


def test_every_register_and_document_type_a_control_names_is_listed(shipped: Catalog) -> None:
    reqs = rq.derive(shipped)
    registers = {r.name for r in reqs.registers}
    documents = {d.type for d in reqs.documents}
    for control in shipped.controls:
        for spec in control.checks:
            for need in rq.needs(spec):
                assert need.name in (registers if need.kind == "register" else documents) or (
                    need.kind == "attestation"
                )


def test_a_default_parameter_of_a_check_type_counts(shipped: Catalog) -> None:
    """retention reads bewaartermijnen.categorie and .bewaartermijn unless told otherwise."""
    columns = _columns(rq.derive(shipped), "bewaartermijnen")
    assert columns["bewaartermijn"].kind == rq.DURATION
    assert "categorie" in columns


def test_documents_carry_the_keys_their_checks_read(shipped: Catalog) -> None:
    reqs = rq.derive(shipped)
    policy = reqs.document("ibp-beleid")
    assert policy is not None
    for key in ("titel", "type", "vastgesteld_op", "vastgesteld_door", "volgende_review"):
        assert key in policy.keys
    assert set(policy.dates) >= {"vastgesteld_op", "volgende_review"}
    assert policy.adopted_by


def test_a_boards_own_control_is_read_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("versie: 1\nbestuur: Test\n")
    own = tmp_path / "controls"
    own.mkdir()
    (own / "EIGEN.yaml").write_text(
        """\
id: GB.02-eigen-sleutels
norm: GB.02
title: Eigen register van sleutels
severity: low
levels:
  2:
    - check: register
      register: sleutelkluis
      label: [sleutel]
      where: {column: in_gebruik, is: true}
      require:
        - {column: uitgegeven_op, not_after: today}
        - {column: aantal, at_most: 3}
        - {column: bewaartermijn, at_most: P1Y}
      message: "Sleutel {sleutel} bij {houder}"
    - check: document
      type: sleutelbeleid
      fields: [eigenaar]
      require: {column: herzien_op, within: P2Y}
    - check: attestation
      id: sleutels-geteld
      roles: [security officer]
      max_age: P1Y
""",
        encoding="utf-8",
    )
    run = open_run(tmp_path)
    reqs = rq.derive(engine.load_catalog(run.plugins, tmp_path))
    columns = _columns(reqs, "sleutelkluis")
    kinds = {name: c.kind for name, c in columns.items()}
    assert kinds == {
        "sleutel": rq.TEXT,
        "in_gebruik": rq.BOOL,
        "uitgegeven_op": rq.DATE,
        "aantal": rq.NUMBER,
        "bewaartermijn": rq.DURATION,
        "houder": rq.TEXT,
    }
    doc = reqs.document("sleutelbeleid")
    assert doc is not None and "herzien_op" in doc.keys and "herzien_op" in doc.dates
    attestation = next(a for a in reqs.attestations if a.id == "sleutels-geteld")
    assert attestation.roles == ("security officer",) and attestation.max_age == "P1Y"
