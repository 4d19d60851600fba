"""N varied boards made from the example board (``evidence/``), for ``ibpaudit sector``.

    python benchmarks/sector_boards.py N OUT [--seed 0]

Each board is a copy of the example dossier with its own name and sector (po or vo) and,
chosen by a seeded random generator (the same N and seed give the same boards): an
earlier as-of date, registers cut short or grown (rows repeated), and some policy
documents or registers missing, so that boards reach different levels. The tests import
``generate`` to make their boards; the sector benchmark does too.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "evidence"
AS_OF = ("2026-11-23", "2026-11-23", "2026-11-23", "2026-06-01")


def _vary_config(board: Path, index: int, rng: random.Random) -> None:
    config = board / "ibpaudit.yaml"
    text = config.read_text(encoding="utf-8")
    sector = "vo" if rng.random() < 0.3 else "po"
    text = text.replace("bestuur: Stichting Voorbeeldscholen", f"bestuur: Proefbestuur {index:04d}")
    text = text.replace("sector: po", f"sector: {sector}")
    text = text.replace("peildatum: 2026-11-23", f"peildatum: {rng.choice(AS_OF)}")
    config.write_text(text, encoding="utf-8")


def _vary_registers(board: Path, rng: random.Random) -> None:
    for register in sorted((board / "registers").glob("*.csv")):
        roll = rng.random()
        lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
        if roll < 0.10:  # cut short: the header and a few rows
            register.write_text("".join(lines[: 1 + rng.randint(0, 2)]), encoding="utf-8")
        elif roll < 0.25:  # grown: the rows repeated
            register.write_text("".join(lines + lines[1:] * rng.randint(1, 5)), encoding="utf-8")


def _remove_some(board: Path, rng: random.Random) -> None:
    candidates = sorted([*(board / "beleid").glob("*.md"), *(board / "registers").glob("*")])
    for path in rng.sample(candidates, k=rng.randint(0, 6)):
        if path.is_file():
            path.unlink()


def generate(count: int, out: Path, seed: int = 0) -> list[Path]:
    """``count`` boards under ``out`` (``board-0000``, ...); returns their roots."""
    out.mkdir(parents=True, exist_ok=True)
    roots = []
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        board = out / f"board-{index:04d}"
        shutil.copytree(EXAMPLE, board)
        _vary_config(board, index, rng)
        if index % 4:  # every fourth board stays the example, the others vary
            _vary_registers(board, rng)
            _remove_some(board, rng)
        roots.append(board)
    return roots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    roots = generate(args.count, args.out, args.seed)
    print(f"{len(roots)} boards in {args.out}")


if __name__ == "__main__":
    main()
