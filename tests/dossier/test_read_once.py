"""Each evidence file is read once, and the readers parse the bytes that were hashed: a
file that changes on disk while it is being read (a sync client, an editor's autosave)
cannot give findings about one version under the hash of another."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ibpaudit import hookimpl, readers
from ibpaudit.builtin.catalog import packaged_controls
from ibpaudit.dossier import iter_files, read_file
from ibpaudit.dossier.config import load_config
from ibpaudit.engine.plugins import build
from ibpaudit.model import Evidence, EvidenceFile, Limits
from office import write_docx, write_ods, write_pdf, write_xlsx
from support import EXAMPLE_BOARD

Writer = Callable[[Path, str], Path]


def _csv(path: Path, word: str) -> Path:
    path.write_text(f"leverancier;product\nEdu B.V.;{word}\n", encoding="utf-8")
    return path


def _yaml(path: Path, word: str) -> Path:
    path.write_text(f"- leverancier: Edu B.V.\n  product: {word}\n", encoding="utf-8")
    return path


def _markdown(path: Path, word: str) -> Path:
    path.write_text(f"---\ntype: beleid\ntitel: {word}\n---\n# {word}\n", encoding="utf-8")
    return path


def _xlsx(path: Path, word: str) -> Path:
    return write_xlsx(path, {"Blad1": [["leverancier", "product"], ["Edu B.V.", word]]})


def _ods(path: Path, word: str) -> Path:
    return write_ods(path, [["leverancier", "product"], ["Edu B.V.", word]])


def _docx(path: Path, word: str) -> Path:
    return write_docx(path, {"type": "beleid"}, [word], title=word)


def _pdf(path: Path, word: str) -> Path:
    return write_pdf(path, {"/type": "beleid"}, [word], title=word)


WRITERS: dict[str, Writer] = {
    "registers/x.csv": _csv,
    "registers/x.yaml": _yaml,
    "beleid/x.md": _markdown,
    "registers/x.xlsx": _xlsx,
    "registers/x.ods": _ods,
    "beleid/x.docx": _docx,
    "beleid/x.pdf": _pdf,
}


class SwapsTheFile:
    """A reader asked first (registered last) that writes another version of the file
    over it, then declines, so a built-in reader reads the file after the swap."""

    def __init__(self, write: Writer) -> None:
        self.write = write
        self.swapped = 0

    @hookimpl
    def ibpaudit_read_evidence(self, path: Path, file: EvidenceFile, limits: Limits) -> None:
        self.write(path, "Gewisseld")
        self.swapped += 1


def _parsed(evidence: Evidence | None) -> tuple[object, ...]:
    assert evidence is not None and evidence.error is None, evidence
    sheets = tuple((s.name, s.records) for s in evidence.sheets)
    return evidence.records, dict(evidence.metadata), evidence.text, sheets, evidence.pages


@pytest.mark.parametrize("rel", list(WRITERS))
def test_the_reader_parses_the_version_that_was_hashed(tmp_path: Path, rel: str) -> None:
    write = WRITERS[rel]
    alone, board = tmp_path / "alone", tmp_path / "board"
    for root in (alone, board):
        (root / rel).parent.mkdir(parents=True)
    original = write(alone / rel, "Origineel").read_bytes()
    (board / rel).write_bytes(original)  # the same bytes (a PDF's own ID differs per write)
    plain = read_file(alone / rel, rel, alone, build(alone), Limits())

    swapper = SwapsTheFile(write)
    swapped = read_file(board / rel, rel, board, build(board, extra_plugins=[swapper]), Limits())

    assert swapper.swapped == 1 and (board / rel).read_bytes() != original  # it did swap
    assert swapped is not None and plain is not None
    assert swapped.file.sha256 == hashlib.sha256(original).hexdigest() == plain.file.sha256
    assert swapped.file.size == len(original)
    assert _parsed(swapped) == _parsed(plain)  # what was judged is what was hashed


def test_contents_outside_a_dossier_read_reads_the_file(tmp_path: Path) -> None:
    path = _csv(tmp_path / "x.csv", "Los")
    data = path.read_bytes()
    file = EvidenceFile("x.csv", hashlib.sha256(data).hexdigest(), len(data), "")
    assert readers.contents(path, file) == data
    other = EvidenceFile("x.csv", file.sha256, file.size, "")  # equal, but not the one
    with readers.handing_over(file, b"handed over"):
        assert readers.contents(path, file) == b"handed over"
        assert readers.contents(path, other) == data
    assert readers.contents(path, file) == data


def test_a_file_over_the_limit_is_hashed_whole_and_not_read(tmp_path: Path) -> None:
    rel = "registers/x.csv"
    (tmp_path / "registers").mkdir()
    path = _csv(tmp_path / rel, "Groot" * 1000)
    limits = Limits(max_file_bytes=1000)
    evidence = read_file(path, rel, tmp_path, build(tmp_path), limits)
    assert evidence is not None and evidence.error is not None and not evidence.records
    assert evidence.file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert evidence.file.size == path.stat().st_size
    assert "larger than the limit of 0 MB" in evidence.error.en


def test_every_evidence_and_catalog_file_of_a_run_is_opened_once(tmp_path: Path) -> None:
    """Counted with Python's audit events in a run of the example board that writes its
    reports and manifest (each open of a file below the dossier or the shipped catalog).
    The manifest names the hashes the run took as it read them."""
    probe = (
        "import collections, os, sys\n"
        "from ibpaudit.builtin.catalog import packaged_controls\n"
        "roots = {'': os.path.realpath(sys.argv[1]), 'catalog:': str(packaged_controls())}\n"
        "opened = collections.Counter()\n"
        "def hook(event, args):\n"
        "    if event == 'open' and isinstance(args[0], (str, bytes, os.PathLike)):\n"
        "        full = os.path.realpath(os.fsdecode(args[0]))\n"
        "        for tag, root in roots.items():\n"
        "            if full.startswith(root + os.sep) and os.path.isfile(full):\n"
        "                opened[tag + os.path.relpath(full, root)] += 1\n"
        "sys.addaudithook(hook)\n"
        "from ibpaudit.cli import main\n"
        "code = main(['run', sys.argv[1], '-o', sys.argv[2], '-q'])\n"
        "for rel, n in sorted(opened.items()):\n"
        "    print(n, rel)\n"
    )
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLE_BOARD), str(tmp_path / "out")],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    counts = {rel: int(n) for n, rel in (line.split(" ", 1) for line in done.stdout.splitlines())}
    config = load_config(EXAMPLE_BOARD)
    evidence = {rel for _, rel in iter_files(EXAMPLE_BOARD, config)}
    # The organisation file is evidence and also the board's name and schools.
    read_twice = {"organisatie.yaml"}
    assert len(evidence) > 100 and evidence <= set(counts)
    assert {rel: n for rel, n in counts.items() if rel in evidence and n != 1} == {
        rel: 2 for rel in read_twice
    }
    catalog = {rel: n for rel, n in counts.items() if rel.startswith("catalog:")}
    assert len(catalog) >= 94 and set(catalog.values()) == {1}  # controls, frameworks, ...
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"].partition(":")[2]: f["sha256"] for f in manifest["catalog"]["files"]}
    shipped = packaged_controls()
    assert {"catalog:" + rel for rel in files} == set(catalog)
    assert all(
        hashlib.sha256((shipped / rel).read_bytes()).hexdigest() == h for rel, h in files.items()
    )
