"""Writing reports: a format may stream its bytes in chunks; the file, and the SHA-256
the manifest gets, are those bytes; a stream that fails midway leaves the report that
was there."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ibpaudit import engine, hookimpl
from ibpaudit.engine.output import write_atomically
from ibpaudit.engine.run import open_run
from ibpaudit.model import ReportFormat, ReportOptions, Text


def _count(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    return b"".join(_count_stream(results, options))


def _count_stream(results: Mapping[str, Any], options: ReportOptions) -> Iterator[bytes]:
    for control in results["controls"]:
        yield f"{control['id']} {control['status']}\n".encode()


def _broken_stream(results: Mapping[str, Any], options: ReportOptions) -> Iterator[bytes]:
    yield b"half a report\n"
    raise ValueError("the stream broke")


class Streams:
    @hookimpl
    def ibpaudit_report_formats(self) -> list[ReportFormat]:
        describe = Text(nl="Telling", en="Count")
        return [
            ReportFormat("count", "count.txt", _count, describe, stream=_count_stream),
            ReportFormat("broken", "broken.txt", _count, describe, stream=_broken_stream),
        ]


def test_a_streamed_report_is_its_chunks_and_their_hash(board: Path, tmp_path: Path) -> None:
    run = open_run(board, extra_plugins=[Streams()])
    document = engine.audit(run)

    written = engine.write_reports(document, ["count"], tmp_path, run.plugins, ReportOptions())

    body = (tmp_path / "count.txt").read_bytes()
    assert body == _count(document, ReportOptions())
    assert body.count(b"\n") == len(document["controls"])
    assert [w.sha256 for w in written] == [hashlib.sha256(body).hexdigest()]


def test_a_stream_failing_midway_keeps_the_old_report(board: Path, tmp_path: Path) -> None:
    run = open_run(board, extra_plugins=[Streams()])
    document = engine.audit(run)
    out = tmp_path / "out"
    out.mkdir()
    (out / "broken.txt").write_bytes(b"the previous run\n")

    written = engine.write_reports(document, ["broken", "count"], out, run.plugins, ReportOptions())

    assert (out / "broken.txt").read_bytes() == b"the previous run\n"
    assert [w.path.name for w in written] == ["count.txt"]
    assert any("the stream broke" in p.message.en for p in run.plugins.problems)
    assert sorted(p.name for p in out.iterdir()) == ["broken.txt", "count.txt"]


def test_a_report_is_a_new_file_with_the_usual_mode_never_a_links_target(
    tmp_path: Path,
) -> None:
    """Written as any new file is (0666 less the umask), through a temporary file that
    is left nowhere; a symlink planted at the report's name is replaced, and what it
    pointed at is untouched."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.html").symlink_to(elsewhere)
    before = os.umask(0o027)
    try:
        digest = write_atomically(folder / "report.html", [b"new ", b"report"])
    finally:
        os.umask(before)

    target = folder / "report.html"
    assert not target.is_symlink() and target.read_bytes() == b"new report"
    assert digest == hashlib.sha256(b"new report").hexdigest()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert elsewhere.read_bytes() == b"keep"
    assert sorted(p.name for p in folder.iterdir()) == ["report.html"]
