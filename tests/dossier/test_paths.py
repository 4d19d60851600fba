"""A dossier's files are told apart by their dossier-relative paths, taken apart as
pathlib takes them apart, without making a path object per file."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from ibpaudit.dossier import _is_attestation, _is_organisation, _parts, _stem, iter_files
from ibpaudit.model import BoardConfig

RELS = [
    "organisatie.yaml",
    "organisatie/",
    "registers/DPIA's.v2.csv",
    "attestaties/go.01.yaml",
    "beleid/sub/./x.md",
    "a//b.csv",
    "./",
    "naam\\xe9.csv",
]


@pytest.mark.parametrize("rel", RELS)
def test_a_path_is_taken_apart_as_pathlib_does(rel: str) -> None:
    assert _parts(rel) == list(PurePosixPath(rel).parts)


def test_what_a_path_says_about_its_file() -> None:
    assert _is_organisation("organisatie.yaml") and not _is_organisation("x/organisatie.yaml")
    assert _is_attestation("attestaties/go.01.yaml") and not _is_attestation("beleid/x.md")
    assert not _is_attestation("./")
    assert _stem("registers/DPIA's.v2.csv") == "dpia_s"
    assert _stem("./") == ""


def test_files_are_listed_with_their_posix_paths(tmp_path: Path) -> None:
    (tmp_path / "registers" / "sub").mkdir(parents=True)
    for rel in ("top.md", "registers/a.csv", "registers/sub/b.csv", "ibpaudit.yaml"):
        (tmp_path / rel).write_text("x", encoding="utf-8")

    listed = list(iter_files(tmp_path, BoardConfig()))

    assert [rel for _, rel in listed] == ["top.md", "registers/a.csv", "registers/sub/b.csv"]
    assert all(path == tmp_path / rel for path, rel in listed)
