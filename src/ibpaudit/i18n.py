"""User-facing text in Dutch and English: one bilingual value, formatted per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["nl", "en"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Text:
    """User-facing text in both languages; reports choose one at render time."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    def format(self, **params: object) -> Text:
        """Fill ``{name}`` placeholders; a Text parameter fills in its own language.

        Unknown names stay as they are; there is no attribute or index access, so a
        template from a control file cannot reach into Python objects.
        """

        def fill(template: str, lang: str) -> str:
            def sub(match: re.Match[str]) -> str:
                name = match.group(1)
                if name not in params:
                    return match.group(0)
                value = params[name]
                return value.get(lang) if isinstance(value, Text) else str(value)

            return _PLACEHOLDER.sub(sub, template)

        return Text(nl=fill(self.nl, "nl"), en=fill(self.en, "en"))

    @classmethod
    def of(cls, value: object) -> Text:
        """A ``{nl:, en:}`` mapping or a plain string (used for both languages)."""
        if isinstance(value, Text):
            return value
        if isinstance(value, Mapping):
            nl = str(value.get("nl") or value.get("en") or "")
            en = str(value.get("en") or value.get("nl") or "")
            return cls(nl=nl, en=en)
        return cls(nl=str(value), en=str(value))

    def to_json(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}


def join(texts: list[Text] | tuple[Text, ...], sep: str = "; ") -> Text:
    """Several texts as one, per language."""
    return Text(nl=sep.join(t.nl for t in texts), en=sep.join(t.en for t in texts))


def text(nl: str, en: str, **params: object) -> Text:
    """Shorthand for a bilingual message with placeholders filled."""
    return Text(nl=nl, en=en).format(**params) if params else Text(nl=nl, en=en)
