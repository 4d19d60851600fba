"""The YAML reader: registers as lists or under their own name, and mappings."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ibpaudit.builtin.readers import yaml_reader
from ibpaudit.errors import EvidenceError
from ibpaudit.model import Evidence, EvidenceFile, Limits, Location
from ibpaudit.values import parse_date, parse_datetime
from ibpaudit.yamlio import YamlError

MakeFile = Callable[[Path, str], EvidenceFile]


@pytest.fixture
def read(data: Path, evidence_file: MakeFile) -> Callable[[str], Evidence]:
    def run(name: str) -> Evidence:
        path = data / name
        return yaml_reader.read(path, evidence_file(path, f"registers/{name}"), Limits())

    return run


def test_a_list_is_a_register(read: Callable[[str], Evidence], data: Path) -> None:
    ev = read("verwerkingsregister.yaml")
    assert ev.reader == "yaml"
    assert ev.table and ev.is_register
    # 'Legal basis' is mapped onto the contract's 'grondslag'.
    assert ev.columns == ("verwerking", "doel", "grondslag", "dpia_vereist", "dpia_referentie")
    assert [r.get("grondslag") for r in ev.records] == ["wettelijke verplichting", "publieke taak"]
    # Blank text is None, as in every reader.
    assert ev.records[1].get("dpia_referentie") is None
    digest = hashlib.sha256((data / "verwerkingsregister.yaml").read_bytes()).hexdigest()
    assert [r.location for r in ev.records] == [
        Location("registers/verwerkingsregister.yaml", digest, line=2),
        Location("registers/verwerkingsregister.yaml", digest, line=8),
    ]


def test_an_item_that_is_not_a_row_is_a_problem(read: Callable[[str], Evidence]) -> None:
    ev = read("verwerkingsregister.yaml")
    (problem,) = ev.problems
    assert problem.message.en == (
        "item 3 is not a row of columns (column: value) but 'Oudercommunicatie zonder kolommen'"
    )
    assert problem.message.nl.startswith("item 3 is geen rij met kolommen")
    assert problem.location.path == "registers/verwerkingsregister.yaml"
    assert len(ev.records) == 2  # the other rows are still read


def test_rows_under_a_key_named_after_the_file(read: Callable[[str], Evidence], data: Path) -> None:
    ev = read("datalekken.yaml")
    assert ev.table
    assert [r.get("kenmerk") for r in ev.records] == ["DL-2026-001", "DL-2026-002"]
    # The other top-level keys are the register's metadata.
    assert dict(ev.metadata) == {"eigenaar": "privacy officer"}
    assert ev.metadata_line == 2
    assert ev.columns == (
        "kenmerk",
        "omschrijving",
        "ontdekt_op",
        "meldplichtig",
        "gemeld_ap_op",
        "afgesloten_op",
        "motivatie_geen_melding",
    )
    first, second = ev.records
    # 'reason not notified' is the English name of motivatie_geen_melding.
    assert second.get("motivatie_geen_melding") == "geen bijzondere gegevens, snel verwijderd"
    assert first.get("motivatie_geen_melding") is None
    assert parse_datetime(first.get("ontdekt_op")) == parse_datetime("2026-02-03 09:15")
    assert first.get("afgesloten_op") == date(2026, 2, 20)
    # An impossible date stays text, so a check can say which value is wrong.
    assert second.get("afgesloten_op") == "2026-02-30"
    with pytest.raises(ValueError, match="'2026-02-30' is not a valid date"):
        parse_date(second.get("afgesloten_op"))
    digest = hashlib.sha256((data / "datalekken.yaml").read_bytes()).hexdigest()
    assert first.location == Location("registers/datalekken.yaml", digest, line=4)
    assert second.location.line == 10


def test_an_empty_register_is_still_a_register(data: Path, evidence_file: MakeFile) -> None:
    path = data / "leeg-register" / "datalekken.yaml"
    ev = yaml_reader.read(path, evidence_file(path, "registers/datalekken.yaml"), Limits())
    assert ev.table is True
    assert ev.is_register
    assert ev.records == ()
    assert ev.columns == ()
    assert dict(ev.metadata) == {}


def test_a_mapping_is_metadata(read: Callable[[str], Evidence]) -> None:
    ev = read("ibp-rapportage-bestuur.yaml")
    assert not ev.table and not ev.is_register
    assert ev.records == ()
    # English keys take the contract's names; nested mappings are kept as they are.
    assert dict(ev.metadata) == {
        "id": "ibp-rapportage-bestuur",
        "verklaring": "Het bestuur ontvangt elk kwartaal een rapportage over "
        "informatiebeveiliging en privacy en bespreekt die met de raad van toezicht.",
        "ondertekend_door": {"naam": "M. de Vries", "rol": "bestuurder"},
        "ondertekend_op": date(2026, 9, 30),
        "geldig_tot": date(2027, 9, 30),
    }
    assert ev.metadata_line == 1


def test_two_keys_for_one_column_are_an_error(read: Callable[[str], Evidence]) -> None:
    with pytest.raises(EvidenceError) as info:
        read("applicaties-dubbele-kolom.yaml")
    assert str(info.value) == (
        "registers/applicaties-dubbele-kolom.yaml:3: keys 'leverancier' and 'Supplier' both "
        "mean 'leverancier'; rename or remove one"
    )


def test_a_sidecar_keeps_the_documents_metadata(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "ibp-beleid.pdf.meta.yaml"
    path.write_bytes(b"title: IBP-beleid\nadopted_on: 2026-03-10\n")
    ev = yaml_reader.read(path, evidence_file(path, "beleid/ibp-beleid.pdf.meta.yaml"), Limits())
    assert dict(ev.metadata) == {"titel": "IBP-beleid", "vastgesteld_op": date(2026, 3, 10)}


@pytest.mark.parametrize("key", ["rijen", "rows", "Records"])
def test_rows_under_a_generic_key(tmp_path: Path, evidence_file: MakeFile, key: str) -> None:
    path = tmp_path / "hersteltests-2026.yaml"
    path.write_text(f"systeem: back-up\n{key}:\n  - getest_op: 12-03-2026\n    geslaagd: ja\n")
    ev = yaml_reader.read(path, evidence_file(path, "hersteltests-2026.yaml"), Limits())
    assert [dict(r.values) for r in ev.records] == [{"getest_op": "12-03-2026", "geslaagd": "ja"}]
    assert dict(ev.metadata) == {"systeem": "back-up"}
    assert ev.records[0].location.line == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg.yaml: is empty; fill it in or remove it"),
        (b"# nog niets\n", "leeg.yaml: is empty; fill it in or remove it"),
        (
            b"alleen tekst\n",
            "leeg.yaml: expected a mapping (key: value) or a list of rows, found 'alleen tekst'",
        ),
    ],
)
def test_files_that_are_not_evidence(
    tmp_path: Path, evidence_file: MakeFile, content: bytes, message: str
) -> None:
    path = tmp_path / "leeg.yaml"
    path.write_bytes(content)
    with pytest.raises(EvidenceError) as info:
        yaml_reader.read(path, evidence_file(path, "leeg.yaml"), Limits())
    assert str(info.value) == message


def test_yaml_errors_name_the_dossier_path(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "datalekken.yaml"
    path.write_bytes(b"datalekken:\n  - kenmerk: DL-1\n    kenmerk: DL-2\n")
    with pytest.raises(YamlError, match=r"^registers/datalekken\.yaml:3:5: invalid YAML: key"):
        yaml_reader.read(path, evidence_file(path, "registers/datalekken.yaml"), Limits())


def test_the_yaml_size_limit_applies(data: Path, evidence_file: MakeFile) -> None:
    path = data / "datalekken.yaml"
    size = path.stat().st_size
    with pytest.raises(YamlError, match=f"{size} bytes is more than the 100 bytes"):
        yaml_reader.read(path, evidence_file(path, "datalekken.yaml"), Limits(max_yaml_bytes=100))
    # The smaller of the two limits counts.
    with pytest.raises(YamlError, match=f"{size} bytes is more than the 99 bytes"):
        yaml_reader.read(path, evidence_file(path, "datalekken.yaml"), Limits(max_file_bytes=99))


def test_row_limit(data: Path, evidence_file: MakeFile) -> None:
    path = data / "datalekken.yaml"
    ev = yaml_reader.read(path, evidence_file(path, "d.yaml"), Limits(max_rows=2))
    assert len(ev.records) == 2
    with pytest.raises(EvidenceError, match=r"^d\.yaml: more than 1 rows; split the register$"):
        yaml_reader.read(path, evidence_file(path, "d.yaml"), Limits(max_rows=1))


@pytest.mark.parametrize("name", ["datalekken.yaml", "ibp-rapportage-bestuur.yaml"])
def test_hook_reads_yaml(data: Path, evidence_file: MakeFile, name: str) -> None:
    path = data / name
    ev = yaml_reader.ibpaudit_read_evidence(
        path=path, file=evidence_file(path, name), limits=Limits()
    )
    assert ev is not None and ev.reader == "yaml"


@pytest.mark.parametrize("name", ["applicaties-bom.csv", "ibp-beleid.md"])
def test_hook_leaves_other_files_alone(data: Path, evidence_file: MakeFile, name: str) -> None:
    path = data / name
    assert (
        yaml_reader.ibpaudit_read_evidence(
            path=path, file=evidence_file(path, name), limits=Limits()
        )
        is None
    )
