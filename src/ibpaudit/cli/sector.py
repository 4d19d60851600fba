"""``ibpaudit sector``: many boards, one picture.

``sector run BOARDS_DIR --output DIR`` audits every dossier under BOARDS_DIR (local worker
processes, or a Dask cluster with ``--scheduler``); ``sector report RESULTS... --output
DIR`` aggregates results documents that boards sent in. Both write ``DIR/sector.duckdb``,
``DIR/sector.json`` and ``DIR/sector.html`` (docs/sector.md)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ibpaudit.cli.parser import Parser, add_lang, chooser
from ibpaudit.errors import ExitCode, UsageError
from ibpaudit.i18n import Lang
from ibpaudit.values import parse_as_of

SCHEDULER_ENV = "IBPAUDIT_SCHEDULER"


def _workers(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            f"'{value}' is geen aantal werkprocessen (1 of meer)\n"
            f"'{value}' is not a number of workers (1 or more)"
        )
    return count


def add_parser(sub: Any, lang: Lang = "nl") -> Parser:
    t = chooser(lang)
    sector: Parser = sub.add_parser(
        "sector",
        help=t(
            "veel besturen, één beeld: audit alle dossiers of bundel resultaten",
            "many boards, one picture: audit every dossier or aggregate results",
        ),
        epilog=t(
            "exitcodes: 0 klaar, 2 een bestuur of bestand kon niet mee, 4 verkeerd gebruik",
            "exit codes: 0 done, 2 a board or file was left out, 4 usage error",
        ),
    )
    commands = sector.subparsers(dest="sector_command", required=True)
    run = commands.add_parser(
        "run", help=t("audit elk dossier in een map", "audit every dossier in a folder")
    )
    run.add_argument(
        "boards",
        type=Path,
        metavar="BOARDS_DIR",
        help=t("map met de dossiers (elk met ibpaudit.yaml)", "folder of the dossiers"),
    )
    run.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help=t(
            "aantal lokale werkprocessen (standaard: aantal kernen)",
            "local worker processes (default: the number of cores)",
        ),
    )
    run.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get(SCHEDULER_ENV) or None,
        help=t(
            f"een Dask-cluster, bv. tcp://host:8786 (ook: {SCHEDULER_ENV})",
            f"a Dask cluster, e.g. tcp://host:8786 (also: {SCHEDULER_ENV})",
        ),
    )
    run.add_argument(
        "--as-of",
        type=parse_as_of,
        help=t("peildatum voor elk bestuur", "judge every board as on this day"),
    )
    report = commands.add_parser(
        "report",
        help=t(
            "bundel results.json-bestanden die besturen stuurden",
            "aggregate results.json files that boards sent",
        ),
    )
    report.add_argument(
        "results",
        type=Path,
        nargs="+",
        metavar="RESULTS",
        help=t("results.json-bestanden of mappen", "results.json files or folders"),
    )
    for parser in (run, report):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            required=True,
            metavar="DIR",
            help=t("map voor de sectorbestanden", "folder for the sector files"),
        )
        parser.add_argument(
            "--named",
            action="store_true",
            help=t(
                "noem besturen bij naam in sector.json en sector.html",
                "name the boards in sector.json and sector.html",
            ),
        )
        add_lang(
            parser,
            "taal van de sectorbestanden en meldingen (en van de rapporten per bestuur; "
            "standaard hun eigen taal)",
            "language of the sector files and messages (and of each board's reports; "
            "default: the board's own)",
        )
    return sector


def run(args: argparse.Namespace) -> int:
    from ibpaudit.cli import _say
    from ibpaudit.engine.run import language
    from ibpaudit.sector import execute
    from ibpaudit.sector import run as sector

    lang = language(args.lang, None)
    t = chooser(lang)
    output: Path = args.output
    if output.exists() and not output.is_dir():
        raise UsageError(
            f"sector: --output {output} is a file, not a folder",
            {"nl": f"sector: --output {output} is een bestand, geen map"},
        )
    if args.sector_command == "run":
        if args.scheduler and args.workers:
            raise UsageError(
                "sector run: --workers is for local workers; a Dask cluster "
                "(--scheduler) has its own; give one of the two",
                {
                    "nl": "sector run: --workers is voor lokale werkprocessen; een "
                    "Dask-cluster (--scheduler) heeft zijn eigen; geef één van beide"
                },
            )
        backend = (
            execute.dask_backend(args.scheduler)
            if args.scheduler
            else execute.local_backend(args.workers)
        )
        outcome = sector.audit_boards(
            args.boards,
            output,
            backend,
            as_of=args.as_of,
            lang=lang,
            named=args.named,
            board_lang=args.lang,
        )
    else:
        outcome = sector.report(args.results, output, lang=lang, named=args.named)
    for path in outcome.written[:3]:
        _say(f"ibpaudit sector: {path}")
    if outcome.failed:
        _say(
            f"ibpaudit sector: {outcome.failed} "
            + t(
                "bestuur/besturen of bestand(en) niet meegenomen",
                "board(s) or file(s) left out",
            )
        )
        return int(ExitCode.EVIDENCE_ERROR)
    return int(ExitCode.PASSED)
