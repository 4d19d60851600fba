"""``ibpaudit explain``: per norm and level, the evidence a dossier needs; and the
generated reference in docs/, kept in step with the catalog."""

from __future__ import annotations

import json
from pathlib import Path

from support import PROJECT, Cli


def test_explain_a_norm_names_its_register_and_columns(cli: Cli) -> None:
    result = cli("explain", "PV.P02")
    assert result.code == 0, result.err
    assert "register 'verwerkersovereenkomsten'" in result.out
    assert "privacybijsluiter (ja/nee)" in result.out
    assert "Niveau 3" in result.out
    assert "voorbeeldrij:" in result.out and "Ondertekend op: 15-03-2026" in result.out


def test_explain_in_english_and_as_json(cli: Cli) -> None:
    english = cli("explain", "GO.02", "--lang", "en")
    assert english.code == 0
    assert "Level 5" in english.out and "attestation 'ibp-rapportage-bestuur'" in english.out
    assert "signed by: bestuurder" in english.out
    data = json.loads(cli("explain", "pv.p02", "--format", "json").out)
    assert data["norm"]["id"] == "PV.P02"
    [control] = data["controls"]
    needs = [n for check in control["levels"]["2"] for n in check["needs"]]
    register = next(n for n in needs if n["name"] == "verwerkersovereenkomsten")
    columns = {c["name"]: c["kind"] for c in register["columns"]}
    assert columns["privacybijsluiter"] == "bool" and columns["ondertekend_op"] == "date"
    assert register["example"]["Privacybijsluiter"] == "ja"


def test_explain_a_control_id_and_its_documents(cli: Cli) -> None:
    data = json.loads(cli("explain", "GO.02-beleid", "--format", "json").out)
    needs = [n for check in data["controls"][0]["levels"]["3"] for n in check["needs"]]
    policy = needs[0]
    assert policy["kind"] == "document" and policy["name"] == "ibp-beleid"
    assert {"vastgesteld_op", "vastgesteld_door", "volgende_review"} <= set(policy["keys"])


def test_an_unknown_id_is_a_usage_error(cli: Cli) -> None:
    result = cli("explain", "XX.99")
    assert result.code == 4 and "XX.99" in result.err
    assert cli("explain").code == 4


def test_the_committed_reference_is_what_the_catalog_generates(cli: Cli) -> None:
    """docs/registers.md is regenerated with: ibpaudit explain --reference > docs/registers.md"""
    result = cli("explain", "--reference")
    assert result.code == 0
    committed = (PROJECT / "docs" / "registers.md").read_text(encoding="utf-8")
    assert committed == result.out
    assert "### `verwerkersovereenkomsten`" in committed
    assert "| `privacybijsluiter` | Privacybijsluiter | bool |" in committed


def test_explain_reads_a_dossiers_own_controls(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "ibpaudit.yaml").write_text("versie: 1\nbestuur: Test\n")
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "eigen.yaml").write_text(
        "id: GB.02-eigen\nnorm: GB.02\ntitle: Eigen\nseverity: low\nlevels:\n"
        "  2:\n    - check: register\n      register: sleutelkluis\n"
        "      require: {column: uitgegeven_op, not_after: today}\n",
        encoding="utf-8",
    )
    result = cli("explain", "GB.02-eigen", "--dossier", str(tmp_path))
    assert result.code == 0, result.err
    assert "register 'sleutelkluis'" in result.out and "uitgegeven_op (datum)" in result.out


def test_explain_says_what_was_seen_and_follows_a_moved_id(cli: Cli) -> None:
    moved = cli("explain", "PV.P01-verwerkingsregister", "--lang", "en")
    assert moved.code == 0
    lines = moved.out.splitlines()
    assert lines[0].startswith("PR.03: ")
    assert "  source: ID and title seen (official); formerly PV.P01" in lines
    assert "PR.03-verwerkingsregister: " in moved.out
    inferred = cli("explain", "SM.09")
    assert "  bron: ID afgeleid uit de nummering" in inferred.out.splitlines()
