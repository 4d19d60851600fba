"""ibpaudit: audit a school board's IBP dossier against the Normenkader IBP FO.

The public face for plugin authors: ``hookimpl`` (mark hook implementations; the hooks
are documented in :mod:`ibpaudit.hookspecs`), the objects plugins receive and return
(:class:`CheckContext`, :class:`DossierView`, :class:`Evidence`, :class:`Record`,
:class:`Location`, :class:`CheckType`, :class:`ReportFormat`, ...), bilingual text
(:func:`text`, :class:`Text`) and the errors. Helpers live in :mod:`ibpaudit.checks`,
:mod:`ibpaudit.readers` and :mod:`ibpaudit.reporting`; a test harness in
:mod:`ibpaudit.testing`. See ``docs/plugins.md``; the names in ``__all__`` are stable.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import pluggy

from ibpaudit.errors import (
    CatalogError,
    ConfigError,
    EvidenceError,
    ExitCode,
    IbpauditError,
    PluginError,
    UsageError,
)
from ibpaudit.model import (
    CheckContext,
    CheckOutcome,
    CheckSpec,
    CheckType,
    Control,
    DossierView,
    Evidence,
    EvidenceFile,
    Finding,
    Limits,
    Location,
    Problem,
    Record,
    ReportFormat,
    ReportOptions,
    Sheet,
    Status,
    Text,
    text,
)

try:
    __version__ = version("ibpaudit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

hookimpl = pluggy.HookimplMarker("ibpaudit")

__all__ = [
    "CatalogError",
    "CheckContext",
    "CheckOutcome",
    "CheckSpec",
    "CheckType",
    "ConfigError",
    "Control",
    "DossierView",
    "Evidence",
    "EvidenceError",
    "EvidenceFile",
    "ExitCode",
    "Finding",
    "IbpauditError",
    "Limits",
    "Location",
    "PluginError",
    "Problem",
    "Record",
    "ReportFormat",
    "ReportOptions",
    "Sheet",
    "Status",
    "Text",
    "UsageError",
    "__version__",
    "hookimpl",
    "text",
]
