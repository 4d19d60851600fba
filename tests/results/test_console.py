"""What ``ibpaudit run`` prints: findings grouped per control without repeats, each with
the level it stands in the way of, and a short account of a dossier just begun."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.errors import ExitCode
from ibpaudit.results.console import DETAILED_CONTROLS, control_lines, summary_lines
from support import EXAMPLE_BOARD, Cli


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from ibpaudit.cli import main

    out = tmp_path_factory.mktemp("example")
    main(["run", str(EXAMPLE_BOARD), "-o", str(out), "--format", "json", "-q"])
    document: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return document


def _control(document: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(c for c in document["controls"] if c["id"].startswith(prefix))


def test_each_finding_names_its_level(example: dict[str, Any]) -> None:
    lines = list(control_lines(_control(example, "PV.P02"), "nl"))
    assert lines[0].startswith("GEFAALD") and "PV.P02-verwerkersovereenkomsten" in lines[0]
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["- niveau 3", "- niveau 4"]
    english = list(control_lines(_control(example, "PV.P02"), "en"))
    assert english[1].strip().startswith("- level 3:")


def test_the_same_finding_is_shown_once_with_a_count(example: dict[str, Any]) -> None:
    control = copy.deepcopy(_control(example, "GB.02"))
    failing = next(c for c in control["checks"] if c["findings"])
    failing["findings"] = failing["findings"] * 3
    lines = list(control_lines(control, "nl"))
    assert len(lines) == 2
    assert lines[1].endswith("(3x)")


def test_at_most_three_distinct_findings_then_a_count(example: dict[str, Any]) -> None:
    control = copy.deepcopy(_control(example, "GB.02"))
    check = next(c for c in control["checks"] if c["findings"])
    template = check["findings"][0]
    check["findings"] = [
        {**template, "message": {"nl": f"bevinding {i}", "en": f"finding {i}"}} for i in range(5)
    ]
    lines = list(control_lines(control, "en"))
    assert len(lines) == 1 + 3 + 1
    assert lines[-1].strip() == "(+2 more)"


def test_a_new_dossier_is_summed_up_per_domain(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "leeg"
    root.mkdir()
    (root / "ibpaudit.yaml").write_text("bestuur: Leeg\n", encoding="utf-8")
    result = cli("run", str(root), "-o", str(tmp_path / "out"))
    assert result.code == ExitCode.FAILED
    lines = result.err.splitlines()
    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    failed = [c for c in document["controls"] if c["status"] == "failed"]
    assert len(failed) > DETAILED_CONTROLS
    domains = {c["domain"] for c in failed}
    assert len(lines) <= len(domains) + 5  # a line per domain, a pointer, manifest, summary
    assert len(set(lines)) == len(lines)  # no repeats
    for domain in domains:
        assert any(line.split()[1] == domain for line in lines if line.startswith("GEFAALD"))
    assert any("report.html" in line and "--verbose" in line for line in lines)
    verbose = cli("run", str(root), "-o", str(tmp_path / "out2"), "--verbose")
    assert sum(1 for line in verbose.err.splitlines() if line.startswith("GEFAALD")) == len(failed)


def test_errors_are_listed_one_by_one_even_among_many_failures(
    example: dict[str, Any],
) -> None:
    document = copy.deepcopy(example)
    for control in document["controls"]:
        control["status"] = "failed"
    document["controls"][0]["status"] = "error"
    lines = list(summary_lines(document, [], "nl"))
    assert lines[0].startswith("FOUT") and document["controls"][0]["id"] in lines[0]
    assert not any(line.startswith("GEFAALD") and "niveau" in line for line in lines)
