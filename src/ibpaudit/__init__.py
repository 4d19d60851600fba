"""ibpaudit: audit a school board's IBP dossier against the Normenkader IBP FO.

The public face for plugin authors: ``hookimpl``, the data models and the errors.
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
    CheckType,
    Evidence,
    EvidenceFile,
    Finding,
    Location,
    Problem,
    Record,
    ReportFormat,
    ReportOptions,
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
    "CheckType",
    "ConfigError",
    "Evidence",
    "EvidenceError",
    "EvidenceFile",
    "ExitCode",
    "Finding",
    "IbpauditError",
    "Location",
    "PluginError",
    "Problem",
    "Record",
    "ReportFormat",
    "ReportOptions",
    "Status",
    "Text",
    "UsageError",
    "__version__",
    "hookimpl",
    "text",
]
