"""Results documents that boards sent in (``ibpaudit sector report``): files, or folders
searched for ``results.json``. Each is validated against the results schema; a corrupt
or foreign file is named and left out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ibpaudit.errors import IbpauditError, UsageError
from ibpaudit.i18n import text
from ibpaudit.schemas import load_schema, schema_errors

RESULTS_FILE = "results.json"  # what the json reporter writes


@dataclass(frozen=True)
class Sent:
    """One file: its board's outcome (as a worker returns it), or why it was left out."""

    path: Path
    outcome: dict[str, Any] | None = None
    problem: str | None = None


def files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and every ``results.json`` under the folders named, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob(RESULTS_FILE) if p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError.of(
                text(
                    "sector report: {p}: bestand of map bestaat niet",
                    "sector report: {p}: no such file or folder",
                    p=path,
                )
            )
    return found


def read(paths: Iterable[Path], lang: str = "nl") -> Iterator[Sent]:
    """Each file's outcome, or the one line (in ``lang``) that says why it was left out."""
    for path in files(paths):
        try:
            yield Sent(path, outcome=_outcome(path))
        except IbpauditError as exc:
            yield Sent(path, problem=exc.in_language(lang))


def _outcome(path: Path) -> dict[str, Any]:
    from ibpaudit.results.diff import ResultsFileError, load_results

    loaded = load_results(path)  # a readable results document of the right version
    errors = schema_errors(load_schema("results"), loaded.document)
    if errors:
        raise ResultsFileError.of(
            text(
                "{p}: geen geldig resultatendocument: {why}; is het bewerkt?",
                "{p}: not a valid results document: {why}; was it edited?",
                p=path,
                why=errors[0],
            )
        )
    document = dict(loaded.document)
    name = document.get("board", {}).get("name")
    if not name:
        raise ResultsFileError.of(
            text(
                "{p}: het resultatendocument noemt geen bestuur (board.name)",
                "{p}: the results document names no board (board.name)",
                p=path,
            )
        )
    exit_code = int(document.get("gate", {}).get("exit_code", document["summary"]["exit_code"]))
    return {"board": str(name), "ok": True, "results": document, "exit_code": exit_code}
