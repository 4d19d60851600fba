"""``open_run``: the one way every front end starts a run, so that settings, disabled
plugins and plugin options mean the same in every command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ibpaudit import engine
from ibpaudit.engine.run import open_run
from ibpaudit.errors import ConfigError, ExitCode
from support import AS_OF, Cli, update_config

OPTION_PLUGIN = """\
from ibpaudit import hookimpl


@hookimpl
def ibpaudit_add_options(parser):
    parser.add_argument("--drempel", type=int, default=7)
"""


def test_the_dossier_settings_apply_unless_overridden(board: Path) -> None:
    run = open_run(board)
    assert (run.options.as_of, run.lang, run.options.target_level) == (AS_OF, "nl", None)
    assert run.selection.only_from == "ibpaudit.yaml"
    chosen = open_run(board, as_of=date(2027, 1, 5), lang="en", target_level=4, only=["GB"])
    assert (chosen.options.as_of, chosen.lang, chosen.options.target_level) == (
        date(2027, 1, 5),
        "en",
        4,
    )
    assert (chosen.selection.only, chosen.selection.only_from) == (("GB",), "--only")


def test_the_dossier_limits_reach_the_readers(board: Path) -> None:
    update_config(board, {"bewijs": {"max_cellen": 1234}})
    assert open_run(board).options.limits.max_cells == 1234


def test_a_plugin_disabled_in_the_dossier_is_not_loaded(board: Path) -> None:
    update_config(board, {"plugins": {"uitschakelen": ["sarif"]}})
    names = {info.name for info in open_run(board).plugins.infos}
    assert "sarif" not in names and "junit" in names
    names = {info.name for info in open_run(board, disable=["junit"]).plugins.infos}
    assert not names & {"sarif", "junit"}


def test_plugins_see_only_the_options_they_declared(board: Path) -> None:
    (board / "plugins").mkdir()
    (board / "plugins" / "drempel.py").write_text(OPTION_PLUGIN, encoding="utf-8")
    run = open_run(board)
    assert run.options.plugin_options["drempel"] == 7
    assert "history" in run.options.plugin_options  # the HTML reporter's own option
    assert not {"path", "output", "format", "show_personal_data"} & set(run.options.plugin_options)
    given = run.configure(plugin_options={"drempel": 3, "output": "x"})
    assert given.options.plugin_options["drempel"] == 3
    assert "output" not in given.options.plugin_options


def test_a_folder_without_settings_is_a_catalog_folder_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ibpaudit\.yaml"):
        open_run(tmp_path)
    run = open_run(tmp_path, config_optional=True)
    assert run.config.target_level == 3
    assert engine.load_catalog(run.plugins, tmp_path).controls  # the shipped catalog


def test_verify_can_open_a_run_without_any_plugin(board: Path) -> None:
    (board / "plugins").mkdir()
    (board / "plugins" / "drempel.py").write_text(OPTION_PLUGIN, encoding="utf-8")
    run = open_run(board, with_plugins=False)
    assert run.plugins.infos == []
    assert run.config.board == open_run(board).config.board


def test_a_run_audits_as_the_command_line_does(board: Path) -> None:
    document = engine.audit(open_run(board, only=["GB.02"]))
    assert [c["id"] for c in document["controls"]] == ["GB.02-datalekken"]
    assert document["run"]["selection"] == {"only": ["GB.02"], "skip": []}
    assert document["controls"][0]["status"] == "failed"


def test_a_plugin_failing_to_add_options_is_reported_once(board: Path, cli: Cli) -> None:
    (board / "plugins").mkdir()
    (board / "plugins" / "kapot.py").write_text(
        "from ibpaudit import hookimpl\n\n\n@hookimpl\ndef ibpaudit_add_options(parser):\n"
        "    raise RuntimeError('stuk')\n",
        encoding="utf-8",
    )
    result = cli("run", str(board), "-o", str(board.parent / "out"), "-q", "-f", "json")
    document = json.loads((board.parent / "out" / "results.json").read_text(encoding="utf-8"))
    problems = [p for p in document["problems"] if p["source"] == "kapot"]
    assert len(problems) == 1 and "stuk" in problems[0]["message"]["en"]
    assert result.code == ExitCode.EVIDENCE_ERROR
