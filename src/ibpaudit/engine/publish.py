"""Write one run's reports and the manifest that proves what they were made from: the one
way ``ibpaudit run`` and ``ibpaudit sector run`` (each board) put a report set on disk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ibpaudit.engine import manifest, signing
from ibpaudit.engine.output import Written, output_lock, write_reports
from ibpaudit.engine.run import Run
from ibpaudit.model import ReportOptions


def publish(
    document: Mapping[str, Any],
    run: Run,
    formats: Sequence[str],
    output: Path,
    options: ReportOptions,
    sign: Path | None = None,
) -> tuple[list[Written], Written | None]:
    """The reports in ``formats`` under ``output`` (one run's set at a time), then
    ``manifest.json`` (signed with ``sign``, an OpenSSH key, when given). Returns every
    file written and the manifest's record (None when no report was written)."""
    with output_lock(output):
        written = write_reports(document, formats, output, run.plugins, options)
        record = None
        if written:  # the manifest proves which files these reports were made from
            dirs = run.plugins.catalog_dirs(run.root)
            record = manifest.write(
                manifest.build(document, run.root, run.config, dirs, written, run.read), output
            )
            written.append(record)
            if sign is not None:
                written.append(signing.sign(record.path, sign))
    return written, record
