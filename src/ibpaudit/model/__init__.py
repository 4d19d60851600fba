"""Frozen data that crosses the pipeline's boxes: evidence, the catalog, verdicts, what
plugins receive, and the inputs of a run. It imports nothing above it."""

from __future__ import annotations

from ibpaudit.i18n import Lang, Text, join, text
from ibpaudit.model.catalog import (
    Catalog,
    CatalogProblem,
    Change,
    CheckSpec,
    Control,
    Domain,
    Framework,
    Norm,
    Override,
)
from ibpaudit.model.evidence import (
    DossierView,
    Evidence,
    EvidenceFile,
    EvidenceReader,
    Limits,
    Location,
    Origin,
    Problem,
    Record,
    Sheet,
    UnreadFile,
)
from ibpaudit.model.gate import FailOn, Selection
from ibpaudit.model.plugin import (
    CheckContext,
    CheckFunction,
    CheckType,
    ReportFormat,
    ReportOptions,
)
from ibpaudit.model.run import (
    BoardConfig,
    NormMapping,
    PluginInfo,
    PluginProblem,
    RunOptions,
    RunRecord,
    School,
    Waiver,
)
from ibpaudit.model.verdict import CheckOutcome, CheckResult, ControlResult, Finding, Status

__all__ = [
    "BoardConfig",
    "Catalog",
    "CatalogProblem",
    "Change",
    "CheckContext",
    "CheckFunction",
    "CheckOutcome",
    "CheckResult",
    "CheckSpec",
    "CheckType",
    "Control",
    "ControlResult",
    "Domain",
    "DossierView",
    "Evidence",
    "EvidenceFile",
    "EvidenceReader",
    "FailOn",
    "Finding",
    "Framework",
    "Lang",
    "Limits",
    "Location",
    "Norm",
    "NormMapping",
    "Origin",
    "Override",
    "PluginInfo",
    "PluginProblem",
    "Problem",
    "Record",
    "ReportFormat",
    "ReportOptions",
    "RunOptions",
    "RunRecord",
    "School",
    "Selection",
    "Sheet",
    "Status",
    "Text",
    "UnreadFile",
    "Waiver",
    "join",
    "text",
]
