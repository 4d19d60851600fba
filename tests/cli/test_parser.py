"""The language-aware parser: which language, argparse's words, the sub-command convention."""

from __future__ import annotations

import argparse

import pytest

from ibpaudit.cli.parser import Parser, add_lang, chooser, language
from ibpaudit.errors import ExitCode, UsageError


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], None, "nl"),
        ([], "en", "en"),
        ([], " EN ", "en"),
        (["run", "--lang", "en"], None, "en"),
        (["run", "--lang=en"], None, "en"),
        (["run", "--lang", "nl"], "en", "nl"),  # --lang outranks the environment
        (["run", "--lang", "fr"], "en", "en"),  # an invalid --lang: the environment's
        (["run", "--", "--lang", "en"], None, "nl"),  # after -- it is no option
    ],
)
def test_language_order(
    argv: list[str], env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IBPAUDIT_LANG", raising=False)
    if env is not None:
        monkeypatch.setenv("IBPAUDIT_LANG", env)
    assert language(argv) == expected


def test_chooser_picks_the_language() -> None:
    assert chooser("nl")("ja", "yes") == "ja"
    assert chooser("en")("ja", "yes") == "yes"


def _command(lang: str) -> argparse.ArgumentParser:
    """A sub-command added the way every cli/<name>.py adds its own."""
    top = Parser(prog="ibpaudit", lang="en" if lang == "en" else "nl")
    sub = top.subparsers(dest="command", required=True)
    t = chooser(top.lang)
    command: argparse.ArgumentParser = sub.add_parser("demo", help=t("proef", "demo"))
    command.add_argument("--count", type=int, help=t("hoeveel", "how many"))
    add_lang(command)
    return top


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sub_command_parsers_are_in_the_parents_language(lang: str) -> None:
    top = _command(lang)
    demo = top._subparsers._group_actions[0].choices["demo"]  # type: ignore[union-attr]
    assert isinstance(demo, Parser) and demo.lang == lang
    text = demo.format_help()
    assert text.startswith("gebruik: " if lang == "nl" else "usage: ")
    assert ("hoeveel" in text) == (lang == "nl") and ("how many" in text) == (lang == "en")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_errors_are_usage_errors_in_both_languages(lang: str) -> None:
    top = _command(lang)
    with pytest.raises(UsageError) as raised:
        top.parse_args(["demo", "--lang", "de"])
    error = raised.value
    assert error.exit_code == ExitCode.USAGE_ERROR
    assert "onbekende taal 'de'; kies nl of en" in error.in_language("nl")
    assert "unknown language 'de'; choose nl or en" in error.in_language("en")
    assert "(zie 'ibpaudit demo --help')" in error.in_language("nl")
    assert "(see 'ibpaudit demo --help')" in str(error)  # str() is the English
    assert str(error).startswith("argument --lang: unknown language")
    with pytest.raises(UsageError) as raised:
        top.parse_args(["demo", "--count", "veel"])
    assert raised.value.in_language("nl").startswith("argument --count: ongeldige waarde: ")
