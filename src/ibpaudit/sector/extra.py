"""The ``sector`` extra's libraries, imported when a command needs them, with one clear
message (naming the extra to install) when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from ibpaudit.errors import UsageError
from ibpaudit.i18n import text

INSTALL = "pip install 'ibpaudit[sector]'"


def need(module: str, purpose: str) -> ModuleType:
    """``module`` imported, or a usage error saying (in Dutch and English) what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError.of(
            text(
                "{p} heeft '{m}' nodig; installeer het met: {i}",
                "{p} needs '{m}'; install it with: {i}",
                p=purpose,
                m=module,
                i=INSTALL,
            )
        ) from None
