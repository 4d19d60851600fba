"""How far an audit is from its floor: interleaved pairs of fresh processes.

    python benchmarks/ratio.py [--pairs 7] [--rows 100000] [--only example,help,...]

Run from a checkout with ibpaudit installed (``PATH=.venv/bin:$PATH``). Every
measurement is a fresh process, started through a small probe that reports the child's
wall time and peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``). Audit and floor
(``benchmarks/floor.py``: the same files read once with the stock parsers) alternate
pair by pair, so a noisy machine slows both alike; the figure is the median and the
range of the per-pair ratios ``audit / floor``.

Scenarios:
* ``example``: ``ibpaudit run evidence`` (all default reports) against its floor;
* ``cold``: ``example`` with an empty cache folder for every audit (the shipped catalog
  validated and parsed again: a CI job that keeps no cache);
* ``help``: ``ibpaudit --help`` (against ``python -c pass``);
* ``validate``: ``ibpaudit validate evidence`` against the example board's floor;
* ``xlsx`` / ``csv``: the example board whose processor-agreement register holds
  ``--rows`` rows that all fail (wrong model version, never reviewed), as .xlsx or .csv;
  measured in rounds of the audit, ``benchmarks/least.py`` (the least any Python audit
  must add to the floor for those findings, written one object per finding and as
  compact tables: a lower bound) and the floor;
* ``apps``: the example board with ``--rows`` applications that no other register
  knows (cross-references' worst case).

Never part of the tests; numbers go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "evidence"
FLOOR = PROJECT / "benchmarks" / "floor.py"
LEAST = PROJECT / "benchmarks" / "least.py"

_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
err = done.stderr.decode()[-2000:]
print(json.dumps({"s": elapsed, "kib": rss, "code": done.returncode, "err": err}))
"""

_HEADER = [
    "leverancier", "product", "verwerkt_persoonsgegevens", "modelversie", "ondertekend_op",
    "einddatum", "privacybijsluiter", "laatst_beoordeeld_op", "opslaglocatie",
]  # fmt: skip


# As installed: Python may write its bytecode caches (pip compiles them at install time;
# PYTHONDONTWRITEBYTECODE would make every run compile ibpaudit's modules again).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def probe(argv: list[str], cold: bool = False) -> dict[str, float]:
    """Wall seconds and peak RSS (MiB) of ``argv`` in a fresh process; ``cold``: with an
    empty cache folder of its own (a CI job that does not keep ``~/.cache/ibpaudit``)."""
    with tempfile.TemporaryDirectory(prefix="ibpaudit-cold-") as empty:
        env = {**_ENV, "IBPAUDIT_CACHE_DIR": empty} if cold else _ENV
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, *argv],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
    run = json.loads(done.stdout)
    if run["code"] not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {run['code']}:\n{run['err']}")
    return {"s": run["s"], "mib": run["kib"] / 1024}


def pairs(audit: list[str], floor: list[str], count: int, cold: bool = False) -> dict[str, object]:
    """``count`` interleaved (audit, floor) pairs: the ratio's median and range, after
    one unmeasured pair (bytecode and the user's cache written, files in the OS cache).
    ``cold``: every audit starts with an empty cache folder."""
    probe(audit, cold)
    probe(floor)
    runs = [(probe(audit, cold), probe(floor)) for _ in range(count)]
    ratios = [a["s"] / f["s"] for a, f in runs]
    return {
        "ratio_median": round(statistics.median(ratios), 2),
        "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
        "audit_s": round(statistics.median(a["s"] for a, _ in runs), 3),
        "floor_s": round(statistics.median(f["s"] for _, f in runs), 3),
        "audit_peak_mib": round(max(a["mib"] for a, _ in runs), 1),
        "floor_peak_mib": round(max(f["mib"] for _, f in runs), 1),
    }


