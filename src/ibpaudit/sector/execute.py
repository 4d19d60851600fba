"""Boards to an executor and their outcomes back, as they finish: one code path for local
worker processes and a Dask distributed cluster. Both are a ``concurrent.futures``
Executor (a process pool; ``distributed.Client.get_executor()``), so the loop here only
submits, waits for the first to finish and hands the outcome on. No queue, scheduler or
RPC of our own: the pool and Dask do that.

At most ``slots`` boards are in flight at once, so outcomes never pile up in memory. A
worker process that dies (a plugin calling ``os._exit``, a crash in native code) breaks
a process pool and every board then in it; those boards are audited again, each alone in
a fresh one-worker pool, so that the one that kills its worker is recorded with that
error and the others get their results. On Dask a dead worker's task is retried by Dask
itself and ends as ``KilledWorker``: that board's error record."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from ibpaudit.sector import board
from ibpaudit.sector.extra import need

# An executor and how many boards to keep in flight on it.
Pool = Callable[[int | None], AbstractContextManager[tuple[Executor, int]]]

CRASHED = "worker process stopped while auditing this board (crashed or killed: {reason})"


@dataclass(frozen=True)
class Backend:
    """Where the boards are audited: ``local`` worker processes or a Dask ``scheduler``."""

    pool: Pool
    description: str


def local_backend(workers: int | None = None) -> Backend:
    count = workers or os.cpu_count() or 1
    return Backend(lambda size: local_pool(size or count), f"{count} local worker(s)")


def dask_backend(address: str) -> Backend:
    return Backend(lambda _size: dask_pool(address), f"Dask scheduler {address}")


@contextmanager
def local_pool(workers: int) -> Iterator[tuple[Executor, int]]:
    """Worker processes started with ``spawn`` (safe with threads, the same on every OS)."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=board.ignore_interrupt,
    )
    try:
        yield pool, 2 * workers
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_pool(address: str) -> Iterator[tuple[Executor, int]]:
    """The Dask cluster at ``address`` as a concurrent.futures Executor."""
    distributed = need("distributed", "ibpaudit sector run --scheduler")
    client = distributed.Client(address, set_as_default=False)
    try:
        threads = sum(client.nthreads().values()) or 1
        yield client.get_executor(pure=False), 2 * threads
    finally:
        client.close()


def stream(tasks: Iterable[board.Task], backend: Backend) -> Iterator[dict[str, Any]]:
    """Each board's outcome (see :func:`ibpaudit.sector.board.audit`) as it arrives."""
    todo = iter(tasks)
    while True:
        broken: list[board.Task] = []
        with backend.pool(None) as (executor, slots):
            yield from _run(executor, slots, todo, broken)
        if not broken:
            return
        reason = "the pool broke"
        for task in broken:  # each alone: only the board that kills its worker fails
            with backend.pool(1) as (alone, _):
                yield _outcome(alone.submit(board.audit, task), task, reason)


def _run(
    executor: Executor, slots: int, todo: Iterator[board.Task], broken: list[board.Task]
) -> Iterator[dict[str, Any]]:
    pending: dict[Future[dict[str, Any]], board.Task] = {}
    exhausted = False
    while True:
        while not exhausted and len(pending) < slots:
            task = next(todo, None)
            if task is None:
                exhausted = True
            else:
                pending[executor.submit(board.audit, task)] = task
        if not pending:
            return
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f].board):
            task = pending.pop(future)
            if isinstance(future.exception(), BrokenExecutor):
                broken.append(task)
            else:
                yield _outcome(future, task, "")
        if broken:  # the pool is gone: every board still in it goes to the retry
            broken.extend(pending.values())
            broken.sort(key=lambda t: t.board)
            return


def _outcome(future: Future[dict[str, Any]], task: board.Task, reason: str) -> dict[str, Any]:
    try:
        return future.result()
    except BrokenExecutor:
        return board.failure(task.board, CRASHED.format(reason=reason or "pool broken"))
    except Exception as exc:  # Dask's KilledWorker, a result that could not be sent back
        return board.failure(task.board, CRASHED.format(reason=f"{type(exc).__name__}: {exc}"))
