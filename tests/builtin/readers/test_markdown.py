"""The Markdown reader: YAML front matter as metadata, the body as text."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ibpaudit.builtin.readers import markdown
from ibpaudit.errors import EvidenceError
from ibpaudit.model import Evidence, EvidenceFile, Limits
from ibpaudit.yamlio import YamlError

MakeFile = Callable[[Path, str], EvidenceFile]


@pytest.fixture
def read(data: Path, evidence_file: MakeFile) -> Callable[[str], Evidence]:
    def run(name: str) -> Evidence:
        path = data / name
        return markdown.read(path, evidence_file(path, f"beleid/{name}"), Limits())

    return run


def test_front_matter_is_metadata_with_contract_names(read: Callable[[str], Evidence]) -> None:
    ev = read("ibp-beleid.md")
    assert ev.reader == "markdown"
    assert not ev.is_register
    assert dict(ev.metadata) == {
        "titel": "Beleid informatiebeveiliging en privacy 2026-2029",  # from 'title'
        "type": "ibp-beleid",
        "versie": "2.1",  # from 'version', kept as text because it was quoted
        "vastgesteld_op": date(2026, 3, 10),
        "vastgesteld_door": "bestuurder",  # from 'Adopted by'
        "instemming_mr_op": date(2026, 2, 20),
    }
    assert ev.metadata_line == 1
    assert ev.location.line == 1


def test_the_body_is_the_text_after_the_front_matter(read: Callable[[str], Evidence]) -> None:
    ev = read("ibp-beleid.md")
    assert "title:" not in ev.text
    assert ev.text.lstrip("\n").startswith("# Beleid informatiebeveiliging en privacy\n")
    # A later '---' is a horizontal rule in the body, not more front matter.
    assert "\n---\n" in ev.text
    assert ev.text.rstrip().endswith(
        "Privacy by design is het vertrekpunt bij elke nieuwe applicatie."
    )


def test_a_document_without_front_matter(read: Callable[[str], Evidence], data: Path) -> None:
    ev = read("zonder-metadata.md")
    assert dict(ev.metadata) == {}
    assert ev.text == (data / "zonder-metadata.md").read_text(encoding="utf-8")


def test_a_windows_saved_document_with_bom_and_crlf(read: Callable[[str], Evidence]) -> None:
    ev = read("back-upbeleid-windows.md")
    assert dict(ev.metadata) == {
        "titel": "Back-upbeleid",
        "type": "back-upbeleid",
        "vastgesteld_op": "12-01-2026",  # a Dutch date is text; checks parse it
    }
    assert ev.text.startswith("# Back-upbeleid")
    assert "Elke nacht een versleutelde back-up" in ev.text


def test_front_matter_that_is_never_closed(read: Callable[[str], Evidence]) -> None:
    with pytest.raises(EvidenceError) as info:
        read("front-matter-open.md")
    assert str(info.value) == (
        "beleid/front-matter-open.md:1: front matter opened with '---' is never closed; "
        "add a line with '---' after the metadata"
    )


def test_a_yaml_error_gives_the_files_own_line(read: Callable[[str], Evidence], data: Path) -> None:
    with pytest.raises(YamlError) as info:
        read("front-matter-fout.md")
    message = str(info.value)
    assert message.startswith("beleid/front-matter-fout.md:5:9: invalid YAML: ")
    assert "expected ',' or ']'" in message
    # Line 5 of the file, counting the opening '---' as line 1.
    line = (data / "front-matter-fout.md").read_text(encoding="utf-8").splitlines()[4]
    assert line == "eigenaar: security officer"
    assert line[8] == ":"  # column 9


def test_front_matter_must_be_a_mapping(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "beleid.md"
    path.write_text("---\n- titel\n- type\n---\n# Beleid\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as info:
        markdown.read(path, evidence_file(path, "beleid.md"), Limits())
    assert str(info.value) == (
        "beleid.md:2: front matter must be 'key: value' lines, not '['titel', 'type']'"
    )


def test_empty_front_matter_and_dots_closing(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "beleid.md"
    path.write_text("---\n---\n# Beleid\n", encoding="utf-8")
    assert dict(markdown.read(path, evidence_file(path, "beleid.md"), Limits()).metadata) == {}
    path.write_text("---\ntitel: Beleid\n...\n# Beleid\n", encoding="utf-8")
    ev = markdown.read(path, evidence_file(path, "beleid.md"), Limits())
    assert dict(ev.metadata) == {"titel": "Beleid"}
    assert ev.text == "# Beleid"


def test_front_matter_aliases_are_refused(tmp_path: Path, evidence_file: MakeFile) -> None:
    path = tmp_path / "beleid.md"
    path.write_text("---\ntitel: &t Beleid\ntype: *t\n---\n", encoding="utf-8")
    with pytest.raises(YamlError, match=r"^beleid\.md:3:7: invalid YAML: aliases"):
        markdown.read(path, evidence_file(path, "beleid.md"), Limits())


def test_hook_reads_markdown(data: Path, evidence_file: MakeFile) -> None:
    path = data / "ibp-beleid.md"
    ev = markdown.ibpaudit_read_evidence(
        path=path, file=evidence_file(path, "ibp-beleid.md"), limits=Limits()
    )
    assert ev is not None and ev.metadata["titel"].startswith("Beleid informatiebeveiliging")


@pytest.mark.parametrize("name", ["applicaties-bom.csv", "ibp-rapportage-bestuur.yaml"])
def test_hook_leaves_other_files_alone(data: Path, evidence_file: MakeFile, name: str) -> None:
    path = data / name
    assert (
        markdown.ibpaudit_read_evidence(path=path, file=evidence_file(path, name), limits=Limits())
        is None
    )


def test_two_keys_with_one_meaning_are_refused(tmp_path: Path) -> None:
    doc = tmp_path / "beleid.md"
    doc.write_text("---\ntitle: Policy\ntitel: Beleid\n---\n", encoding="utf-8")
    file = EvidenceFile("beleid/beleid.md", hashlib.sha256(doc.read_bytes()).hexdigest(), 1, "")
    with pytest.raises(EvidenceError, match=r"'title' and 'titel' both mean 'titel'"):
        markdown.read(doc, file, Limits())
