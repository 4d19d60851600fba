"""A 100,000-row processor-agreement register as .xlsx and as .csv: the time to read it
and evaluate the register controls on it, against the reader library alone (the floor).

    python benchmarks/registers.py [--rows 100000] [--repeat 3]

Each measurement runs in a fresh process (so peak memory is its own):
* ``floor``: python-calamine (xlsx) or the csv module (csv) reading every cell, nothing else;
* ``read``: ibpaudit's reader plugin (typed records with provenance);
* ``audit``: reading the dossier and evaluating every control that uses the register
  (PV.P02-verwerkersovereenkomsten: required columns, row conditions, cross-reference).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
HEADER = [
    "leverancier",
    "product",
    "verwerkt_persoonsgegevens",
    "modelversie",
    "ondertekend_op",
    "einddatum",
    "privacybijsluiter",
    "laatst_beoordeeld_op",
]

_PROBE = r"""
import json, resource, sys, time
kind, path, root = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if kind == "floor-xlsx":
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(path)
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    count = len(rows) - 1
elif kind == "floor-csv":
    import csv
    with open(path, encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
else:
    from pathlib import Path
    from ibpaudit import engine
    from ibpaudit.engine import plugins
    from ibpaudit.dossier.config import load_config
    from ibpaudit.dossier import Dossier, read_file
    from ibpaudit.model import CheckContext, Limits
    manager = plugins.build(None)
    start = time.perf_counter()  # plugins are set up once per run, whatever the data
    if kind == "read":
        p = Path(path)
        with engine.paused_gc():
            count = len(read_file(p, "registers/" + p.name, p.parent, manager, Limits()).records)
    else:
        catalog = engine.load_catalog(manager, None)
        start = time.perf_counter()  # the catalog is loaded once per run, whatever the data
        config = load_config(Path(root))
        with engine.paused_gc():  # as engine.audit reads and evaluates
            dossier = Dossier.load(Path(root), config, manager, Limits())
            control = next(c for c in catalog.controls if c.id == "PV.P02-verwerkersovereenkomsten")
            ctx = CheckContext(dossier, config.as_of, control, catalog.reference)
            result = engine.evaluate_control(control, ctx, manager.check_types(), manager, 3, None)
        count = sum(len(c.outcome.findings) for c in result.checks)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"s": elapsed, "mib": peak, "count": count}))
"""


def build(folder: Path, rows: int) -> tuple[Path, Path]:
    """The same register twice; the xlsx keeps real date cells, as Excel would."""
    import openpyxl

    records = []
    for i in range(rows):
        signed = None if i % 50 == 0 else dt.date(2025, 2, 1)
        records.append(
            [f"Leverancier {i % 997} B.V.", f"Product {i}", "ja", "4.0", signed, None, "ja",
             dt.date(2026, 10, 1)]
        )  # fmt: skip
    csv_path = folder / "csv" / "registers" / "verwerkersovereenkomsten.csv"
    csv_path.parent.mkdir(parents=True)
    lines = [";".join(HEADER)]
    for r in records:
        lines.append(
            ";".join("" if v is None else v.strftime("%d-%m-%Y") if isinstance(v, dt.date)
                     else str(v) for v in r)
        )  # fmt: skip
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    xlsx_path = folder / "xlsx" / "registers" / "verwerkersovereenkomsten.xlsx"
    xlsx_path.parent.mkdir(parents=True)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Verwerkersovereenkomsten")
    sheet.append(HEADER)
    for r in records:
        sheet.append(r)
    book.save(xlsx_path)
    apps = ["applicatie;leverancier;product;verwerkt_persoonsgegevens"]
    apps += [f"App {i};Leverancier {i % 997} B.V.;Product {i};ja" for i in range(0, rows, 10)]
    for kind in ("csv", "xlsx"):
        root = folder / kind
        (root / "registers" / "applicaties.csv").write_text("\n".join(apps) + "\n")
        (root / "ibpaudit.yaml").write_text("bestuur: Benchmark\npeildatum: 2026-11-23\n")
    return csv_path, xlsx_path


def _run(kind: str, path: Path, root: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, kind, str(path), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def measure(fmt: str, path: Path, root: Path, repeat: int) -> dict[str, dict[str, float]]:
    """floor, read and audit, interleaved in every round so that a noisy machine slows
    all three alike; the ratio to the floor is the median of the per-round ratios."""
    steps = {"floor": f"floor-{fmt}", "read": "read", "audit": "audit"}
    rounds = [{step: _run(kind, path, root) for step, kind in steps.items()} for _ in range(repeat)]
    out: dict[str, dict[str, float]] = {}
    for step in steps:
        runs = [r[step] for r in rounds]
        out[step] = {
            "median_s": round(statistics.median(r["s"] for r in runs), 3),
            "peak_rss_mib": round(max(r["mib"] for r in runs), 1),
            "count": runs[0]["count"],
        }
        if step != "floor":
            ratios = [r[step]["s"] / r["floor"]["s"] for r in rounds]
            out[step]["x_floor"] = round(statistics.median(ratios), 2)
            out[step]["x_floor_range"] = [round(min(ratios), 2), round(max(ratios), 2)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ibpaudit-bench-"))
    try:
        csv_path, xlsx_path = build(folder, args.rows)
        results: dict[str, dict[str, dict[str, Any]]] = {}
        for fmt, path in (("xlsx", xlsx_path), ("csv", csv_path)):
            results[fmt] = measure(fmt, path, path.parent.parent, args.repeat)
        print(json.dumps({"rows": args.rows, **results}, indent=2))
    finally:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
