"""Every hook ibpaudit calls. Implement them with ``@ibpaudit.hookimpl``.

Hooks are called with keyword arguments; an implementation may accept fewer
arguments than its spec. Built-in readers, checks, reporters and the catalog are
plugins that implement these hooks exactly as a third-party plugin would.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pluggy

from ibpaudit.model import CheckType, Evidence, EvidenceFile, Limits, ReportFormat

hookspec = pluggy.HookspecMarker("ibpaudit")


@hookspec
def ibpaudit_add_options(parser: argparse.ArgumentParser) -> None:
    """Add options to ``ibpaudit run``; their values reach checks as ``context.options``
    and reporters as ``options.extra``. Called for every plugin; no return value."""


@hookspec
def ibpaudit_catalog_dirs(root: Path | None) -> Sequence[Path]:
    """Return folders whose ``frameworks/``, ``reference/`` and control ``*.yaml`` files
    join the catalog. ``root`` is the dossier root, or None outside a dossier.
    All results are combined; a later folder's control overrides an earlier one with
    the same ID (the dossier's own ``controls/`` comes last)."""
    raise NotImplementedError


@hookspec(firstresult=True)
def ibpaudit_read_evidence(path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
    """Read one evidence file. ``file`` carries its dossier-relative path and SHA-256,
    computed before any reader runs. Return None when this reader does not handle the
    file; raise :class:`ibpaudit.errors.EvidenceError` when it should but cannot.
    firstresult: the first reader that returns an Evidence wins."""


@hookspec
def ibpaudit_check_types() -> Sequence[CheckType]:
    """Return the check types this plugin offers (name, parameter schema, evaluate).
    All results are combined; a name offered twice is a configuration error."""
    raise NotImplementedError


@hookspec
def ibpaudit_report_formats() -> Sequence[ReportFormat]:
    """Return the output formats this plugin offers; each renders the results
    document alone. All results are combined; names must be unique."""
    raise NotImplementedError
