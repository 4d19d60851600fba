"""``cross_reference``: every selected row has a valid counterpart in another register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ibpaudit import testing
from ibpaudit.builtin.checks import cross_reference
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.model import CheckContext, Control, Limits, Shared, Status, Text
from support import AS_OF, Judge, messages

APPS = (
    "applicatie;leverancier;product;verwerkt_persoonsgegevens\n"
    "LAS;Edu B.V.;LeerlingPlus;ja\n"
    "Oefenen;Rekenwerk B.V.;Rekentuin;ja\n"
    "Bord;Klasscherm B.V.;Bordtools;nee\n"
)
AGREEMENTS = (
    "leverancier;product;ondertekend_op;privacybijsluiter\n"
    "Edu B.V.;  leerlingplus ;14-08-2025;ja\n"
    "Rekenwerk B.V.;Rekentuin;;nee\n"
)
PARAMS: dict[str, Any] = {
    "from": {
        "register": "applicaties",
        "key": ["leverancier", "product"],
        "where": {"column": "verwerkt_persoonsgegevens", "is": True},
    },
    "to": {
        "register": "verwerkersovereenkomsten",
        "key": ["leverancier", "product"],
        "require": [
            {"column": "ondertekend_op", "not_empty": True},
            {"column": "privacybijsluiter", "is": True},
        ],
    },
}


def files(agreements: str = AGREEMENTS) -> dict[str, str]:
    return {"registers/applicaties.csv": APPS, "registers/verwerkersovereenkomsten.csv": agreements}


def test_unsigned_agreement_fails_once_naming_every_unmet_condition(judge: Judge) -> None:
    outcome = judge(files(), "cross_reference", PARAMS)
    assert outcome.status is Status.FAILED
    (finding,) = outcome.findings  # keys match despite case and spaces; one finding per row
    assert finding.location is not None
    assert (finding.location.path, finding.location.row) == (
        "registers/verwerkersovereenkomsten.csv",
        3,
    )
    assert "'ondertekend_op' is filled in" in finding.message.en
    assert "'privacybijsluiter' is yes" in finding.message.en


def test_missing_counterpart_fails_on_the_source_row(judge: Judge) -> None:
    only_edu = (
        "leverancier;product;ondertekend_op;privacybijsluiter\n"
        "Edu B.V.;LeerlingPlus;01-01-2025;ja\n"
    )
    outcome = judge(files(only_edu), "cross_reference", PARAMS)
    (finding,) = outcome.findings
    assert finding.location is not None and finding.location.path == "registers/applicaties.csv"
    assert "Rekentuin" in finding.message.en


def test_all_present_and_signed_passes(judge: Judge) -> None:
    signed = AGREEMENTS.replace("Rekentuin;;nee", "Rekentuin;01-03-2024;ja")
    assert judge(files(signed), "cross_reference", PARAMS).findings == ()


def test_missing_target_register_fails(judge: Judge) -> None:
    outcome = judge({"registers/applicaties.csv": APPS}, "cross_reference", PARAMS)
    assert outcome.status is Status.FAILED
    assert any("verwerkersovereenkomsten" in m for m in messages(outcome))


def test_messages_name_the_row_the_register_and_the_unmet_conditions(judge: Judge) -> None:
    only_reken = (
        "leverancier;product;ondertekend_op;privacybijsluiter\nRekenwerk B.V.;Rekentuin;;nee\n"
    )
    own = {**PARAMS, "message": {"nl": "{product}: geen VO", "en": "{product}: no DPA"}}

    fallback = judge(files(only_reken), "cross_reference", PARAMS)
    custom = judge(files(only_reken), "cross_reference", own)

    unmet = "'ondertekend_op' is filled in; 'privacybijsluiter' is yes"
    assert messages(fallback) == [
        "'Edu B.V. / LeerlingPlus' is not in registers/verwerkersovereenkomsten.csv",
        "'Rekenwerk B.V. / Rekentuin' is in registers/verwerkersovereenkomsten.csv; "
        f"not met: {unmet}",
    ]
    assert messages(custom) == ["LeerlingPlus: no DPA", f"Rekentuin: no DPA; not met: {unmet}"]
    assert custom.findings[0].message.nl == "LeerlingPlus: geen VO"


def test_a_row_with_an_empty_key_says_so(judge: Judge) -> None:
    apps = APPS.replace("Oefenen;Rekenwerk B.V.;", "Oefenen;-;")
    outcome = judge(
        {"registers/applicaties.csv": apps, "registers/verwerkersovereenkomsten.csv": AGREEMENTS},
        "cross_reference",
        PARAMS,
    )
    assert messages(outcome) == ["key (leverancier, product) is not filled in"]


def _context(root: Path) -> CheckContext:
    testing.write_dossier(root, files())
    dossier = Dossier.load(root, load_config(root), plugins.build(root), Limits())
    control = Control("T.01-test", "GO.02", Text("t", "t"), None, "low", (), (), "test")
    return CheckContext(dossier, AS_OF, control, {}, shared=Shared())


def test_findings_are_the_same_whether_or_not_another_check_shared_its_work(
    tmp_path: Path,
) -> None:
    """A second check on the same registers takes the selected rows and the index from
    the run's store; its findings are those it finds on its own."""
    other = {
        "from": PARAMS["from"],
        "to": {**PARAMS["to"], "require": {"column": "ondertekend_op", "not_empty": True}},
        "message": "{product} van {leverancier}",
    }
    alone = cross_reference.evaluate(_context(tmp_path / "alleen"), PARAMS)
    warm = _context(tmp_path / "gedeeld")
    before = cross_reference.evaluate(warm, other)
    shared = cross_reference.evaluate(warm, PARAMS)

    assert len(warm.shared) > 0
    assert shared == alone
    assert before != alone  # the other check found something else
    assert messages(before) == [
        "Rekentuin van Rekenwerk B.V.; not met: 'ondertekend_op' is filled in"
    ]


SCHOOLS = """scholen:
  - {brin: 00AA, naam: De Klimop}
  - {brin: 00AB, naam: Het Kompas}
"""


def test_each_schools_view_is_cross_referenced_on_its_own_rows(tmp_path: Path) -> None:
    """Per school the applications differ, and so does the verdict: no school is judged
    with the rows another school's view selected."""
    apps = (
        "applicatie;leverancier;product;verwerkt_persoonsgegevens;school\n"
        "LAS;Edu B.V.;LeerlingPlus;ja;00AA\n"
        "Oefenen;Rekenwerk B.V.;Rekentuin;ja;00AB\n"
    )
    agreements = AGREEMENTS.replace("Rekenwerk B.V.;Rekentuin;;nee\n", "")
    dossier = {
        "organisatie.yaml": SCHOOLS,
        "registers/applicaties.csv": apps,
        "registers/verwerkersovereenkomsten.csv": agreements,
    }
    control = Control(
        "T.01-test", "GO.02", Text("t", "t"), None, "low", (), (), "test", scope="school"
    )
    outcome = testing.judge(
        tmp_path / "dossier",
        dossier,
        "cross_reference",
        PARAMS,
        as_of=AS_OF,
        control=control,
    )
    assert [(f.school, f.message.en) for f in outcome.findings] == [
        (
            "00AB",
            "00AB Het Kompas: 'Rekenwerk B.V. / Rekentuin' is not in "
            "registers/verwerkersovereenkomsten.csv",
        )
    ]
