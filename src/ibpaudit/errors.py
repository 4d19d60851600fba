"""One exception hierarchy; every message starts with the file or place it concerns.

Errors are for what stops ibpaudit from doing its work (a broken configuration, an
unreadable catalog). What the evidence shows about compliance is a finding, never an
exception.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Self

from ibpaudit.i18n import Text, text


class ExitCode(IntEnum):
    PASSED = 0
    FAILED = 1
    EVIDENCE_ERROR = 2
    INTERNAL_ERROR = 3
    USAGE_ERROR = 4


class IbpauditError(Exception):
    """Base class: a problem the user can fix, printed as one line.

    ``str(error)`` is the message in English; ``translations`` may hold it in other
    languages (``{"nl": ...}``), and :meth:`in_language` picks one.
    """

    exit_code: ExitCode = ExitCode.EVIDENCE_ERROR

    def __init__(self, message: str = "", translations: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.translations = dict(translations or {})

    @classmethod
    def of(cls, message: Text) -> Self:
        """The error with a bilingual message (English as ``str()``, Dutch kept)."""
        return cls(message.en, {"nl": message.nl})

    def in_language(self, lang: str) -> str:
        return self.translations.get(lang) or str(self)

    def as_text(self) -> Text:
        """The message in both languages (English stands in for a missing Dutch)."""
        return Text(nl=self.in_language("nl"), en=self.in_language("en"))


def cannot_read(path: Path, exc: OSError) -> Text:
    """ "{path}: cannot read: {why}", in both languages (a file ibpaudit was pointed at)."""
    return text(
        "{p}: kan niet worden gelezen: {why}",
        "{p}: cannot read: {why}",
        p=path,
        why=exc.strerror or exc,
    )


class ConfigError(IbpauditError):
    """ibpaudit.yaml, waivers.yaml or a plugin setting is wrong."""


class CatalogError(IbpauditError):
    """A framework or control file is malformed or fails its schema."""


class EvidenceError(IbpauditError):
    """An evidence file cannot be read; only the controls that use it become *error*."""


class PluginError(IbpauditError):
    """A plugin failed to load or raised; named in the message."""


class UsageError(IbpauditError):
    """The command line is wrong."""

    exit_code = ExitCode.USAGE_ERROR
