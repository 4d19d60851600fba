"""The least a Python audit of a large failing register can do: a lower bound.

    python benchmarks/least.py DOSSIER [--compact] [--out FILE]

For the boards ``ratio.py`` builds for its ``xlsx`` and ``csv`` scenarios (the example
board whose processor-agreement register holds rows that all fail), this does the floor's
work (``floor.py``: every file of the dossier and the catalog read once with the stock
parsers), then only what any audit must add for that one register, in the plainest
Python, with none of ibpaudit's duties:

* its rows as dicts (csv module or python-calamine, as the floor reads them);
* the four checks that fail on every row: the model version, the review date within a
  year (dates parsed once per distinct text), and the two sub-processor cross-references
  (a dict lookup per row, no match);
* each finding's message in both languages and its location (path, hash, line, row);
* the findings written as JSON: one object per finding, as ``results.json`` holds them,
  or with ``--compact`` as one table per check (the message template once, then one
  short row per finding).

Not done, and all of it part of a real audit: the other 93 controls, the provenance of
each value, the redaction of personal data and of unsafe characters, the HTML, JUnit and
manifest reports, errors for unreadable values. So ``least / floor`` is a lower bound
for ``audit / floor`` (``ratio.py`` prints both for those boards); it shows how much of
the ratio is the output itself. Prints the seconds of each step as JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floor  # a sibling script, not a package

REGISTER = "registers/verwerkersovereenkomsten"
_MODELS = ("3.0", "4.0", "3", "4")
_CHECKS = (
    (
        "{0} / {1}: niet voldaan aan: 'modelversie' is een van: 3.0, 4.0, 3, 4",
        "{0} / {1}: not met: 'modelversie' is one of: 3.0, 4.0, 3, 4",
    ),
    (
        "{0} / {1}: niet voldaan aan: 'laatst_beoordeeld_op' ligt binnen 1 jaar vóór de peildatum",
        "{0} / {1}: not met: 'laatst_beoordeeld_op' is within 1 year before the as-of date",
    ),
    (
        "{1} van {0}: subverwerkers en hun locaties niet in kaart gebracht",
        "{1} by {0}: sub-processors and their locations not mapped",
    ),
    (
        "{1} van {0}: subverwerkers niet in het afgelopen jaar gecontroleerd",
        "{1} by {0}: sub-processors not checked within the last year",
    ),
)


def rows(path: Path) -> list[dict[str, Any]]:
    """The register's rows as dicts, read as the floor reads the file."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
        header = next(reader)
        return [dict(zip(header, row, strict=False)) for row in reader]
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    table = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    header = [str(cell) for cell in table[0]]
    return [dict(zip(header, row, strict=False)) for row in table[1:]]


def judge(records: list[dict[str, Any]]) -> list[list[tuple[str, str, int]]]:
    """Per check, the failing rows: (supplier, product, line)."""
    dates: dict[object, dt.date] = {}

    def date(value: object) -> dt.date:
        found = dates.get(value)
        if found is None:
            if isinstance(value, dt.datetime | dt.date):
                found = value if type(value) is dt.date else value.date()  # type: ignore[union-attr]
            else:
                day, month, year = str(value).split("-")
                found = dt.date(int(year), int(month), int(day))
            dates[value] = found
        return found

    year_ago = dt.date.today().replace(year=dt.date.today().year - 1)
    known: dict[tuple[str, str], object] = {}  # the sub-processor register: no match
    failing: list[list[tuple[str, str, int]]] = [[], [], [], []]
    for line, row in enumerate(records, start=2):
        supplier, product = str(row["leverancier"]), str(row["product"])
        if str(row["modelversie"]) not in _MODELS:
            failing[0].append((supplier, product, line))
        if not date(row["laatst_beoordeeld_op"]) >= year_ago:
            failing[1].append((supplier, product, line))
        if (supplier.casefold(), product.casefold()) not in known:
            failing[2].append((supplier, product, line))
            failing[3].append((supplier, product, line))
    return failing


def objects(failing: list[list[tuple[str, str, int]]], where: dict[str, str]) -> Iterator[str]:
    """The findings as results.json holds them: an object per finding."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    yield '{"checks":['
    for n, ((nl, en), found) in enumerate(zip(_CHECKS, failing, strict=True)):
        yield ("," if n else "") + '{"findings":['
        for start in range(0, len(found), 4096):
            batch = [
                {
                    "status": "failed",
                    "message": {"nl": nl.format(s, p), "en": en.format(s, p)},
                    "location": {**where, "line": line, "row": line},
                }
                for s, p, line in found[start : start + 4096]
            ]
            yield ("," if start else "") + encode(batch)[1:-1]
        yield "]}"
    yield "]}\n"


def compact(failing: list[list[tuple[str, str, int]]], where: dict[str, str]) -> Iterator[str]:
    """The findings as one table per check: the template once, a row per finding."""
    checks = [
        {"status": "failed", "message": {"nl": nl, "en": en}, "location": where, "rows": found}
        for (nl, en), found in zip(_CHECKS, failing, strict=True)
    ]
    yield json.dumps({"checks": checks}, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--catalog", type=Path, default=floor.PROJECT / "controls")
    parser.add_argument("--compact", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/dev/null"))
    args = parser.parse_args()
    start = time.perf_counter()
    register = next(
        p for p in (args.dossier / f"{REGISTER}{s}" for s in (".csv", ".xlsx")) if p.exists()
    )
    for path in floor.files(args.dossier, args.catalog):
        if path != register:  # read once, below, into rows
            floor.read(path)
    read = time.perf_counter()
    records = rows(register)
    failing = judge(records)
    judged = time.perf_counter()
    where = {"path": register.relative_to(args.dossier).as_posix(), "sha256": "0" * 64}
    with args.out.open("w", encoding="utf-8") as out:
        for chunk in (compact if args.compact else objects)(failing, where):
            out.write(chunk)
    done = time.perf_counter()
    times = {"other_files": read - start, "register": judged - read, "write": done - judged}
    print(json.dumps({k: round(v, 3) for k, v in times.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
