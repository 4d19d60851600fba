"""The plugin system is honest about pluggy: wrapper implementations run, a hook name that
does not exist is reported naming the plugin, a plugin's ``sys.exit`` is one more failure,
and disabled plugins stay disabled in every command."""

from __future__ import annotations

import importlib
import json
import textwrap
from pathlib import Path

import pluggy

from ibpaudit import hookimpl, hookspecs
from ibpaudit.engine import plugins
from ibpaudit.errors import ExitCode
from ibpaudit.model import ReportFormat, Text
from support import Cli, update_config

WRAPPER = """
from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, Text


def _render(results, options):
    return b"wrapped\\n"


@hookimpl(wrapper=True)
def ibpaudit_report_formats():
    formats = yield
    return [*formats, [ReportFormat("wrapped", "wrapped.txt", _render, Text("w", "w"))]]


@hookimpl(hookwrapper=True)
def ibpaudit_check_types():
    outcome = yield
    outcome.get_result()  # an old-style wrapper sees the same results
"""

MISSPELT = """
from ibpaudit import hookimpl


@hookimpl
def ibpaudit_report_format():
    return []
"""


def _plugin(board: Path, name: str, source: str) -> None:
    folder = board / "plugins"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")


def test_wrapper_implementations_run(cli: Cli, board: Path, tmp_path: Path) -> None:
    _plugin(board, "wrapping", WRAPPER)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json,wrapped", "-q")

    assert result.code == ExitCode.FAILED, result.err  # the example board's verdict
    assert (out / "wrapped.txt").read_bytes() == b"wrapped\n"
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert document["problems"] == []
    assert document["summary"]["failed"] == 2  # the check types still all arrived


CRASHING_READER_WRAPPER = """
from ibpaudit import hookimpl


@hookimpl(wrapper=True)
def ibpaudit_read_evidence(path, file, limits):
    evidence = yield
    if file.path.endswith("datalekken.yaml"):
        raise RuntimeError("kapot")
    return evidence
"""


