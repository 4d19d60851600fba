"""``ibpaudit controls --coverage``: every norm automated, attested or not covered."""

from __future__ import annotations

import json

from ibpaudit import engine
from ibpaudit.catalog import coverage
from ibpaudit.engine import plugins
from ibpaudit.errors import ExitCode
from support import Cli


def test_coverage_json_has_one_entry_per_norm(cli: Cli) -> None:
    result = cli("controls", "--coverage", "--format", "json")
    assert result.code == ExitCode.PASSED
    document = json.loads(result.out)
    catalog = engine.load_catalog(plugins.build(None), None)
    norms = [n.id for fw in catalog.frameworks for n in fw.norms]
    assert [row["id"] for row in document["norms"]] == norms
    summary = document["summary"]
    assert summary["automated"] + summary["attested"] + summary["none"] == len(norms)
    for row in document["norms"]:
        assert row["coverage"] in coverage.KINDS
        assert (row["coverage"] == "none") == (row["controls"] == [])
        if row["coverage"] == "attested":
            assert row["check_types"] == ["attestation"]


def test_coverage_table_lists_every_domain(cli: Cli) -> None:
    result = cli("controls", "--coverage", "--lang", "en")
    catalog = engine.load_catalog(plugins.build(None), None)
    domains = {d.id for fw in catalog.frameworks for d in fw.domains}
    headers = {line.split()[1] for line in result.out.splitlines() if line.startswith("-- ")}
    assert headers == domains
    norms = sum(len(fw.norms) for fw in catalog.frameworks)
    assert result.out.splitlines()[-1].startswith(
        f"{norms} norms, {len(catalog.controls)} controls:"
    )


def test_kinds_follow_the_check_types(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ibpaudit.yaml").write_text("bestuur: T\n")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "a.yaml").write_text(
        "id: GO.01-verklaring\nnorm: GO.01\ntitle: A\nseverity: low\nlevels:\n  3:\n"
        "    - check: attestation\n      id: go.01-x\n      roles: [bestuurder]\n"
        "      max_age: P1Y\n"
    )
    catalog = engine.load_catalog(plugins.build(tmp_path), tmp_path)
    rows = {r["id"]: r for r in coverage.norm_coverage(catalog)}
    assert rows["GO.02"]["coverage"] == "automated"  # document checks read files
    if rows["GO.01"]["controls"] == ["GO.01-verklaring"]:
        assert rows["GO.01"]["coverage"] == "attested"
    else:  # the shipped catalog also covers GO.01 with evidence files
        assert rows["GO.01"]["coverage"] == "automated"


def test_coverage_says_what_was_seen_of_each_norm(cli: Cli) -> None:
    """The 94 norms (69 + 25) each with one source status, its label and the old IDs."""
    document = json.loads(cli("controls", "--coverage", "--format", "json").out)
    rows = {row["id"]: row for row in document["norms"]}
    summary = document["summary"]
    assert summary["norms"] == 94
    assert sum(1 for r in rows.values() if r["part"] == "security") == 69
    assert sum(1 for r in rows.values() if r["part"] == "privacy") == 25
    assert summary["sources"] == {
        "title-seen": 20,
        "id-seen": 7,
        "secondary": 8,
        "inferred": 1,
        "provisional": 58,
    }
    assert summary["aliases"] == {"PV.P01": "PR.03"}
    assert set(summary["source_statuses"]) == set(summary["sources"])
    assert rows["PR.03"]["former_ids"] == ["PV.P01"]
    assert rows["PR.03"]["controls"] == ["PR.03-verwerkingsregister"]
    assert rows["IM.02"]["source"] == "id-seen"
    assert rows["IM.02"]["source_label"]["en"] == "ID seen (official), title not"
    assert rows["PV.P02"]["domain_prefix_source"] == "provisional"


def test_the_table_marks_ibpaudits_prefixes_and_explains_the_statuses(cli: Cli) -> None:
    out = cli("controls", "--coverage", "--lang", "en").out.splitlines()
    assert "-- PV (privacy) [ibpaudit's prefix]: 20 automated" in out
    assert "-- PR (privacy): 2 automated" in out
    assert any(line.startswith("PR.03 ") and "(formerly PV.P01)" in line for line in out)
    legend = [line.split()[0] for line in out if line.startswith("  ")]
    assert legend == ["title-seen", "id-seen", "secondary", "inferred", "provisional"]
