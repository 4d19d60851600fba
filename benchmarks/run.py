"""Wall time and peak memory of the ibpaudit command, run on demand (never in the tests).

    python benchmarks/run.py [--repeat 7] [--rows 1000,10000,100000]

Measures, as a user meets them, each in a fresh process:
* ``ibpaudit --help`` (start-up cost);
* ``ibpaudit run evidence`` on the bundled example board (all reports);
* ``ibpaudit run`` on a synthetic board whose registers hold N rows, to show how time
  and memory grow with the size of a dossier.

Prints medians (and min/max) and writes them to ``benchmarks/results/<date>.json``
(not committed).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "evidence"


# Runs one command in a child process and reports its own wall time and peak RSS, so
# each measurement sees only its own child (RUSAGE_CHILDREN only ever grows).
_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"s": elapsed, "kib": rss, "code": done.returncode, "err": done.stderr.decode()}))
"""


def measure(argv: list[str], repeat: int) -> dict[str, float]:
    """Median/min/max wall seconds and the largest peak RSS (MiB) over ``repeat`` runs."""
    times: list[float] = []
    peak = 0.0
    for _ in range(repeat):
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
        )
        run = json.loads(probe.stdout)
        if run["code"] not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {run['code']}:\n{run['err']}")
        times.append(run["s"])
        peak = max(peak, run["kib"] / 1024)
    return {
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
        "peak_rss_mib": round(peak, 1),
    }


def synthetic_board(target: Path, rows: int) -> Path:
    """The example board with ``rows`` more rows in its processor-agreement register (one
    in 50 unsigned), so every control still runs and only the register grows."""
    shutil.copytree(EXAMPLE, target)
    register = target / "registers" / "verwerkersovereenkomsten.csv"
    lines = register.read_bytes().decode("cp1252").splitlines()
    width = lines[0].count(";") + 1
    extra = []
    for i in range(rows):
        signed = "" if i % 50 == 0 else "01-02-2025"
        cells = [f"Leverancier {i % 997} B.V.", f"{i:08d}", f"Product {i}", "ja", "ja", "4.0",
                 signed, "", "ja", "EER", "01-10-2026"]  # fmt: skip
        extra.append(";".join((cells + [""] * width)[:width]))
    register.write_bytes("\n".join([*lines, *extra, ""]).encode("cp1252"))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rows", default="1000,10000,100000")
    args = parser.parse_args()
    exe = shutil.which("ibpaudit")
    if exe is None:
        raise SystemExit("install ibpaudit first: pip install -e .")
    results: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": args.repeat,
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        results["help"] = measure([exe, "--help"], args.repeat)
        results["example_board"] = measure(
            [exe, "run", str(EXAMPLE), "-o", str(out), "-q"], args.repeat
        )
        scaling = {}
        for rows in (int(r) for r in args.rows.split(",") if r):
            board = synthetic_board(Path(tmp) / f"board-{rows}", rows)
            scaling[str(rows)] = measure(
                [exe, "run", str(board), "-o", str(out), "-q"], max(3, args.repeat // 2)
            )
        results["synthetic_rows"] = scaling
    print(json.dumps(results, indent=2))
    folder = PROJECT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / f"{datetime.now(UTC):%Y-%m-%dT%H%M%S}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