def test_a_crashing_reader_wrapper_makes_that_file_unreadable(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _plugin(board, "lezer", CRASHING_READER_WRAPPER)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json", "-q")

    assert result.code == ExitCode.EVIDENCE_ERROR, result.err  # not 3: no internal error
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (broken,) = [e for e in document["evidence"] if e["error"]]
    assert broken["path"] == "registers/datalekken.yaml"
    assert "lezer" in broken["error"]["en"] and "kapot" in broken["error"]["en"]
    statuses = {c["id"]: c["status"] for c in document["controls"]}
    assert statuses["GB.02-datalekken"] == "error"
    assert statuses["PV.P02-verwerkersovereenkomsten"] == "failed"  # the rest still judged


def test_a_misspelt_hook_is_reported_naming_plugin_and_hook(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _plugin(board, "typo", MISSPELT)
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json", "--lang", "en")

    assert result.code == ExitCode.EVIDENCE_ERROR
    (problem,) = json.loads((out / "results.json").read_text(encoding="utf-8"))["problems"]
    assert problem["kind"] == "plugin" and problem["source"] == "typo"
    message = problem["message"]["en"]
    assert "'ibpaudit_report_format'" in message and "'ibpaudit_report_formats'" in message
    assert "ibpaudit_report_format" in result.err
    assert cli("validate", str(board)).code == ExitCode.EVIDENCE_ERROR


def test_an_optional_hook_of_another_name_is_no_problem(board: Path) -> None:
    _plugin(
        board,
        "extra",
        "from ibpaudit import hookimpl\n\n\n@hookimpl(optionalhook=True)\n"
        "def ibpaudit_future_hook():\n    return None\n",
    )
    assert plugins.build(board).problems == []


def test_sys_exit_in_a_plugin_is_a_failure_not_a_pass(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    """``sys.exit(0)`` at import or in a hook ended the run with exit 0 and no reports."""
    _plugin(board, "leaves_at_import", "import sys\nsys.exit(0)\n")
    _plugin(
        board,
        "leaves_in_a_hook",
        "import sys\nfrom ibpaudit import hookimpl\n\n\n@hookimpl\n"
        "def ibpaudit_catalog_dirs(root):\n    sys.exit(0)\n",
    )
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json,junit")

    assert result.code == ExitCode.EVIDENCE_ERROR
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {p["source"] for p in document["problems"]} == {"leaves_at_import", "leaves_in_a_hook"}
    assert all("SystemExit" in p["message"]["en"] for p in document["problems"])
    assert (out / "junit.xml").is_file()
    assert document["summary"]["failed"] == 2  # the audit itself still ran


def test_disabled_plugins_stay_disabled_in_every_command(cli: Cli, board: Path) -> None:
    """``plugins.uitschakelen`` in ibpaudit.yaml holds for controls and test-controls as
    for run: a broken local plugin that is switched off breaks nothing."""
    _plugin(board, "broken", "raise RuntimeError('kapot')\n")
    assert "broken" in cli("controls", str(board)).err  # enabled: reported

    update_config(board, {"plugins": {"uitschakelen": ["broken"]}})
    for command in (("controls", str(board)), ("validate", str(board))):
        result = cli(*command)
        assert result.code == ExitCode.PASSED, command
        assert "broken" not in result.err, command
    cases = cli("test-controls", str(board))
    assert "broken" not in cases.err and "kapot" not in cases.err


EXITING_CHECK_AND_REPORTER = """
import sys
from ibpaudit import hookimpl
from ibpaudit.model import CheckType, ReportFormat, Text


def _evaluate(context, params):
    sys.exit(0)


def _render(results, options):
    sys.exit(0)


@hookimpl
def ibpaudit_check_types():
    return [CheckType("vertrekt", _evaluate, {"type": "object"}, Text("v", "v"))]


@hookimpl
def ibpaudit_report_formats():
    return [ReportFormat("vertrek", "vertrek.txt", _render, Text("v", "v"))]
"""

LEAVING_CONTROL = """id: XX.01-vertrek
norm: GO.02
title: {nl: Vertrek, en: Leaving}
severity: low
levels:
  2:
    - check: vertrekt
"""


def test_sys_exit_in_a_check_or_a_reporter_costs_only_that(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _plugin(board, "vertrek", EXITING_CHECK_AND_REPORTER)
    (board / "controls").mkdir()
    (board / "controls" / "XX.01-vertrek.yaml").write_text(LEAVING_CONTROL, encoding="utf-8")
    out = tmp_path / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json,junit,vertrek")

    assert result.code == ExitCode.EVIDENCE_ERROR
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (leaving,) = [c for c in document["controls"] if c["id"] == "XX.01-vertrek"]
    assert leaving["status"] == "error"
    assert "SystemExit" in leaving["checks"][0]["findings"][0]["message"]["en"]
    assert (out / "junit.xml").is_file() and not (out / "vertrek.txt").exists()
    assert (
        "plugin 'vertrek' failed in render: SystemExit"
        in cli("run", str(board), "-o", str(out), "--format", "vertrek", "--lang", "en").err
    )


def test_an_interrupt_from_a_plugin_never_reads_as_a_pass(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _plugin(
        board,
        "onderbreekt",
        "from ibpaudit import hookimpl\n\n\n@hookimpl\n"
        "def ibpaudit_catalog_dirs(root):\n    raise KeyboardInterrupt\n",
    )
    result = cli("run", str(board), "-o", str(tmp_path / "out"))

    assert result.code == 130
    assert result.err.strip().splitlines()[-1] == "ibpaudit: onderbroken"


MISSHAPEN = """
from ibpaudit import hookimpl
from ibpaudit.model import CheckType, ReportFormat, Text


@hookimpl
def ibpaudit_check_types():
    return [CheckType("scheef", lambda c, p: None, "geen schema", Text("s", "s")), "x"]


@hookimpl
def ibpaudit_report_formats():
    return [ReportFormat("uitbraak", "../../buiten.txt", lambda r, o: b"x", Text("u", "u"))]
"""


def test_a_misshapen_check_type_or_report_is_the_plugins_failure(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    _plugin(board, "scheef", MISSHAPEN)
    out = tmp_path / "a" / "b" / "out"
    result = cli("run", str(board), "-o", str(out), "--format", "json", "--lang", "en")

    assert result.code == ExitCode.EVIDENCE_ERROR, result.err
    assert "Traceback" not in result.err
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    messages = [p["message"]["en"] for p in document["problems"] if p["source"] == "scheef"]
    assert any("schema must be a mapping" in m for m in messages)
    assert any("returned str" in m for m in messages)
    # Report formats are asked for when reports are written, after results.json exists.
    assert "'../../buiten.txt' is not a plain name" in result.err
    assert not (tmp_path / "a" / "buiten.txt").exists()


def test_a_disabled_plugin_is_never_imported_by_any_command(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    """The plugin leaves a mark beside itself when it is imported: with
    ``plugins.uitschakelen`` no command may import it, ``run`` included."""
    _plugin(
        board, "marks", "from pathlib import Path\nPath(__file__).with_suffix('.loaded').touch()\n"
    )
    mark = board / "plugins" / "marks.loaded"
    cli("controls", str(board))
    assert mark.is_file()  # enabled: every command imports it
    mark.unlink()

    update_config(board, {"plugins": {"uitschakelen": ["marks"]}})
    out = tmp_path / "out"
    for command in (
        ("run", str(board), "-o", str(out), "--format", "json", "-q"),
        ("validate", str(board)),
        ("controls", str(board)),
        ("test-controls", str(board)),
    ):
        cli(*command)
        assert not mark.exists(), command
    names = [p["name"] for p in json.loads((out / "results.json").read_text())["plugins"]]
    assert "marks" not in names


def _impls(pm: pluggy.PluginManager, plugin: object) -> set[tuple[str, object]]:
    return {
        (caller.name, impl.function)
        for caller in pm.get_hookcallers(plugin) or ()
        for impl in caller.get_hookimpls()
        if impl.plugin is plugin
    }


def test_a_builtin_registers_the_same_hooks_as_pluggy_finds() -> None:
    """The built-ins are registered asking only about ``ibpaudit_*`` names: every hook
    implementation pluggy itself would find in them is still found (one named otherwise,
    with ``specname=``, would be missed, and this fails)."""
    for name, module_name in plugins.BUILTIN_PLUGINS:
        module = importlib.import_module(module_name)
        ours, pluggy_own = plugins._Manager(plugins.PROJECT), pluggy.PluginManager(plugins.PROJECT)
        for pm in (ours, pluggy_own):
            pm.add_hookspecs(hookspecs)
            pm.register(module, name=name)
        assert _impls(ours, module) == _impls(pluggy_own, module) != set(), name


def test_a_plugin_of_any_other_origin_may_name_its_hook_by_specname() -> None:
    class Plugin:
        @hookimpl(specname="ibpaudit_report_formats")
        def formats(self) -> list[ReportFormat]:
            return [ReportFormat("odd", "odd.txt", lambda r, o: b"", Text("o", "o"))]

    built = plugins.none()
    built.pm.register(Plugin(), name="odd")
    assert "odd" in built.report_formats()


def test_the_commonest_evidence_meets_its_reader_first_and_the_listing_keeps_its_order() -> None:
    """pluggy asks the plugin registered last first: csv, Markdown and YAML files reach
    their reader before the Office and PDF readers are asked; a reader from outside is
    still asked before every built-in one; the plugins are listed as declared."""

    class Outside:
        @hookimpl
        def ibpaudit_read_evidence(self, path: Path, file: object, limits: object) -> None:
            return None

    built = plugins.build(None, entry_points_too=False, extra_plugins=[Outside()])
    asked = [i.plugin_name for i in built.pm.hook.ibpaudit_read_evidence.get_hookimpls()]
    assert asked[::-1][:4] == ["Outside", "csv", "markdown", "yaml"]
    assert {"spreadsheet", "word", "pdf"} == set(asked[::-1][4:])
    builtins = [i.name for i in built.infos if i.origin == "builtin"]
    assert builtins == [name for name, _ in plugins.BUILTIN_PLUGINS]
