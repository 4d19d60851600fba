"""The store analysts query: ``sector.duckdb``, filled board by board as results arrive.

Each board is one transaction (its earlier rows for the same as-of date out, its new rows
in), so a run that is interrupted leaves every board either fully stored or not at all.
The tables are documented in docs/sector.md. Every DuckDB statement of a run goes
through a Store, which holds Ctrl-C back while DuckDB works (see ``interrupt``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from ibpaudit.sector import aggregate
from ibpaudit.sector.extra import need
from ibpaudit.sector.interrupt import held

FILE = "sector.duckdb"

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS boards (
        board VARCHAR NOT NULL,
        name VARCHAR,
        sector VARCHAR,
        as_of DATE,
        target_level INTEGER,
        catalog_version VARCHAR,
        run_date TIMESTAMPTZ,
        status VARCHAR NOT NULL,
        exit_code INTEGER NOT NULL,
        controls INTEGER,
        norms INTEGER,
        norms_at_target INTEGER,
        error VARCHAR,
        source VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS controls (
        board VARCHAR NOT NULL,
        as_of DATE NOT NULL,
        control VARCHAR NOT NULL,
        norm VARCHAR NOT NULL,
        domain VARCHAR,
        status VARCHAR NOT NULL,
        severity VARCHAR,
        level_reached INTEGER,
        target_level INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS norms (
        board VARCHAR NOT NULL,
        as_of DATE NOT NULL,
        norm VARCHAR NOT NULL,
        domain VARCHAR,
        title_nl VARCHAR,
        title_en VARCHAR,
        status VARCHAR NOT NULL,
        level_reached INTEGER,
        target_level INTEGER
    )""",
)
TABLES = ("boards", "controls", "norms")
MEMORY_LIMIT = "256MB"
# The board's verdict from summary.exit_code; a board without results is "not_audited".
STATUS = {0: "passed", 1: "failed", 2: "error"}


class Store:
    """An open ``sector.duckdb``: ``add`` one board at a time, then ``close``."""

    def __init__(self, path: Path) -> None:
        duckdb = need("duckdb", "ibpaudit sector")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with held():
            self.db: Any = duckdb.connect(str(path))
            # DuckDB caches the store's blocks in memory; a bound keeps the parent's memory
            # flat however many boards arrive (beyond it, DuckDB reads back from the file).
            self.db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            for statement in SCHEMA:
                self.db.execute(statement)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with held():
            self.db.close()

    def newer_stored(self, board: str, as_of: str, run_date: str) -> bool:
        """Whether the store already holds a later run of ``board`` for ``as_of``."""
        with held():
            row = self.db.execute(
                "SELECT count(*) FROM boards WHERE board = ? AND as_of = ? "
                "AND run_date > CAST(? AS TIMESTAMPTZ)",
                [board, as_of, run_date],
            ).fetchone()
        return bool(row and row[0])

    def add(self, outcome: Mapping[str, Any], source: str | None = None) -> None:
        """One board's outcome (a results document or an error record), in one transaction;
        Ctrl-C while it is written takes effect once the board is in (see ``interrupt``)."""
        with held():
            self._add(outcome, source)

    def _add(self, outcome: Mapping[str, Any], source: str | None) -> None:
        name = str(outcome["board"])
        document = outcome.get("results")
        self.db.execute("BEGIN TRANSACTION")
        try:
            if document is None:
                self.db.execute(
                    "DELETE FROM boards WHERE board = ? AND status = 'not_audited'", [name]
                )
                self.db.execute(
                    "INSERT INTO boards (board, status, exit_code, error, source) "
                    "VALUES (?, 'not_audited', ?, ?, ?)",
                    [name, int(outcome["exit_code"]), str(outcome["error"]), source],
                )
            else:
                self._add_results(name, document, int(outcome["exit_code"]), source)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _add_results(
        self, name: str, document: Mapping[str, Any], exit_code: int, source: str | None
    ) -> None:
        run, summary = document["run"], document["summary"]
        as_of = str(run["as_of"])
        for table in TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE board = ? AND as_of = ?", [name, as_of])
        self.db.execute("DELETE FROM boards WHERE board = ? AND status = 'not_audited'", [name])
        versions = sorted({str(f.get("version")) for f in document.get("frameworks", ())})
        board = document.get("board", {})
        self.db.execute(
            "INSERT INTO boards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            [
                name,
                board.get("name"),
                board.get("sector"),
                as_of,
                run["target_level"],
                ",".join(versions) or None,
                run.get("started_at"),
                STATUS.get(int(summary["exit_code"]), "error"),
                exit_code,
                len(document["controls"]),
                len(document["norms"]),
                summary.get("norms_at_target"),
                source,
            ],
        )
        self._insert("controls", _control_rows(name, as_of, document["controls"]))
        self._insert("norms", _norm_rows(name, as_of, document["norms"]))

    def _insert(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Many rows in one statement (a VALUES list): much faster than one per row."""
        if not rows:
            return
        width = len(rows[0])
        one = "(" + ", ".join("?" * width) + ")"
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join([one] * len(chunk))
            self.db.execute(
                f"INSERT INTO {table} VALUES {values}", [v for row in chunk for v in row]
            )

    def summarise(self, named: bool = False) -> dict[str, Any]:
        """The sector document from the store (see :func:`aggregate.summarise`)."""
        with held():
            return aggregate.summarise(self.db, named=named)

    def export_parquet(self, folder: Path) -> list[Path]:
        """Each table as ``<table>.parquet`` in ``folder`` (DuckDB's own COPY)."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            target = folder / f"{table}.parquet"
            with held():
                self.db.execute(
                    f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{_quoted(target)}' "
                    "(FORMAT PARQUET)"
                )
            written.append(target)
        return written


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _control_rows(name: str, as_of: str, controls: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    return [
        [
            name,
            as_of,
            c["id"],
            c["norm"],
            c.get("domain"),
            c["status"],
            c.get("severity"),
            c["level_reached"],
            c.get("target_level"),
        ]
        for c in controls
    ]


def _norm_rows(name: str, as_of: str, norms: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    rows = []
    for n in norms:
        title = n.get("title") or {}
        rows.append(
            [
                name,
                as_of,
                n["id"],
                n.get("domain"),
                title.get("nl"),
                title.get("en"),
                n["status"],
                n["level_reached"],
                n.get("target_level"),
            ]
        )
    return rows
