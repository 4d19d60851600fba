"""Throughput of ``ibpaudit sector run``, run on demand (never in the tests).

    python benchmarks/sector_run.py [--boards 40] [--workers 1,2] [--big 0]

Generates N varied boards (benchmarks/sector_boards.py), runs ``ibpaudit sector run`` over
them in a fresh process for each worker count, and reports boards per minute, the time
1,000 boards would take at that rate, and the peak memory of the parent process and of
the largest worker (RSS). ``--big M`` also runs M boards with the largest worker count, to
measure (not extrapolate) and to show whether the parent's memory stays flat as the number
of boards grows. Writes benchmarks/results/sector-run-<date>.json (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "benchmarks"))

from sector_boards import generate  # noqa: E402

# The parent's own peak RSS (ru_maxrss of the process itself) and that of its largest child
# (RUSAGE_CHILDREN: the worker processes), measured inside the child that runs the command.
_PROBE = """
import json, resource, sys, time
from ibpaudit.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
print(json.dumps({
    "s": elapsed, "code": code,
    "parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "worker_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def measure(boards: Path, workers: int, out: Path) -> dict[str, Any]:
    argv = ["sector", "run", str(boards), "--output", str(out), "--workers", str(workers)]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boards", type=int, default=40)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--big", type=int, default=0, help="also run this many boards")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "boards"
        generate(args.boards, folder)
        for workers in counts:
            m = measure(folder, workers, Path(tmp) / f"out-{workers}")
            rows.append({"boards": args.boards, "workers": workers, **m})
        if args.big:
            big = Path(tmp) / "big"
            generate(args.big, big)
            m = measure(big, max(counts), Path(tmp) / "out-big")
            rows.append({"boards": args.big, "workers": max(counts), **m})
    print(
        f"{'boards':>6} {'workers':>7} {'seconds':>8} {'boards/min':>10} "
        f"{'1,000 boards':>12} {'parent MiB':>10} {'worker MiB':>10}"
    )
    for r in rows:
        rate = r["boards"] * 60 / r["s"]
        r["boards_per_minute"] = round(rate, 1)
        r["minutes_for_1000"] = round(1000 / rate, 1)
        print(
            f"{r['boards']:>6} {r['workers']:>7} {r['s']:>8.1f} {rate:>10.1f} "
            f"{1000 / rate:>9.1f} min {r['parent_kib'] / 1024:>10.0f} "
            f"{r['worker_kib'] / 1024:>10.0f}"
        )
    results = PROJECT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S")
    load = os.getloadavg()
    print(
        f"load average (1, 5, 15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
        f"on {os.cpu_count()} cores (other work on the machine slows the wall time)"
    )
    record = {
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": load,
        "rows": rows,
    }
    (results / f"sector-run-{stamp}.json").write_text(
        json.dumps(record, indent=2), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
