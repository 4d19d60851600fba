"""The floor of an audit: read a dossier and the catalog once with the stock parsers only.

    python benchmarks/floor.py DOSSIER [--catalog controls]

Everything an audit does beyond this is ibpaudit's overhead. Each file is read by
extension with the library a reader plugin would use, and nothing else is done with it:
YAML with PyYAML's CSafeLoader, CSV with the csv module (delimiter sniffed from the
header line), Markdown as front matter split plus YAML, .xlsx/.ods with python-calamine
(every cell), .docx with python-docx (paragraphs and core properties), .pdf with pypdf
(text of every page). The catalog is ``controls/`` without ``controls/cases`` (the rule
tests, which an audit does not read). Prints the number of files read.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(data: bytes) -> object:
    return yaml.load(data, Loader=_LOADER)


def _csv(data: bytes) -> int:
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _markdown(data: bytes) -> object:
    text = data.decode("utf-8-sig", errors="replace")
    if text.startswith("---"):
        parts = text.split("\n---", 2)
        if len(parts) >= 2:
            return _yaml(parts[0][3:].encode())
    return None


def _spreadsheet(path: Path) -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(
        len(book.get_sheet_by_name(name).to_python(skip_empty_area=False))
        for name in book.sheet_names
    )


def _docx(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    _ = document.core_properties.title
    return len(document.paragraphs)


def _pdf(path: Path) -> int:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    _ = reader.metadata
    return sum(len(page.extract_text() or "") for page in reader.pages)


def read(path: Path) -> bool:
    """Read one file with its stock parser; False when no parser applies."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        _yaml(path.read_bytes())
    elif suffix == ".csv":
        _csv(path.read_bytes())
    elif suffix == ".md":
        _markdown(path.read_bytes())
    elif suffix in (".xlsx", ".xlsm", ".ods", ".xls"):
        _spreadsheet(path)
    elif suffix == ".docx":
        _docx(path)
    elif suffix == ".pdf":
        _pdf(path)
    else:
        return False
    return True


def _walk(folder: Path, skip_top: frozenset[str] = frozenset()) -> list[Path]:
    """The files below ``folder`` in path order, entering no ``.git`` folder and none of
    the top-level folders named in ``skip_top`` (an audit never lists them, so neither
    does the floor)."""
    found: list[Path] = []
    for top, subfolders, names in os.walk(folder):
        skip = skip_top if top == str(folder) else frozenset()
        subfolders[:] = [d for d in subfolders if d != ".git" and d not in skip]
        found += (Path(top, name) for name in names)
    return sorted(p for p in found if p.is_file())


def files(dossier: Path, catalog: Path) -> list[Path]:
    """The dossier's files and the catalog's files, its rule-test ``cases/`` not entered.
    (Before round seven the floor listed those ~650 files and then dropped them: ~27 ms
    that no audit spends, which made every ``audit / floor`` ratio look better.)"""
    return _walk(dossier) + _walk(catalog, frozenset({"cases"}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--catalog", type=Path, default=PROJECT / "controls")
    args = parser.parse_args()
    count = sum(read(path) for path in files(args.dossier, args.catalog))
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