def rounds(commands: dict[str, list[str]], floor: list[str], count: int) -> dict[str, object]:
    """``count`` rounds of each command then the floor (after one unmeasured round):
    for each command, its ratio to the floor of the same round, as :func:`pairs` gives."""
    for argv in (*commands.values(), floor):
        probe(argv)
    runs = []
    for _ in range(count):
        runs.append(({name: probe(argv) for name, argv in commands.items()}, probe(floor)))
    out: dict[str, object] = {"floor_s": round(statistics.median(f["s"] for _, f in runs), 3)}
    for name in commands:
        ratios = [r[name]["s"] / f["s"] for r, f in runs]
        out[name] = {
            "ratio_median": round(statistics.median(ratios), 2),
            "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
            "s": round(statistics.median(r[name]["s"] for r, _ in runs), 3),
            "peak_mib": round(max(r[name]["mib"] for r, _ in runs), 1),
        }
    return out


def _rows(rows: int) -> list[list[str]]:
    """Register rows that all fail: model version 2.0, reviewed long ago."""
    return [
        [f"Leverancier {i % 997} B.V.", f"Product {i}", "ja", "2.0", "01-02-2025", "", "ja",
         "01-01-2020", "EER"]
        for i in range(rows)
    ]  # fmt: skip


def large_board(target: Path, rows: int, fmt: str) -> Path:
    """The example board whose processor-agreement register holds ``rows`` failing rows."""
    shutil.copytree(EXAMPLE, target)
    register = target / "registers" / "verwerkersovereenkomsten.csv"
    register.unlink()
    records = _rows(rows)
    if fmt == "csv":
        lines = [";".join(_HEADER), *(";".join(r) for r in records)]
        register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Verwerkersovereenkomsten")
        sheet.append(_HEADER)
        for r in records:
            sheet.append(r)
        book.save(register.with_suffix(".xlsx"))
    return target


def apps_board(target: Path, rows: int) -> Path:
    """The example board with ``rows`` applications that no other register knows."""
    shutil.copytree(EXAMPLE, target)
    register = target / "registers" / "applicaties.csv"
    text = register.read_text(encoding="utf-8-sig")
    extra = [f"App {i},Leverancier {i},Product {i},ja,privacy officer,alle" for i in range(rows)]
    register.write_text(text.rstrip("\n") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", default="example,cold,help,validate,xlsx,csv,apps")
    args = parser.parse_args()
    exe = shutil.which("ibpaudit")
    if exe is None:
        raise SystemExit("install ibpaudit first and put it on PATH: PATH=.venv/bin:$PATH")
    wanted = set(args.only.split(","))
    py = sys.executable
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="ibpaudit-ratio-") as tmp:
        out = str(Path(tmp) / "reports")

        def board(name: str, make: Callable[[Path], Path], least: bool = False) -> None:
            root = make(Path(tmp) / name)
            count = max(3, args.pairs // 2)
            run = [exe, "run", str(root), "-o", out, "-q"]
            floor = [py, str(FLOOR), str(root)]
            if not least:
                results[name] = pairs(run, floor, count)
            else:  # with the lower bound of any Python audit (benchmarks/least.py)
                bound = [py, str(LEAST), str(root)]
                results[name] = rounds(
                    {"audit": run, "least_objects": bound, "least_compact": [*bound, "--compact"]},
                    floor,
                    count,
                )
            shutil.rmtree(root)

        if "example" in wanted:
            results["example"] = pairs(
                [exe, "run", str(EXAMPLE), "-o", out, "-q"], [py, str(FLOOR), str(EXAMPLE)],
                args.pairs,
            )  # fmt: skip
        if "cold" in wanted:
            results["cold"] = pairs(
                [exe, "run", str(EXAMPLE), "-o", out, "-q"], [py, str(FLOOR), str(EXAMPLE)],
                args.pairs, cold=True,
            )  # fmt: skip
        if "help" in wanted:
            results["help"] = pairs([exe, "--help"], [py, "-c", "pass"], args.pairs)
        if "validate" in wanted:
            results["validate"] = pairs(
                [exe, "validate", str(EXAMPLE)], [py, str(FLOOR), str(EXAMPLE)], args.pairs
            )
        for fmt in ("xlsx", "csv"):
            if fmt in wanted:
                board(fmt, lambda path, fmt=fmt: large_board(path, args.rows, fmt), least=True)  # type: ignore[misc]
        if "apps" in wanted:
            board("apps", lambda path: apps_board(path, args.rows))
    print(json.dumps({"pairs": args.pairs, "rows": args.rows, **results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
