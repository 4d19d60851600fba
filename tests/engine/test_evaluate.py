"""Judging controls: what checks share within one audit (``CheckContext.shared``) is
shared by every control of that audit and by no other audit, so a process that audits
many boards (a sector run) never judges one board with another board's data; findings on
a row that names a school carry it, and are copied only then."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ibpaudit import engine, hookimpl, testing
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.engine.evaluate import _board_headers, _name_schools
from ibpaudit.engine.run_cache import RunCache
from ibpaudit.model import (
    CheckContext,
    CheckOutcome,
    CheckResult,
    CheckSpec,
    CheckType,
    Finding,
    Limits,
    Location,
    Shared,
    Status,
    Text,
)
from support import EXAMPLE_BOARD

CONTROL = """id: XX.01-gedeeld
norm: GO.02
title: {nl: Gedeeld, en: Shared}
severity: low
levels:
  2:
    - check: telt_applicaties
  3:
    - check: telt_applicaties
"""


class CountingApplications:
    """A check type that counts the board's applications once per run (``ctx.shared``)
    and remembers what it saw."""

    def __init__(self) -> None:
        self.stores: list[Shared] = []
        self.made = 0

    def evaluate(self, ctx: CheckContext, params: Mapping[str, Any]) -> CheckOutcome:
        (ev,) = ctx.dossier.registers("applicaties")

        def count() -> int:
            self.made += 1
            return len(ev.records)

        self.stores.append(ctx.shared)
        rows = ctx.shared.get(("test.applications",), count, ev.records)
        return CheckOutcome((Finding(Status.FAILED, Text(str(rows), str(rows))),))

    @hookimpl
    def ibpaudit_check_types(self) -> list[CheckType]:
        return [CheckType("telt_applicaties", self.evaluate, {"type": "object"}, Text("t", "t"))]


def _board(target: Path, extra_applications: int) -> Path:
    shutil.copytree(EXAMPLE_BOARD, target)
    (target / "controls").mkdir()
    (target / "controls" / "XX.01-gedeeld.yaml").write_text(CONTROL, encoding="utf-8")
    register = target / "registers" / "applicaties.csv"
    extra = "".join(
        f"App {i},Leverancier {i},Product {i},ja,privacy officer,alle\n"
        for i in range(extra_applications)
    )
    register.write_text(register.read_text(encoding="utf-8-sig") + extra, encoding="utf-8")
    return target


def _counted(document: Mapping[str, Any]) -> list[str]:
    (control,) = [c for c in document["controls"] if c["id"] == "XX.01-gedeeld"]
    return [f["message"]["en"] for check in control["checks"] for f in check["findings"]]


def test_checks_share_within_an_audit_and_never_across_audits(tmp_path: Path) -> None:
    probe = CountingApplications()
    small, large = _board(tmp_path / "klein", 0), _board(tmp_path / "groot", 5)
    in_example = (
        len((EXAMPLE_BOARD / "registers" / "applicaties.csv").read_text("utf-8-sig").splitlines())
        - 1
    )

    first = engine.audit(engine.open_run(small, extra_plugins=[probe]))
    assert probe.made == 1  # two checks, one count
    assert len(probe.stores) == 2 and probe.stores[0] is probe.stores[1]
    assert len(probe.stores[0]) == 0  # emptied once the audit's controls were judged

    second = engine.audit(engine.open_run(large, extra_plugins=[probe]))
    assert probe.made == 2
    assert probe.stores[2] is not probe.stores[0]
    assert len(probe.stores[2]) == 0
    assert _counted(first) == [str(in_example)] * 2
    assert _counted(second) == [str(in_example + 5)] * 2


# --- findings on register rows name their school -----------------------------------------

SCHOOLS = """scholen:
  - {brin: 00AA, naam: De Klimop}
  - {brin: 00AB, naam: Het Kompas}
"""
APPS = "applicatie;school\nLAS;00AA\nBord;alle\n"


def _result(*findings: Finding) -> CheckResult:
    spec = CheckSpec(2, 0, "register", {}, None)
    return CheckResult(spec, "test", Text("t", "t"), CheckOutcome(findings), 0.0)


def _finding(location: Location | None, school: str | None = None) -> Finding:
    return Finding(Status.FAILED, Text("f", "f"), location, school)


def test_a_finding_is_copied_only_when_its_row_names_a_school(tmp_path: Path) -> None:
    testing.write_dossier(
        tmp_path, {"organisatie.yaml": SCHOOLS, "registers/applicaties.csv": APPS}
    )
    dossier = Dossier.load(tmp_path, load_config(tmp_path), plugins.build(tmp_path), Limits())
    cache = RunCache(dossier)
    path = "registers/applicaties.csv"
    las, board_wide = _finding(Location(path, row=2)), _finding(Location(path, row=3))
    unplaced, already = _finding(None), _finding(Location(path, row=2), school="00AB")

    named = _name_schools(_result(las, board_wide, unplaced, already), cache).outcome.findings

    assert named[0] == replace(las, school="00AA")
    assert named[1] is board_wide and named[2] is unplaced and named[3] is already
    untouched = _result(board_wide, unplaced)
    assert _name_schools(untouched, cache) is untouched  # nothing named: nothing copied


def test_findings_keep_their_words_where_no_headers_are_mapped(tmp_path: Path) -> None:
    testing.write_dossier(tmp_path, {"registers/applicaties.csv": APPS})
    dossier = Dossier.load(tmp_path, load_config(tmp_path), plugins.build(tmp_path), Limits())
    result = _result(_finding(Location("registers/applicaties.csv", row=2)), _finding(None))

    assert _board_headers(result, dossier) is result
