"""The command line in the user's language: an ``argparse`` parser whose own words
("usage:", "options", "invalid choice", ...) and whose help texts are Dutch or English.

The convention for every sub-command module (``cli/<name>.py``)::

    def add_parser(sub: Any, lang: Lang = "nl") -> argparse.ArgumentParser:
        t = chooser(lang)
        parser = sub.add_parser("name", help=t("wat het doet", "what it does"), ...)

``sub`` is the sub-parsers object of :func:`ibpaudit.cli.build_parser`; its parsers are
:class:`Parser` instances in ``lang`` already. The language comes from ``--lang`` and
``IBPAUDIT_LANG`` (:func:`language`): ``taal:`` in ibpaudit.yaml is only known once a
dossier is read, after the command line is parsed, so ``--help`` and usage errors never
follow it.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, NoReturn

from ibpaudit.errors import UsageError
from ibpaudit.i18n import Lang

LANGS: tuple[Lang, ...] = ("nl", "en")


def chooser(lang: Lang) -> Callable[[str, str], str]:
    """``t = chooser(lang)``; ``t("Nederlands", "English")`` is the one in ``lang``."""
    return lambda nl, en: en if lang == "en" else nl


def language(argv: Sequence[str]) -> Lang:
    """The language of messages before a dossier is read: ``--lang``, then the
    environment's ``IBPAUDIT_LANG``, then Dutch (see :func:`ibpaudit.engine.run.language`)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        given = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
        if given == "nl":
            return "nl"
        if given == "en":
            return "en"
    # no (valid) --lang: an unknown one is a usage error said in the environment's language
    return "en" if os.environ.get("IBPAUDIT_LANG", "").strip().lower() == "en" else "nl"


def lang_choice(value: str) -> Lang:
    """A ``--lang`` value (argparse type); an unknown one names the valid values."""
    if value == "nl":
        return "nl"
    if value == "en":
        return "en"
    raise argparse.ArgumentTypeError(
        f"onbekende taal '{value}'; kies nl of en\nunknown language '{value}'; choose nl or en"
    )


# argparse's own English messages and their Dutch; the English stays argparse's wording.
_DUTCH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"invalid choice: (.*) \(choose from (.*)\)$"),
        r"ongeldige keuze: \1 (kies uit \2)",
    ),
    (
        re.compile(r"the following arguments are required: (.*)$"),
        r"verplicht maar niet gegeven: \1",
    ),
    (re.compile(r"unrecognized arguments: (.*)$"), r"onbekende argumenten: \1"),
    (re.compile(r"expected one argument$"), "verwacht één waarde"),
    (re.compile(r"expected at least one argument$"), "verwacht minstens één waarde"),
    (re.compile(r"expected at most one argument$"), "verwacht hoogstens één waarde"),
    (re.compile(r"invalid \S+ value: (.*)$"), r"ongeldige waarde: \1"),
    (re.compile(r"ignored explicit argument (.*)$"), r"argument \1 genegeerd"),
    (
        re.compile(r"ambiguous option: (.*) could match (.*)$"),
        r"dubbelzinnige optie: \1 past op \2",
    ),
    (re.compile(r"not allowed with argument (.*)$"), r"niet samen met argument \1"),
)
_ARGUMENT = re.compile(r"^argument (.+?): (.*)$", re.DOTALL)


def _translate(message: str, lang: Lang) -> str:
    """argparse's message in ``lang``; ours (``"nl\nen"`` from an argparse type) split."""
    head = ""
    found = _ARGUMENT.match(message)
    if found:
        head, message = f"argument {found.group(1)}: ", found.group(2)
    if message.count("\n") == 1:
        nl, en = message.split("\n")
        message = en if lang == "en" else nl
    elif lang == "nl":
        for pattern, dutch in _DUTCH:
            if pattern.match(message):
                message = pattern.sub(dutch, message)
                break
    return head + message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with "usage:" in the language."""

    def __init__(self, prog: str, lang: Lang = "nl", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.lang: Lang = lang

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = "usage: " if self.lang == "en" else "gebruik: "
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` in ``lang``: section titles, ``-h``, usage and errors.

    A usage error raises :class:`UsageError` (exit 4) in both languages."""

    def __init__(self, *args: Any, lang: Lang = "nl", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", partial(HelpFormatter, lang=lang))
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.lang: Lang = lang
        t = chooser(lang)
        self._positionals.title = t("argumenten", "positional arguments")
        self._optionals.title = t("opties", "options")
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=t("toon deze hulp en stop", "show this help message and exit"),
        )

    def subparsers(self, **kwargs: Any) -> Any:
        """``add_subparsers`` whose parsers are in this parser's language."""
        t = chooser(self.lang)
        kwargs.setdefault("title", t("opdrachten", "commands"))
        kwargs.setdefault("metavar", "OPDRACHT" if self.lang == "nl" else "COMMAND")
        parser_class: Any = partial(Parser, lang=self.lang)
        return self.add_subparsers(parser_class=parser_class, **kwargs)

    def error(self, message: str) -> NoReturn:
        nl = f"{_translate(message, 'nl')} (zie '{self.prog} --help')"
        en = f"{_translate(message, 'en')} (see '{self.prog} --help')"
        raise UsageError(en, {"nl": nl, "en": en})


def add_lang(parser: argparse.ArgumentParser, nl: str = "", en: str = "") -> None:
    """The ``--lang`` option: nl or en (default: not given, so the order applies); an
    unknown value is a usage error naming both. ``nl``/``en``: a help text of its own."""
    t = chooser(getattr(parser, "lang", "nl"))
    parser.add_argument(
        "--lang",
        type=lang_choice,
        metavar="{nl,en}",
        help=t(
            nl or "taal (standaard: IBPAUDIT_LANG, anders nl)",
            en or "language (default: IBPAUDIT_LANG, else nl)",
        ),
    )
