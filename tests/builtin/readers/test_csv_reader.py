"""The CSV reader on files saved the way spreadsheets save them."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ibpaudit.builtin.readers import csv_reader
from ibpaudit.errors import EvidenceError
from ibpaudit.model import Evidence, EvidenceFile, Limits, Location, Text
from ibpaudit.values import parse_bool, parse_date, parse_datetime

MakeFile = Callable[[Path, str], EvidenceFile]


@pytest.fixture
def read(data: Path, evidence_file: MakeFile) -> Callable[[str], Evidence]:
    def run(name: str) -> Evidence:
        path = data / name
        return csv_reader.read(path, evidence_file(path, f"registers/{name}"), Limits())

    return run


def test_excel_on_windows_semicolons_cp1252_and_dutch_values(
    read: Callable[[str], Evidence], data: Path
) -> None:
    # The fixture really is what Excel writes: Windows-1252, not UTF-8, and CRLF.
    raw = (data / "verwerkersovereenkomsten-excel.csv").read_bytes()
    assert b"Caf\xe9" in raw and b"Financi\xeble" in raw and b"\r\n" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    ev = read("verwerkersovereenkomsten-excel.csv")

    assert ev.reader == "csv"
    assert ev.table and ev.is_register
    assert ev.columns == (
        "leverancier",
        "kvk_nummer",
        "product",
        "verwerkt_persoonsgegevens",
        "ondertekend_op",
        "einddatum",
        "opmerking",
    )
    assert [r.get("leverancier") for r in ev.records] == [
        "Café Leerplein B.V.",
        "Coöperatie Eduroam",
        "Financiële Diensten B.V.",
    ]
    first, second, third = ev.records
    # Values stay text (leading zeros of a KvK number survive); checks parse them.
    assert first.get("kvk_nummer") == "00000011"
    assert parse_date(first.get("ondertekend_op")) == parse_date("2025-08-14")
    assert parse_date(second.get("einddatum")) == parse_date("2027-07-31")
    assert [parse_bool(r.get("verwerkt_persoonsgegevens")) for r in ev.records] == [
        True,
        False,
        True,
    ]
    # Empty cells are None, not "", so every reader agrees on 'empty'.
    assert first.get("einddatum") is None
    assert first.get("opmerking") is None
    # A quoted cell keeps its semicolon.
    assert third.get("opmerking") == "nog niet getekend; ligt bij de leverancier"
    assert ev.problems == ()
    assert ev.metadata_line == 1


def test_record_locations_point_at_the_file_row_and_line(
    read: Callable[[str], Evidence], data: Path
) -> None:
    ev = read("verwerkersovereenkomsten-excel.csv")
    digest = hashlib.sha256((data / "verwerkersovereenkomsten-excel.csv").read_bytes()).hexdigest()
    assert ev.file.sha256 == digest
    assert [r.location for r in ev.records] == [
        Location("registers/verwerkersovereenkomsten-excel.csv", digest, line=n, row=n)
        for n in (2, 3, 4)
    ]
    assert ev.location == Location("registers/verwerkersovereenkomsten-excel.csv", digest, line=1)
    assert ev.records[2].location.describe("nl") == (
        "registers/verwerkersovereenkomsten-excel.csv, rij 4"
    )


def test_utf8_with_bom_and_commas(read: Callable[[str], Evidence]) -> None:
    ev = read("applicaties-bom.csv")
    # The byte order mark must not end up in the first column's name.
    assert ev.columns == ("applicatie", "leverancier", "verwerkt_persoonsgegevens", "eigenaar")
    assert [dict(r.values) for r in ev.records] == [
        {
            "applicatie": "Leerlingadministratie",
            "leverancier": "Edu Systems B.V.",
            "verwerkt_persoonsgegevens": "ja",
            "eigenaar": "privacy officer",
        },
        {
            "applicatie": "Ouderportaal",
            "leverancier": "Schoolcontact B.V.",
            "verwerkt_persoonsgegevens": "ja",
            "eigenaar": "functionaris gegevensbescherming (FG)",
        },
    ]


def test_sep_line_sets_the_separator_and_is_not_a_row(read: Callable[[str], Evidence]) -> None:
    ev = read("bewustwording-sep.csv")
    assert ev.columns == ("datum", "onderwerp", "doelgroep", "deelnemers")
    # The commas in the topic are text, because sep=; says so.
    assert ev.records[0].get("onderwerp") == "Phishing, wachtwoorden en MFA"
    # Excel hides the sep= line: the header is still row 1, but it is on line 2.
    assert [(r.location.row, r.location.line) for r in ev.records] == [(2, 3), (3, 4)]
    assert ev.metadata_line == 2


def test_multi_line_cell_keeps_spreadsheet_row_numbers(read: Callable[[str], Evidence]) -> None:
    ev = read("datalekken-meerdere-regels.csv")
    first, second = ev.records
    assert first.get("omschrijving").splitlines() == [
        "Rapport naar verkeerde ouder gemaild.",
        "Ouder heeft het bericht verwijderd.",
        "Bevestiging per e-mail ontvangen.",
    ]
    assert parse_datetime(first.get("ontdekt_op")) == parse_datetime("2026-02-03 09:15")
    # Row numbers are what the spreadsheet shows; lines are where the text editor is.
    assert (first.location.row, first.location.line) == (2, 2)
    assert (second.location.row, second.location.line) == (3, 5)
    assert second.get("kenmerk") == "DL-2026-002"


def test_english_headers_are_mapped_to_the_contract(read: Callable[[str], Evidence]) -> None:
    ev = read("processors-english.csv")
    assert ev.columns == (
        "leverancier",
        "kvk_nummer",
        "ondertekend_op",
        "einddatum",
        "verwerkt_persoonsgegevens",
    )
    assert ev.records[0].get("leverancier") == "Edu Systems Ltd"
    assert parse_bool(ev.records[0].get("verwerkt_persoonsgegevens")) is True


def test_two_headers_for_one_column_are_an_error(read: Callable[[str], Evidence]) -> None:
    with pytest.raises(EvidenceError) as info:
        read("kopjes-dubbel.csv")
    assert str(info.value) == (
        "registers/kopjes-dubbel.csv: row 1: columns 'Leverancier' and 'Supplier' both mean "
        "'leverancier'; rename or remove one"
    )


def test_unterminated_quote_names_the_line_where_it_opened(
    read: Callable[[str], Evidence], data: Path
) -> None:
    lines = (data / "aanhalingsteken-open.csv").read_text(encoding="utf-8").splitlines()
    assert lines[2].count('"') == 1  # the third line opens a quote nothing closes
    with pytest.raises(EvidenceError) as info:
        read("aanhalingsteken-open.csv")
    assert str(info.value) == (
        "registers/aanhalingsteken-open.csv: line 3: cannot be read as CSV "
        "(unexpected end of data); check the quotes on that line"
    )


def test_unterminated_quote_in_the_header(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "applicaties.csv"
    path.write_bytes(b'sep=;\r\napplicatie;"leverancier\r\nLAS;Edu\r\n')
    with pytest.raises(EvidenceError, match=r"^registers/applicaties\.csv: line 2: cannot be read"):
        csv_reader.read(path, evidence_file(path, "registers/applicaties.csv"), Limits())


def test_an_empty_file_is_an_error(read: Callable[[str], Evidence], data: Path) -> None:
    assert (data / "leeg.csv").stat().st_size == 0
    with pytest.raises(EvidenceError) as info:
        read("leeg.csv")
    assert str(info.value) == "registers/leeg.csv: is empty; a register needs a header row"


@pytest.mark.parametrize("content", [b"\r\n\r\n", b"sep=;\r\n", b"\xef\xbb\xbf"])
def test_a_file_with_nothing_but_blank_lines_is_empty(
    tmp_path: Path, evidence_file: MakeFile, content: bytes
) -> None:
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(EvidenceError, match="is empty; a register needs a header row"):
        csv_reader.read(path, evidence_file(path, "leeg.csv"), Limits())


def test_a_header_without_names_is_an_error(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b";;\r\n;;\r\n")
    with pytest.raises(EvidenceError, match=r"^register\.csv: row 1 has no column names; ") as exc:
        csv_reader.read(path, evidence_file(path, "register.csv"), Limits())
    assert exc.value.in_language("nl").startswith("register.csv: rij 1 heeft geen kolomnamen; ")


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(
        b"Register verwerkersovereenkomsten 2026\r\n\r\n"
        b"Leverancier;Product;Ondertekend op\r\nEdu B.V.;LeerlingPlus;14-08-2025\r\n"
    )
    ev = csv_reader.read(path, evidence_file(path, "register.csv"), Limits())
    assert ev.columns == ("leverancier", "product", "ondertekend_op")
    (record,) = ev.records
    assert record.location.row == 4  # the row number the spreadsheet shows
    assert record.get("product") == "LeerlingPlus"


def test_values_without_a_header_are_a_problem_and_the_rest_is_read(
    read: Callable[[str], Evidence],
) -> None:
    ev = read("waarden-zonder-kopje.csv")
    assert ev.columns == ("applicatie", "leverancier", "eigenaar")
    # The fully empty fourth row is skipped, and row 5 keeps its number.
    assert [(r.get("applicatie"), r.location.row) for r in ev.records] == [
        ("Leerlingadministratie", 2),
        ("Ouderportaal", 3),
        ("Rooster", 5),
    ]
    assert ev.records[1].get("eigenaar") == "privacy officer"
    (problem,) = ev.problems
    assert problem.message == Text(
        nl="rij 3 heeft waarden zonder kolomnaam (extra, zie contract); geef die kolom een "
        "kopje of haal de waarden weg",
        en="row 3 has values without a column name (extra, zie contract); give the column a "
        "header or remove the values",
    )
    assert (problem.location.path, problem.location.row) == (
        "registers/waarden-zonder-kopje.csv",
        3,
    )


def test_short_rows_fill_missing_cells_with_none(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "applicaties.csv"
    path.write_bytes(b"applicatie;leverancier;eigenaar\nLAS;Edu\n")
    ev = csv_reader.read(path, evidence_file(path, "applicaties.csv"), Limits())
    assert dict(ev.records[0].values) == {
        "applicatie": "LAS",
        "leverancier": "Edu",
        "eigenaar": None,
    }
    assert ev.problems == ()


def test_a_header_only_register_has_columns_and_no_rows(
    tmp_path: Path, evidence_file: MakeFile
) -> None:
    path = tmp_path / "hersteltests.csv"
    path.write_bytes(b"getest_op;systeem;geslaagd\r\n")
    ev = csv_reader.read(path, evidence_file(path, "hersteltests.csv"), Limits())
    assert ev.columns == ("getest_op", "systeem", "geslaagd")
    assert ev.records == ()
    assert ev.is_register


def test_row_limit(read: Callable[[str], Evidence], data: Path, evidence_file: MakeFile) -> None:
    path = data / "verwerkersovereenkomsten-excel.csv"
    file = evidence_file(path, "vo.csv")
    assert len(csv_reader.read(path, file, Limits(max_rows=3)).records) == 3
    with pytest.raises(EvidenceError) as info:
        csv_reader.read(path, file, Limits(max_rows=2))
    assert str(info.value) == "vo.csv: more than 2 rows; split the register"


def test_tab_separated(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "toegangsreviews.tsv"
    path.write_bytes(b"applicatie\tbeoordeeld_op\tbevindingen\nLAS\t15-09-2026\tgeen; alles ok\n")
    ev = csv_reader.read(path, evidence_file(path, "toegangsreviews.tsv"), Limits())
    assert dict(ev.records[0].values) == {
        "applicatie": "LAS",
        "beoordeeld_op": "15-09-2026",
        "bevindingen": "geen; alles ok",
    }


def test_hook_reads_csv_and_tsv_in_any_case(
    tmp_path: Path, data: Path, evidence_file: MakeFile
) -> None:
    path = tmp_path / "APPLICATIES.CSV"
    shutil.copy(data / "applicaties-bom.csv", path)
    ev = csv_reader.ibpaudit_read_evidence(
        path=path, file=evidence_file(path, "APPLICATIES.CSV"), limits=Limits()
    )
    assert ev is not None and len(ev.records) == 2


@pytest.mark.parametrize("name", ["datalekken.yaml", "ibp-beleid.md"])
def test_hook_leaves_other_files_alone(data: Path, evidence_file: MakeFile, name: str) -> None:
    path = data / name
    assert (
        csv_reader.ibpaudit_read_evidence(
            path=path, file=evidence_file(path, name), limits=Limits()
        )
        is None
    )


def test_hook_ignores_a_spreadsheet_workbook(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"PK\x03\x04 not a csv")
    assert (
        csv_reader.ibpaudit_read_evidence(
            path=path, file=evidence_file(path, "register.xlsx"), limits=Limits()
        )
        is None
    )


def test_a_million_columns_stop_at_the_header(tmp_path: Path, evidence_file: MakeFile) -> None:
    """A CSV exported with a million unknown columns is refused with its width, before a
    row is split into cells."""
    path = tmp_path / "verwerkersovereenkomsten.csv"
    header = ";".join(["leverancier", "product", *(f"x{i}" for i in range(1_000_000))])
    path.write_text(header + "\nEdu;LAS\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as info:
        csv_reader.read(path, evidence_file(path, "registers/v.csv"), Limits())
    assert str(info.value) == (
        "registers/v.csv: line 1: has 1000002 columns, more than the 16384 a register may "
        "have (Excel's maximum); export only the register's own columns"
    )


def test_column_bound_counts_cells_not_quoted_separators(
    tmp_path: Path, evidence_file: MakeFile
) -> None:
    path = tmp_path / "applicaties.csv"
    limits = Limits(max_columns=3)
    # Four separators, two of them inside quotes: three cells, within the bound.
    path.write_text('applicatie;"lev;erancier;";product\nLAS;Edu;Plus\n', encoding="utf-8")
    evidence = csv_reader.read(path, evidence_file(path, "registers/a.csv"), limits)
    assert len(evidence.records) == 1
    # A data row wider than the bound is refused with its line.
    path.write_text("applicatie;leverancier;product\nLAS;Edu;Plus;x\n", encoding="utf-8")
    with pytest.raises(EvidenceError, match=r"^registers/a\.csv: line 2: has 4 columns, more"):
        csv_reader.read(path, evidence_file(path, "registers/a.csv"), limits)
