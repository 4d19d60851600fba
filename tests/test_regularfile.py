"""Evidence and catalog files are read within their limit, and only when they are
regular files: a file measured too large is not read at all, one that grew past the
limit is told by one byte too many, and a FIFO never blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ibpaudit.regularfile import NotRegularFileError, read_within


def test_a_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "klein.csv"
    path.write_bytes(b"x" * 5000)
    data, info = read_within(path, 5000)
    assert data == b"x" * 5000
    assert info.st_size == 5000


def test_a_file_measured_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    path.write_bytes(b"x" * 5001)
    data, info = read_within(path, 5000)
    assert data is None
    assert info.st_size == 5001


def test_a_file_that_grew_is_read_one_byte_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if the file grew between fstat and read: fstat reports the size it had."""
    path = tmp_path / "groeit.csv"
    path.write_bytes(b"x" * 50_000)
    real_fstat = os.fstat

    def earlier(fd: int) -> os.stat_result:
        measured = list(real_fstat(fd))
        measured[6] = 100  # st_size
        return os.stat_result(measured)

    monkeypatch.setattr(os, "fstat", earlier)
    data, _ = read_within(path, 1000)
    assert data == b"x" * 1001


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError) as raised:
        read_within(fifo, 1000)
    assert raised.value.kind.en == "a named pipe (FIFO)"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFileError) as raised:
        read_within(tmp_path, 1000)
    assert raised.value.kind.en == "a folder"
