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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        Shared,
        Sheet,
        Status,
        Text,
        text,
    )

    __version__: str
    hookimpl: pluggy.HookimplMarker

# The errors, the data model, pluggy and the version are imported on first use (PEP 562;
# the names are the same as ever): importing the package itself loads nothing, so the
# executable can set up the interpreter before the first module loads (ibpaudit.__main__).
_FROM_ERRORS = frozenset(
    {
        "CatalogError", "ConfigError", "EvidenceError", "ExitCode", "IbpauditError",
        "PluginError", "UsageError",
    }
)  # fmt: skip
_FROM_MODEL = frozenset(
    {
        "CheckContext", "CheckOutcome", "CheckSpec", "CheckType", "Control", "DossierView",
        "Evidence", "EvidenceFile", "Finding", "Limits", "Location", "Problem", "Record",
        "ReportFormat", "ReportOptions", "Shared", "Sheet", "Status", "Text", "text",
    }
)  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _FROM_ERRORS:
        from ibpaudit import errors

        value: Any = getattr(errors, name)
    elif name in _FROM_MODEL:
        from ibpaudit import model

        value = getattr(model, name)
    elif name == "hookimpl":
        import pluggy

        value = pluggy.HookimplMarker("ibpaudit")
    elif name == "__version__":
        from ibpaudit._version import __version__ as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


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
    "Shared",
    "Sheet",
    "Status",
    "Text",
    "UsageError",
    "__version__",
    "hookimpl",
    "text",
]
