"""A sector run from start to finish: the boards' outcomes streamed into the store as
they arrive (only counters stay in memory), then ``sector.json``, ``sector.html`` and a
Parquet copy of every table, made from the store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit.engine import write_atomically
from ibpaudit.i18n import Lang, text
from ibpaudit.sector import collect, discover, execute, page
from ibpaudit.sector.board import Task
from ibpaudit.sector.progress import Progress
from ibpaudit.sector.store import FILE, Store

SECTOR_JSON = "sector.json"
SECTOR_HTML = "sector.html"
PARQUET = "parquet"


@dataclass(frozen=True)
class Outcome:
    """What a sector command did: boards stored, boards or files left out, files written."""

    stored: int
    failed: int
    written: tuple[Path, ...]


def audit_boards(
    folder: Path,
    output: Path,
    backend: execute.Backend,
    *,
    as_of: date | None = None,
    lang: Lang = "nl",
    named: bool = False,
    board_lang: str | None = None,
) -> Outcome:
    """``ibpaudit sector run``: every dossier under ``folder``, reports under
    ``output/boards/<board>/`` (in ``board_lang``, else each board's own ``taal``), the
    sector files in ``output`` (in ``lang``)."""
    boards = discover.boards(folder)
    tasks = (
        Task(b.name, str(b.root), str(output / "boards" / b.name), as_of, board_lang)
        for b in boards
    )
    with Store(output / FILE) as store, Progress(len(boards), lang) as progress:
        progress.line(
            f"{len(boards)} {text('besturen', 'boards').get(lang)}, {backend.description}"
        )
        stored = failed = 0
        for outcome in execute.stream(tasks, backend):
            store.add(outcome, source=outcome["board"])
            ok = bool(outcome["ok"])
            stored, failed = stored + ok, failed + (not ok)
            progress.advance(outcome["board"], ok, None if ok else str(outcome["error"]))
        written, _ = finish(store, output, lang=lang, named=named)
    return Outcome(stored, failed, written)


def report(
    paths: Iterable[Path], output: Path, *, lang: Lang = "nl", named: bool = False
) -> Outcome:
    """``ibpaudit sector report``: results documents that boards sent in, aggregated."""
    sent = collect.files(paths)
    with Store(output / FILE) as store, Progress(len(sent), lang) as progress:
        stored = failed = 0
        for item in collect.read(sent, lang):
            if item.outcome is None:
                failed += 1
                progress.line(str(item.problem))  # it names the file
                progress.advance(str(item.path), False)
                continue
            outcome, document = item.outcome, item.outcome["results"]
            run = document["run"]
            if store.newer_stored(outcome["board"], run["as_of"], run["started_at"]):
                progress.line(_OLDER.format(path=item.path).get(lang))
            else:
                store.add(outcome, source=str(item.path))
                stored += 1
            progress.advance(str(item.path), True)
        written, sector = finish(store, output, lang=lang, named=named)
        versions = sector["catalog_versions"]
        if len(versions) > 1:
            progress.line(_MIXED.format(versions=", ".join(versions)).get(lang))
    return Outcome(stored, failed, written)


def finish(
    store: Store, output: Path, *, lang: Lang, named: bool
) -> tuple[tuple[Path, ...], dict[str, Any]]:
    """sector.json, sector.html and parquet/<table>.parquet from the store: the files
    written, and the sector.json document."""
    sector = store.summarise(named=named)
    shown = json.dumps(sector, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    write_atomically(output / SECTOR_JSON, shown.encode("utf-8"))
    write_atomically(output / SECTOR_HTML, page.render(sector, lang).encode("utf-8"))
    parquet = store.export_parquet(output / PARQUET)
    return (output / SECTOR_JSON, output / SECTOR_HTML, store.path, *parquet), sector


_OLDER = text(
    "{path}: weggelaten, de opslag heeft een latere run van dit bestuur voor die peildatum",
    "{path}: left out, the store holds a later run of this board for that as-of date",
)
_MIXED = text(
    "de resultaten gebruiken verschillende versies van het normenkader: {versions}",
    "the results use different versions of the framework: {versions}",
)
