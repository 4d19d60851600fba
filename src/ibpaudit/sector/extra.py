"""The ``sector`` extra's libraries, imported when a command needs them, with one clear
message (naming the extra to install) when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from ibpaudit.errors import UsageError

INSTALL = "pip install 'ibpaudit[sector]'"


def need(module: str, purpose: str) -> ModuleType:
    """``module`` imported, or a usage error saying (in Dutch and English) what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            f"{purpose} heeft '{module}' nodig; installeer het met: {INSTALL} / "
            f"{purpose} needs '{module}'; install it with: {INSTALL}"
        ) from None
