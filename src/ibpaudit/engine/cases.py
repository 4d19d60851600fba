"""Rule tests: every control ships with a passing and a failing dossier fragment.

A catalog folder may hold ``cases/<control-id>/<kind>/`` where ``kind`` is ``pass`` or
``fail`` (optionally with a suffix: ``fail-te-laat``). Each is a small dossier: the
files a control reads, nothing else. ``cases/ibpaudit.yaml`` gives the settings every
case shares (a fixed ``peildatum``, the sector); a case may bring its own
``ibpaudit.yaml`` instead. A *pass* case must reach the target level; a *fail* case must
be judged *failed* (not *error*: a control that cannot read its own fixture is broken).

The catalog and the plugins are loaded once; each case is read and judged by the same
engine code as ``ibpaudit run``, one control at a time.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ibpaudit import engine
from ibpaudit.catalog import label_for
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import CONFIG_FILE, load_config
from ibpaudit.engine.evaluate import evaluate_control
from ibpaudit.engine.run import Run
from ibpaudit.model import Catalog, Control, Status

CASES = "cases"
KINDS = ("pass", "fail")


@dataclass(frozen=True)
class Case:
    control_id: str
    kind: str  # pass | fail
    name: str  # folder name, e.g. fail-te-laat
    path: Path
    label: str  # for messages: ibpaudit:controls/cases/GO.02-beleid/pass


@dataclass(frozen=True)
class CaseResult:
    case: Case
    expected: Status
    status: Status
    level_reached: int | None
    messages: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.status is self.expected


def find_cases(dirs: Sequence[Path], root: Path | None) -> list[Case]:
    """Every case folder below the catalog folders, later folders overriding earlier
    ones for the same control and case name (as controls do)."""
    found: dict[tuple[str, str], Case] = {}
    for base in dirs:
        folder = base / CASES
        if not folder.is_dir():
            continue
        for control_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            for case_dir in sorted(p for p in control_dir.iterdir() if p.is_dir()):
                kind = case_dir.name.split("-", 1)[0]
                if kind not in KINDS:
                    continue
                label = label_for(case_dir, base, root)
                found[(control_dir.name, case_dir.name)] = Case(
                    control_dir.name, kind, case_dir.name, case_dir, label
                )
    return [found[key] for key in sorted(found)]


def _settings(case: Case) -> str:
    """The case's own ibpaudit.yaml, else the shared cases/ibpaudit.yaml, as text."""
    for candidate in (case.path / CONFIG_FILE, case.path.parent.parent / CONFIG_FILE):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return ""


def run_case(case: Case, control: Control, catalog: Catalog, run: Run) -> CaseResult:
    """Judge ``control`` on a private copy of the case folder (evidence is never touched),
    exactly as ``ibpaudit run`` judges it: the case's own settings (as-of date, sector,
    target level, limits), its schools (``scope: school``) and the age of its evidence."""
    expected = Status.PASSED if case.kind == "pass" else Status.FAILED
    with tempfile.TemporaryDirectory(prefix="ibpaudit-case-") as tmp:
        root = Path(tmp) / "dossier"
        shutil.copytree(case.path, root)
        (root / CONFIG_FILE).write_text(_settings(case), encoding="utf-8")
        config = load_config(root)
        case_run = replace(run, root=root, config=config).configure(
            plugin_options=run.options.plugin_options
        )
        dossier = Dossier.load(root, config, run.plugins, case_run.options.limits)
        result = evaluate_control(control, engine.judge_for(case_run, dossier, catalog))
    messages = tuple(
        f"[{check.spec.level}] {finding.message.en}"
        for check in result.checks
        for finding in check.outcome.findings
    )
    return CaseResult(case, expected, result.status, result.level_reached, messages)


def run_all(run: Run, root: Path | None) -> tuple[list[CaseResult], list[str], list[str]]:
    """All cases of the catalog: results, cases without a control, controls missing a
    pass or a fail case."""
    catalog = engine.load_catalog(run.plugins, root)
    controls = {c.id: c for c in catalog.controls}
    cases = find_cases(run.plugins.catalog_dirs(root), root)
    results = [
        run_case(case, controls[case.control_id], catalog, run)
        for case in cases
        if case.control_id in controls
    ]
    orphans = sorted({c.label for c in cases if c.control_id not in controls})
    kinds: dict[str, set[str]] = {}
    for case in cases:
        kinds.setdefault(case.control_id, set()).add(case.kind)
    incomplete = sorted(cid for cid in controls if kinds.get(cid, set()) != set(KINDS))
    return results, orphans, incomplete


def iter_report(results: Sequence[CaseResult], lang: str = "nl") -> Iterator[str]:
    """One line per case (and its messages when it went wrong), in ``lang``."""
    level, expected = ("level", "expected") if lang == "en" else ("niveau", "verwacht")
    for result in results:
        mark = "ok  " if result.ok else ("FAIL" if lang == "en" else "FOUT")
        yield (
            f"{mark} {result.case.control_id} {result.case.name}: {result.status.value} "
            f"({level} {result.level_reached}, {expected} {result.expected.value})"
        )
        if not result.ok:
            for message in result.messages:
                yield f"       {message}"
