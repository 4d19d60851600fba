"""Every message of the command line in Dutch by default and in English with ``--lang en``
or ``IBPAUDIT_LANG=en``: ``--help``, usage errors, a missing folder, ``--quiet``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ibpaudit.cli import main
from ibpaudit.errors import ExitCode
from support import EXAMPLE_BOARD, Cli

COMMANDS = (
    "run",
    "test-controls",
    "diff",
    "waivers",
    "verify",
    "validate",
    "controls",
    "init",
    "explain",
)
# Words we wrote (not argparse's), per language: the help option and the exit codes.
OURS = {
    "nl": ("toon deze hulp en stop", "exitcodes: 0 ", "opties:"),
    "en": ("show this help message and exit", "exit codes: 0 ", "options:"),
}
OTHER = {"nl": "en", "en": "nl"}
# One help text of each command's own, in both languages.
OWN = {
    "run": ("map voor de rapporten", "report folder"),
    "test-controls": ("faal als een maatregel geen goed", "fail when a control lacks"),
    "diff": ("het eerdere results.json", "the earlier results.json"),
    "waivers": ("tel de resterende dagen", "count days left"),
    "verify": ("wie ondertekend moet hebben", "the identity that must have signed"),
    "validate": ("beoordeel datums als op deze dag", "judge dates as on this day"),
    "controls": ("per norm van het kader", "per norm of the framework"),
    "init": ("schrijf in plaats daarvan het voorbeeldbestuur", "write the example board instead"),
    "explain": ("een norm (PV.P02) of maatregel-ID", "a norm (PV.P02) or control ID"),
}


# How the language is chosen: (expected language, IBPAUDIT_LANG, extra arguments).
CHOICES = {
    "default": ("nl", None, ()),
    "lang-en": ("en", None, ("--lang", "en")),
    "env-en": ("en", "en", ()),
    "lang-nl-over-env-en": ("nl", "en", ("--lang", "nl")),
}


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("how", CHOICES)
def test_help_of_every_command_is_in_the_language(
    command: str, how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lang, env, extra = CHOICES[how]
    monkeypatch.delenv("IBPAUDIT_LANG", raising=False)
    if env is not None:
        monkeypatch.setenv("IBPAUDIT_LANG", env)
    text = _help(capsys, command, *extra, "--help")
    for words in OURS[lang]:
        assert words in text, (words, text)
    for words in OURS[OTHER[lang]]:
        assert words not in text
    nl, en = OWN[command]
    assert (en if lang == "en" else nl) in text
    assert (nl if lang == "en" else en) not in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_top_level_help_lists_every_command_in_the_language(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IBPAUDIT_LANG", lang)
    text = _help(capsys, "--help")
    for command in COMMANDS:
        assert command in text
    heading = "opdrachten:" if lang == "nl" else "commands:"
    assert heading in text
    assert ("audit een dossier en schrijf de rapporten" in text) == (lang == "nl")
    assert ("audit a dossier and write reports" in text) == (lang == "en")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_history_is_in_run_help(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "run", "--lang", lang, "--help")
    assert "--history" in text
    own = "eerdere resultaten" if lang == "nl" else "earlier results documents"
    assert own in text


USAGE = {"nl": "(zie 'ibpaudit", "en": "(see 'ibpaudit"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "argv",
    [
        ("run", "--bogus"),
        ("diff",),
        ("nonsense",),
        ("controls", "--format", "yaml"),
        ("run", "--as-of", "23-11-2026"),
    ],
    ids=["unknown-option", "missing-argument", "unknown-command", "bad-choice", "bad-date"],
)
def test_usage_errors_exit_4_in_the_language(
    cli: Cli, lang: str, argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IBPAUDIT_LANG", lang)
    result = cli(*argv)
    assert result.code == ExitCode.USAGE_ERROR
    assert len(result.err.splitlines()) == 1
    assert USAGE[lang] in result.err and USAGE[OTHER[lang]] not in result.err


def test_argparse_words_are_translated_into_dutch(cli: Cli) -> None:
    assert "onbekende argumenten: --bogus" in cli("validate", str(EXAMPLE_BOARD), "--bogus").err
    assert "ongeldige keuze: 'yaml'" in cli("controls", "--format", "yaml").err
    assert "verplicht maar niet gegeven" in cli("diff").err
    assert "'gisteren' is geen datum; schrijf JJJJ-MM-DD" in cli("run", "--as-of", "gisteren").err
    english = cli("run", "--as-of", "0001-01-01", "--lang", "en").err
    assert "0001-01-01 is outside" in english and "ligt buiten" not in english


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unknown_lang_is_a_usage_error_naming_the_languages(
    cli: Cli, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IBPAUDIT_LANG", lang)
    for command in ("run", "validate", "diff", "controls", "explain"):
        result = cli(command, "--lang", "fr")
        assert result.code == ExitCode.USAGE_ERROR
        expected = (
            "onbekende taal 'fr'; kies nl of en"
            if lang == "nl"
            else ("unknown language 'fr'; choose nl or en")
        )
        assert expected in result.err, result.err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_unknown_format_is_a_usage_error_naming_the_formats(
    cli: Cli, lang: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = cli("run", str(EXAMPLE_BOARD), "--lang", lang, "-o", str(out), "-f", "json,pdfx")
    assert result.code == ExitCode.USAGE_ERROR
    words = (
        "onbekend formaat pdfx; kies uit" if lang == "nl" else "unknown format pdfx; choose from"
    )
    assert words in result.err
    listed = result.err.split("kies uit" if lang == "nl" else "choose from")[1]
    for name in ("html", "json", "junit", "markdown", "sarif"):  # built-in formats
        assert name in listed
    assert not out.exists()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "argv",
    [
        ("run", "{missing}"),
        ("validate", "{missing}"),
        ("waivers", "{missing}"),
        ("controls", "{missing}"),
        ("test-controls", "{missing}"),
        ("explain", "GB.02", "--dossier", "{missing}"),
    ],
    ids=lambda argv: argv[0],
)
def test_a_missing_folder_says_it_does_not_exist(
    cli: Cli, lang: str, argv: tuple[str, ...], tmp_path: Path
) -> None:
    missing = tmp_path / "nergens"
    result = cli(*(a.format(missing=missing) for a in argv), "--lang", lang)
    assert result.code == ExitCode.USAGE_ERROR
    said = f"map '{missing}' bestaat niet" if lang == "nl" else f"folder '{missing}' does not exist"
    assert said in result.err
    assert "Traceback" not in result.err


def test_a_file_given_as_the_dossier_folder_is_a_usage_error(cli: Cli) -> None:
    result = cli("run", str(EXAMPLE_BOARD / "ibpaudit.yaml"), "--lang", "en")
    assert result.code == ExitCode.USAGE_ERROR
    assert "is a file; give the dossier's folder" in result.err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_quiet_still_says_why_it_exits_2(cli: Cli, lang: str, tmp_path: Path) -> None:
    board = tmp_path / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    broken = board / "attestaties" / "ibp-rapportage-bestuur.yaml"
    broken.write_text("id: ibp-rapportage-bestuur\nverklaring: [niet gesloten\n", encoding="utf-8")
    result = cli("run", str(board), "-q", "--lang", lang, "-o", str(tmp_path / "out"))
    assert result.code == ExitCode.EVIDENCE_ERROR
    lines = [line for line in result.err.splitlines() if "exit" in line]
    assert len(lines) == 1, result.err
    start = "ibpaudit: exitcode 2: " if lang == "nl" else "ibpaudit: exit code 2: "
    assert lines[0].startswith(start)
    assert "attestaties/ibp-rapportage-bestuur.yaml" in lines[0]
    loud = cli("run", str(board), "--lang", lang, "-o", str(tmp_path / "out2"))
    assert loud.code == ExitCode.EVIDENCE_ERROR
    assert start not in loud.err  # without --quiet the problem lines say it already


def test_quiet_run_that_passes_or_fails_adds_no_reason(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", str(EXAMPLE_BOARD), "-q", "-o", str(tmp_path))
    assert result.code == ExitCode.FAILED
    assert "exitcode" not in result.err


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_environment_chooses_the_language_of_commands_without_a_dossier(
    cli: Cli, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IBPAUDIT_LANG", lang)
    header = cli("controls").out.splitlines()[0]
    assert header.startswith("MAATREGEL" if lang == "nl" else "CONTROL")
    explained = cli("explain", "GB.02").out
    other = cli("explain", "GB.02", "--lang", OTHER[lang]).out
    assert explained != other  # --lang outranks the environment
