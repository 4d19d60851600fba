"""The example third-party plugin (plugins/ibpaudit_markdown_summary.py): loaded the way a
board would use it, from the ``plugins/`` folder beside its ``ibpaudit.yaml``, and
rendering a Markdown summary that no text from the evidence can break."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ibpaudit.cli import main
from ibpaudit.models import Lang, ReportOptions

PROJECT = Path(__file__).resolve().parents[2]
PLUGIN = PROJECT / "plugins" / "ibpaudit_markdown_summary.py"
BOARD_NAME = "Stichting Voorbeeldscholen | Noord"
PIPED_BREACH = "DL|2026|001"
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Run:
    code: int
    document: dict[str, Any]
    summary: bytes


@pytest.fixture(scope="module")
def plugin() -> ModuleType:
    spec = importlib.util.spec_from_file_location("markdown_summary_under_test", PLUGIN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The example board with pipes in its name and in a breach's reference, and the
    plugin in its local plugins/ folder; ``ibpaudit run --format json,markdown``."""
    board = tmp_path_factory.mktemp("markdown") / "board"
    shutil.copytree(PROJECT / "evidence", board)
    config = board / "ibpaudit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "bestuur: Stichting Voorbeeldscholen\n", f"bestuur: {json.dumps(BOARD_NAME)}\n"
        ),
        encoding="utf-8",
    )
    breaches = board / "registers" / "datalekken.yaml"
    breaches.write_text(
        breaches.read_text(encoding="utf-8").replace(
            "kenmerk: DL-2026-001", f'kenmerk: "{PIPED_BREACH}"'
        ),
        encoding="utf-8",
    )
    (board / "plugins").mkdir()
    shutil.copy(PLUGIN, board / "plugins")
    out = board.parent / "reports"

    code = main(["run", str(board), "-o", str(out), "-q", "--format", "json,markdown"])

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return Run(code, document, (out / "summary.md").read_bytes())


@pytest.fixture
def document(run: Run) -> dict[str, Any]:
    assert run.document["board"]["name"] == BOARD_NAME
    return copy.deepcopy(run.document)


def render(plugin: ModuleType, document: dict[str, Any], lang: Lang | None = None) -> str:
    """``lang=None``: the default options."""
    options = ReportOptions() if lang is None else ReportOptions(lang=lang)
    body: bytes = plugin.render(document, options)
    return body.decode("utf-8")


def rows(summary: str) -> list[str]:
    """The table rows below the header and the |---| line."""
    lines = summary.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|---"))
    return [line for line in lines[start + 1 :] if line.startswith("|")]


def first_finding(control: dict[str, Any]) -> dict[str, Any]:
    return next(f for k in control["checks"] for f in k["findings"])


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def test_loads_as_a_local_plugin_and_writes_summary_md(run: Run, plugin: ModuleType) -> None:
    assert run.code == 1
    local = {"name": "ibpaudit_markdown_summary", "version": "local", "origin": "local"}
    assert local in run.document["plugins"]
    assert run.summary == plugin.render(run.document, ReportOptions())


def test_heading_and_counts(plugin: ModuleType, document: dict[str, Any]) -> None:
    summary = render(plugin, document)
    s = document["summary"]

    lines = summary.splitlines()
    assert lines[0] == "## IBP-audit: Stichting Voorbeeldscholen \\| Noord"
    assert lines[2] == (
        f"peildatum 2026-11-23 · {s['norms_at_target']}/{s['norms']} normen op doelniveau · "
        f"✅ {s['passed']} · ❌ {s['failed']} · ⚠️ {s['error']} · ⏭️ {s['skipped']} · "
        f"🟡 {s['waived']}"
    )


def test_failed_controls_are_listed_with_their_first_finding(
    plugin: ModuleType, document: dict[str, Any]
) -> None:
    failed = [c for c in document["controls"] if c["status"] == "failed"]
    assert len(failed) == 2

    table = rows(render(plugin, document))

    assert len(table) == len(failed)
    for row, control in zip(table, failed, strict=True):
        first = first_finding(control)
        assert row.startswith(f"| ❌ | `{control['id']}` {cell(control['title']['nl'])} |")
        assert f"| {control['level_reached']}/{control['target_level']} |" in row
        assert row.endswith(f"| {cell(first['message']['nl'])} (`{first['location']['path']}`) |")
    pv02 = next(c for c in failed if c["id"] == "PV.P02-verwerkersovereenkomsten")
    second = [f for k in pv02["checks"] for f in k["findings"]][1]
    assert cell(second["message"]["nl"]) not in table[1]


def test_passed_and_waived_controls_are_not_listed(
    plugin: ModuleType, document: dict[str, Any]
) -> None:
    summary = render(plugin, document)

    for control in document["controls"]:
        if control["status"] in ("passed", "waived"):
            assert control["id"] not in summary


def test_error_controls_are_listed_too(plugin: ModuleType, document: dict[str, Any]) -> None:
    target = document["controls"][1]
    target["status"] = "error"
    target["level_reached"] = None
    target["checks"][0]["findings"] = [
        {"status": "error", "message": {"nl": "onleesbaar | kapot", "en": "unreadable | broken"}}
    ]

    table = rows(render(plugin, document))

    (row,) = [r for r in table if f"`{target['id']}`" in r]
    assert row.startswith("| ⚠️ |")
    assert f"| –/{target['target_level']} |" in row
    assert row.endswith("| onleesbaar \\| kapot |")


def test_pipes_in_evidence_text_are_escaped(plugin: ModuleType, document: dict[str, Any]) -> None:
    summary = render(plugin, document)
    table = rows(summary)

    assert [len(UNESCAPED_PIPE.findall(row)) for row in table] == [5] * len(table)
    (gb02,) = [r for r in table if "`GB.02-datalekken`" in r]
    assert "DL\\|2026\\|001: meldplichtig lek" in gb02
    assert PIPED_BREACH not in summary


def test_english(plugin: ModuleType, document: dict[str, Any]) -> None:
    summary = render(plugin, document, "en")
    gb02 = next(c for c in document["controls"] if c["id"] == "GB.02-datalekken")

    assert summary.startswith("## IBP audit: ")
    assert "as of 2026-11-23" in summary and "norms at target" in summary
    assert "### Controls that do not pass" in summary
    assert "| | Control | Level | First finding |" in summary
    assert cell(first_finding(gb02)["message"]["en"]) in summary
    assert "peildatum" not in summary


def test_all_pass(plugin: ModuleType, document: dict[str, Any]) -> None:
    for control in document["controls"]:
        control["status"] = "passed"

    summary = render(plugin, document)

    assert summary.endswith("\nAlle maatregelen voldoen.\n")
    assert "|---" not in summary
