"""Same answer everywhere: the same boards through a real Dask cluster (a LocalCluster of
worker processes on 127.0.0.1, and the ``dask scheduler`` / ``dask worker`` commands)
give the same store and the same sector.json as local worker processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from ibpaudit.cli import main
from sector.sector_support import crashing_board, generate, sector_json, tables


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # a free port: None means the default :8787
    ) as local:
        yield str(local.scheduler_address)


def test_a_local_dask_cluster_gives_the_local_answer(
    cluster: str, boards: Path, local_run: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dask"

    code = main(["sector", "run", str(boards), "--output", str(out), "--scheduler", cluster])

    assert code == 0
    assert tables(out / "sector.duckdb") == tables(local_run / "sector.duckdb")
    assert sector_json(out) == sector_json(local_run)
    assert (out / "sector.json").read_bytes() == (local_run / "sector.json").read_bytes()
    for board in boards.iterdir():  # each board's reports, written by the Dask workers
        assert (out / "boards" / board.name / "results.json").is_file()


def test_the_scheduler_may_come_from_the_environment(
    cluster: str, boards: Path, local_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IBPAUDIT_SCHEDULER", cluster)
    out = tmp_path / "env"

    assert main(["sector", "run", str(boards), "--output", str(out)]) == 0

    assert tables(out / "sector.duckdb") == tables(local_run / "sector.duckdb")
    with Client(cluster) as client:  # the cluster really did the work
        assert sum(client.nthreads().values()) == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_workers(address: str, count: int) -> None:
    with Client(address, timeout=60) as client:
        client.wait_for_workers(count, timeout=60)


def test_dask_scheduler_and_worker_commands_give_the_local_answer(
    boards: Path, local_run: Path, tmp_path: Path
) -> None:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]  # the `dask` command of this interpreter
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    log = (tmp_path / "dask.log").open("wb")
    scheduler = subprocess.Popen(
        [
            *dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--dashboard-address",
            ":0",
            "--no-show",
        ],
        stdout=log,
        stderr=log,
        env=env,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the scheduler listens
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        worker = subprocess.Popen(
            [
                *dask,
                "worker",
                address,
                "--nworkers",
                "2",
                "--nthreads",
                "1",
                "--host",
                "127.0.0.1",
                "--no-dashboard",
            ],
            stdout=log,
            stderr=log,
            env=env,
        )
        _wait_for_workers(address, 2)
        out = tmp_path / "cli"

        assert (
            main(["sector", "run", str(boards), "--output", str(out), "--scheduler", address]) == 0
        )

        assert tables(out / "sector.duckdb") == tables(local_run / "sector.duckdb")
        assert (out / "sector.json").read_bytes() == (local_run / "sector.json").read_bytes()
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=60)
        log.close()


def test_a_board_that_kills_its_dask_worker_is_recorded(
    cluster: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dask retries the task on a fresh worker (the nanny restarts the dead one) and then
    gives up with KilledWorker: that board's error; the others are audited."""
    folder = tmp_path / "boards"
    generate(3, folder, seed=2)
    crashing_board(folder)
    out = tmp_path / "out"

    code = main(["sector", "run", str(folder), "--output", str(out), "--scheduler", cluster])

    assert code == 2
    stored = tables(out / "sector.duckdb")["boards"]
    status = {row[0]: row[6] for row in stored}
    errors = {row[0]: row[11] for row in stored}
    assert status.pop("crashing") == "not_audited"
    assert "KilledWorker" in errors["crashing"]
    assert sorted(status) == [f"board-{i:04d}" for i in range(3)]
    assert "not_audited" not in status.values()
    assert "crashing: " in capsys.readouterr().err
