"""Spreadsheet (xlsx, ods), Word and PDF readers on files built by the real libraries,
and the hostile variants they must refuse with a clear message."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from ibpaudit.builtin.readers import pdf, spreadsheet, word
from ibpaudit.errors import EvidenceError
from ibpaudit.model import EvidenceFile, Limits
from office import (
    encrypted_office,
    truncated,
    with_doctype,
    write_docx,
    write_ods,
    write_pdf,
    write_xlsx,
    zip_bomb,
)


def file_of(path: Path, rel: str | None = None) -> EvidenceFile:
    data = path.read_bytes()
    return EvidenceFile(rel or path.name, hashlib.sha256(data).hexdigest(), len(data), "")


ROWS = [
    ["Register verwerkersovereenkomsten"],  # a title row above the header
    [],
    ["Leverancier", "Product", "Ondertekend op", "Privacybijsluiter", "Modelversie"],
    ["Edu B.V.", "LeerlingPlus", date(2025, 8, 14), "ja", 4],
    ["Rekenwerk B.V.", "Rekentuin", "3 februari 2024", "nee", "3.0"],
]


def test_xlsx_register_with_title_row_typed_cells_and_cell_provenance(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "verwerkersovereenkomsten.xlsx", {"Overzicht": ROWS})
    ev = spreadsheet.read(path, file_of(path), Limits())
    assert ev.columns == (
        "leverancier",
        "product",
        "ondertekend_op",
        "privacybijsluiter",
        "modelversie",
    )
    first, second = ev.records
    assert first.get("ondertekend_op") == date(2025, 8, 14)
    assert first.get("modelversie") == 4
    assert second.get("ondertekend_op") == "3 februari 2024"
    assert (first.location.sheet, first.location.row) == ("Overzicht", 4)
    assert first.location.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sheet_named_like_the_file_is_the_default_and_others_are_kept(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "datalekken.xlsx",
        {"Toelichting": [["Dit werkblad legt uit"]], "Datalekken": [["kenmerk"], ["DL-1"]]},
    )
    ev = spreadsheet.read(path, file_of(path), Limits())
    assert [r.get("kenmerk") for r in ev.records] == ["DL-1"]
    assert [s.name for s in ev.sheets] == ["Toelichting", "Datalekken"]
    other = ev.sheet("Toelichting")
    assert other is not None and other.records == ()


def test_ods_register(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "bewustwording.ods", [["datum", "onderwerp"], ["04-09-2026", "Phishing"]]
    )
    ev = spreadsheet.read(path, file_of(path), Limits())
    assert ev.columns == ("datum", "onderwerp")
    assert ev.records[0].get("onderwerp") == "Phishing"
    assert ev.records[0].location.row == 2


def test_docx_custom_properties_and_text(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "ibp-beleid.docx",
        {"type": "ibp-beleid", "Vastgesteld op": "2026-03-10", "adopted_by": "bestuurder"},
        ["Wij melden datalekken binnen 72 uur."],
        title="IBP-beleid 2026",
    )
    ev = word.read(path, file_of(path), Limits())
    assert ev.metadata["titel"] == "IBP-beleid 2026"
    assert ev.metadata["type"] == "ibp-beleid"
    assert ev.metadata["vastgesteld_op"] == "2026-03-10"
    assert ev.metadata["vastgesteld_door"] == "bestuurder"
    assert "72 uur" in ev.text


def test_pdf_metadata_and_text_per_page(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "back-upbeleid.pdf",
        {"type": "back-upbeleid", "vastgesteld_op": "2025-06-15"},
        ["Back-up en herstel", "Hersteltests twee keer per jaar"],
        title="Back-upbeleid",
    )
    ev = pdf.read(path, file_of(path), Limits())
    assert ev.metadata == {
        "titel": "Back-upbeleid",
        "type": "back-upbeleid",
        "vastgesteld_op": "2025-06-15",
    }
    assert len(ev.pages) == 2 and "Hersteltests" in ev.pages[1]
    assert ev.problems == ()


def test_scanned_pdf_says_it_has_no_text_layer(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", {"type": "ibp-beleid"}, [""])
    ev = pdf.read(path, file_of(path), Limits())
    (problem,) = ev.problems
    assert "no text layer" in problem.message.en
    assert problem.location.page == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path, suffix: str) -> None:
    path = zip_bomb(tmp_path / f"bom{suffix}")
    reader = spreadsheet if suffix == ".xlsx" else word
    with pytest.raises(EvidenceError, match=r"possible zip bomb"):
        reader.read(path, file_of(path), Limits())


def test_unpacked_size_limit(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "groot.xlsx", {"Blad": [["a"], ["b" * 5000]] * 200})
    with pytest.raises(EvidenceError, match=r"unpacks to"):
        spreadsheet.read(path, file_of(path), Limits(max_unzipped_bytes=100_000))


def test_doctype_in_an_office_part_is_refused(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "goed.xlsx", {"Blad1": [["a"], ["b"]]})
    path = with_doctype(good, tmp_path / "kwaad.xlsx", "xl/worksheets/sheet1.xml")
    with pytest.raises(EvidenceError, match=r"sheet1\.xml' declares a DOCTYPE"):
        spreadsheet.read(path, file_of(path), Limits())
    doc = write_docx(tmp_path / "goed.docx", {}, ["tekst"])
    path = with_doctype(doc, tmp_path / "kwaad.docx", "word/document.xml")
    with pytest.raises(EvidenceError, match=r"declares a DOCTYPE"):
        word.read(path, file_of(path), Limits())


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".pdf"])
def test_truncated_files_are_reported_as_corrupt(tmp_path: Path, suffix: str) -> None:
    if suffix == ".xlsx":
        good = write_xlsx(tmp_path / "goed.xlsx", {"Blad1": [["a"], ["b"]]})
        reader = spreadsheet
    elif suffix == ".docx":
        good = write_docx(tmp_path / "goed.docx", {}, ["tekst"])
        reader = word  # type: ignore[assignment]
    else:
        good = write_pdf(tmp_path / "goed.pdf", {}, ["tekst"])
        reader = pdf  # type: ignore[assignment]
    path = truncated(good, tmp_path / f"half{suffix}")
    with pytest.raises(EvidenceError, match=r"corrupt or truncated"):
        reader.read(path, file_of(path), Limits())


def test_encrypted_office_file_is_named_as_such(tmp_path: Path) -> None:
    path = encrypted_office(tmp_path / "geheim.xlsx")
    with pytest.raises(EvidenceError, match=r"password-protected"):
        spreadsheet.read(path, file_of(path), Limits())


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pypdf

    plain = write_pdf(tmp_path / "plain.pdf", {}, ["tekst"])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt("geheim")
    path = tmp_path / "geheim.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EvidenceError, match=r"password-protected"):
        pdf.read(path, file_of(path), Limits())


@pytest.mark.parametrize("module", [spreadsheet, word, pdf])
def test_other_suffixes_are_left_to_other_readers(tmp_path: Path, module: object) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")
    assert module.ibpaudit_read_evidence(path, file_of(path), Limits()) is None  # type: ignore[attr-defined]
