"""Per-board cost at sector scale: N copies of the example board audited by 1 and by 2
worker processes, as a sector run would (each worker imports ibpaudit once and audits
board after board, with every default report written).

    python benchmarks/sector.py [--boards 40] [--workers 1,2]

Prints wall and CPU seconds per board, the projection for 1,000 boards, each worker's
peak RSS and the machine's load average (other work on the machine slows the wall time).
Run on demand; never part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "evidence"


def _quiet() -> None:
    """Workers keep the one-line summaries of each run off the benchmark's output."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _audit(board: str) -> tuple[float, float, float]:
    """One board in this worker: wall and CPU seconds, and the worker's peak RSS (MiB)."""
    from ibpaudit.cli import main

    start, cpu = time.perf_counter(), time.process_time()
    code = main(["run", board, "-o", str(Path(board).parent / "reports"), "-q"])
    if code not in (0, 1):
        raise SystemExit(f"{board}: exit {code}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return time.perf_counter() - start, time.process_time() - cpu, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boards", type=int, default=40)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    out: dict[str, object] = {"boards": args.boards}
    with tempfile.TemporaryDirectory(prefix="ibpaudit-sector-") as tmp:
        boards = []
        for i in range(args.boards):
            target = Path(tmp) / f"board-{i:04d}" / "dossier"
            shutil.copytree(EXAMPLE, target)
            boards.append(str(target))
        for workers in (int(w) for w in args.workers.split(",")):
            with ProcessPoolExecutor(workers, initializer=_quiet) as pool:
                list(pool.map(_audit, boards[:workers]))  # start-up and caches, unmeasured
                start = time.perf_counter()
                runs = list(pool.map(_audit, boards))
                wall = time.perf_counter() - start
            per_board = wall / len(boards)
            out[f"{workers}_workers"] = {
                "wall_s": round(wall, 2),
                "per_board_s": round(per_board, 3),
                "board_median_s": round(statistics.median(s for s, _, _ in runs), 3),
                "board_cpu_median_s": round(statistics.median(c for _, c, _ in runs), 3),
                "projected_1000_boards_min": round(per_board * 1000 / 60, 1),
                "worker_peak_mib": round(max(m for _, _, m in runs), 1),
                "load_average_1min": round(os.getloadavg()[0], 2),
            }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
