"""Judging one control: run its checks (once per school for ``scope: school``), judge the
age of its evidence, and turn the levels its checks reach into a verdict.

Everything a control is judged against is one :class:`Judge` for the whole run, so
``ibpaudit run``, ``validate``, ``test-controls`` and the pytest plugin judge alike."""

from __future__ import annotations

import operator
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ibpaudit.dossier import Dossier
from ibpaudit.engine import staleness
from ibpaudit.engine.plugins import Plugins
from ibpaudit.engine.run_cache import RunCache
from ibpaudit.i18n import Text, text
from ibpaudit.model import (
    BoardConfig,
    CheckContext,
    CheckOutcome,
    CheckResult,
    CheckSpec,
    CheckType,
    Control,
    ControlResult,
    Finding,
    Location,
    School,
    Shared,
    Status,
    Waiver,
    rowfindings,
)
from ibpaudit.values import parse_duration


@dataclass(frozen=True)
class Judge:
    """What every control of one run is judged against: the dossier (and its per-school
    views), the check types on offer, the as-of date, the target level and the waivers;
    ``shared`` holds what several checks compute alike (emptied when the audit's controls
    are judged: :meth:`finish`)."""

    dossier: Dossier
    cache: RunCache
    check_types: Mapping[str, tuple[CheckType, str]]
    plugins: Plugins
    as_of: date
    target: int
    reference: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Any]
    waivers: Mapping[str, Waiver]
    shared: Shared = field(default_factory=Shared)

    def context(self, control: Control) -> CheckContext:
        return CheckContext(
            self.dossier, self.as_of, control, self.reference, self.options, self.shared
        )

    def finish(self) -> None:
        """Every control is judged: let go of what the checks shared (a register's
        selected rows, an index), so no later audit in this process can see it."""
        self.shared.clear()


def skip_reason(control: Control, config: BoardConfig) -> Text | None:
    if control.id in config.skip or control.norm in config.skip:
        reason = config.skip.get(control.id) or config.skip[control.norm]
        return text("overgeslagen: {r}", "skipped: {r}", r=reason)
    if config.sector and not any(s in control.sectors for s in config.sector.split("-")):
        return text(
            "niet van toepassing op sector '{s}'",
            "not applicable to sector '{s}'",
            s=config.sector,
        )
    return None


def run_check(
    spec: CheckSpec,
    check_types: Mapping[str, tuple[CheckType, str]],
    ctx: CheckContext,
    plugins: Plugins,
) -> CheckResult:
    found = check_types.get(spec.type)
    started = time.perf_counter()
    if found is None:
        failed_plugins = ", ".join(p.plugin for p in plugins.problems) or "-"
        outcome = CheckOutcome(
            (
                Finding(
                    Status.ERROR,
                    text(
                        "geen plugin biedt check type '{t}' (plugins met fouten: {p})",
                        "no plugin offers check type '{t}' (plugins with errors: {p})",
                        t=spec.type,
                        p=failed_plugins,
                    ),
                ),
            )
        )
        return CheckResult(spec, None, spec.description or text(spec.type, spec.type), outcome, 0.0)
    check_type, plugin = found
    try:
        outcome = check_type.evaluate(ctx, spec.params)
    except (Exception, SystemExit) as exc:  # a check's bug: this check *errors*, not the run
        outcome = CheckOutcome(
            (
                Finding(
                    Status.ERROR,
                    text(
                        "check type '{t}' van plugin '{p}' faalde: {e}",
                        "check type '{t}' from plugin '{p}' crashed: {e}",
                        t=spec.type,
                        p=plugin,
                        e=f"{type(exc).__name__}: {exc}",
                    ),
                ),
            )
        )
    elapsed = (time.perf_counter() - started) * 1000
    return CheckResult(spec, plugin, spec.description or check_type.description, outcome, elapsed)


def level_reached(checks: Sequence[CheckResult]) -> tuple[int, bool]:
    """The highest level whose checks, and all lower ones, pass; and whether an
    *error* stopped the climb (the level is then a lower bound)."""
    reached = 1
    for level in sorted({c.spec.level for c in checks}):
        statuses = [c.status for c in checks if c.spec.level == level]
        if Status.ERROR in statuses:
            return reached, True
        if Status.FAILED in statuses:
            return reached, False
        reached = level
    return reached, False


def _verdict(reached: int, blocked: bool, target: int) -> tuple[Status, Text | None]:
    if reached >= target:
        if blocked:
            return Status.PASSED, text(
                "niveau {r} behaald; hogere niveaus niet te beoordelen door een fout",
                "level {r} reached; higher levels cannot be judged because of an error",
                r=reached,
            )
        return Status.PASSED, None
    if blocked:
        return Status.ERROR, text(
            "bewijs kon niet worden beoordeeld; zie de fouten",
            "evidence could not be judged; see the errors",
        )
    return Status.FAILED, text(
        "niveau {r} behaald, doel is {t}", "level {r} reached, target is {t}", r=reached, t=target
    )


def control_verdict(
    reached: int, blocked: bool, target: int, stale: bool, waiver: Waiver | None, as_of: date
) -> tuple[Status, Text | None]:
    """A control's status and reason from the level it reached, whether an error stopped
    the climb, whether its evidence is stale, and the waiver that may cover it."""
    status, reason = _verdict(reached, blocked, target)
    if stale and status is not Status.PASSED:
        reason = text("verouderd bewijs; zie de bevindingen", "stale evidence; see the findings")
    if status is Status.FAILED and waiver is not None:
        if waiver.active(as_of):
            status = Status.WAIVED
            reason = text(
                "ontheffing tot en met {d}, goedgekeurd door {a}: {r}",
                "waived until {d} inclusive, approved by {a}: {r}",
                d=waiver.expires.isoformat(),
                a=waiver.approved_by,
                r=waiver.reason,
            )
        else:
            reason = text(
                "ontheffing verlopen op {d} (goedgekeurd door {a}); de control faalt weer",
                "waiver expired on {d} (approved by {a}); the control fails again",
                d=waiver.expires.isoformat(),
                a=waiver.approved_by,
            )
    return status, reason


def _for_school(result: CheckResult, school: School) -> CheckResult:
    """A check judged on one school's view: its findings name the school."""
    findings = tuple(
        replace(
            f,
            message=text("{s}: {m}", "{s}: {m}", s=school.label, m=f.message),
            school=school.brin,
        )
        for f in result.outcome.findings
    )
    return replace(result, outcome=replace(result.outcome, findings=findings), school=school.brin)


def _board_headers(result: CheckResult, dossier: Dossier) -> CheckResult:
    """Findings on a register whose headers ``bewijs.kolommen`` maps name the board's own
    header ('Datum ondertekening'), not the column the control reads ('ondertekend_op')."""
    if not result.outcome.findings:
        return result
    # Headers looked up once per file; most files have no mapped headers at all.
    by_path: dict[str, Mapping[str, str]] = {
        path: dossier.headers(path) for path, _ in rowfindings.files(result.outcome.findings)
    }
    if not any(by_path.values()):
        return result  # no file with mapped headers: every finding as it was
    changed = []
    for finding in result.outcome.findings:
        headers = by_path[finding.location.path] if finding.location is not None else {}
        if not headers:
            changed.append(finding)
            continue
        message = finding.message
        for column, header in headers.items():
            quoted, own = f"'{column}'", f"'{header}'"
            message = Text(message.nl.replace(quoted, own), message.en.replace(quoted, own))
        changed.append(replace(finding, message=message) if message != finding.message else finding)
    return replace(result, outcome=replace(result.outcome, findings=tuple(changed)))


def _name_schools(result: CheckResult, scope: RunCache) -> CheckResult:
    """Findings on a register row that names one school carry that school (a finding is
    copied only when a school is found)."""
    if not result.outcome.findings or not scope.schools:
        return result
    tables: dict[tuple[str, str | None], bool] = {  # which files can name a school
        table: scope.names_schools(*table)
        for table in rowfindings.files(result.outcome.findings, without_school=True)
    }
    if not any(tables.values()):
        return result  # no finding can be given a school
    parts = rowfindings.parts_of(result.outcome.findings)
    named = [_schools_named(part, tables, scope) for part in parts]
    if all(map(operator.is_, named, parts)):
        return result
    return replace(
        result, outcome=replace(result.outcome, findings=rowfindings.Findings.of(*named))
    )


def _schools_named(
    part: Sequence[Finding], tables: Mapping[tuple[str, str | None], bool], scope: RunCache
) -> Sequence[Finding]:
    """``part`` with each finding on a row that names one school given that school;
    ``part`` itself when none is found. Findings on rows are asked through their rows,
    without making them unless a school is found."""
    if isinstance(part, rowfindings.RowFindings):
        brins = [
            scope.school_of(record.place()) if tables[record.file] else None
            for record in part.records
        ]
    else:
        brins = [
            scope.school_of(f.location)
            if f.school is None
            and f.location is not None
            and tables[f.location.path, f.location.sheet]
            else None
            for f in part
        ]
    if not any(brins):
        return part
    return tuple(
        finding if brin is None else replace(finding, school=brin)
        for finding, brin in zip(part, brins, strict=True)
    )


def _evidence_age(
    control: Control, checks: Sequence[CheckResult], ctx: CheckContext, scope: RunCache
) -> CheckResult:
    """The verdict on how old the control's evidence is (``max_evidence_age``)."""
    assert control.max_evidence_age is not None
    started = time.perf_counter()
    paths = dict.fromkeys(
        path
        for c in checks
        for path in (
            *(loc.path for loc in c.outcome.evidence),
            *(path for path, _ in rowfindings.files(c.outcome.findings)),
        )
    )
    evidence = [ev for path in paths if (ev := scope.dossier.get(path)) is not None]
    findings = staleness.stale_findings(
        control.max_evidence_age,
        control.stale_status,
        evidence,
        ctx.as_of,
        scope.git(),
        scope.git_problem(),
    )
    level = min(control.levels) if control.levels else 2
    duration = parse_duration(control.max_evidence_age)
    description = text(
        "Het bewijs is niet ouder dan {a}",
        "The evidence is no older than {a}",
        a=Text(nl=duration.describe("nl"), en=duration.describe("en")),
    )
    index = len([c for c in control.checks if c.level == level])
    spec = CheckSpec(level, index, "evidence_age", {}, description)
    outcome = CheckOutcome(
        tuple(findings), tuple(Location(ev.file.path, ev.file.sha256) for ev in evidence)
    )
    elapsed = (time.perf_counter() - started) * 1000
    return CheckResult(spec, "ibpaudit", description, outcome, elapsed)


def evaluate_control(control: Control, judge: Judge) -> ControlResult:
    """Run a control's checks (once per school for ``scope: school``), judge the age of
    its evidence when it sets ``max_evidence_age``, and give the verdict."""
    started = time.perf_counter()
    ctx = judge.context(control)
    cache = judge.cache
    per_school: list[tuple[str, Status, int | None]] = []
    checks: list[CheckResult] = []
    if control.scope == "school" and cache.schools:
        for school in cache.schools:
            school_ctx = replace(ctx, dossier=cache.view(school))
            own = [
                _for_school(
                    _board_headers(
                        run_check(spec, judge.check_types, school_ctx, judge.plugins),
                        judge.dossier,
                    ),
                    school,
                )
                for spec in control.checks
            ]
            reached_here, blocked_here = level_reached(own)
            per_school.append(
                (school.brin, _verdict(reached_here, blocked_here, judge.target)[0], reached_here)
            )
            checks += own
    else:
        checks = [
            _name_schools(
                _board_headers(
                    run_check(spec, judge.check_types, ctx, judge.plugins), judge.dossier
                ),
                cache,
            )
            for spec in control.checks
        ]
    stale = False
    if control.max_evidence_age is not None:
        age = _evidence_age(control, checks, ctx, cache)
        stale = bool(age.outcome.findings)
        checks.append(age)
    reached, blocked = level_reached(checks)
    waiver = judge.waivers.get(control.id)
    status, reason = control_verdict(reached, blocked, judge.target, stale, waiver, ctx.as_of)
    elapsed = (time.perf_counter() - started) * 1000
    return ControlResult(
        control,
        status,
        reached,
        judge.target,
        tuple(checks),
        reason,
        waiver,
        elapsed,
        stale,
        tuple(per_school),
    )


def skipped_result(control: Control, target: int, reason: Text) -> ControlResult:
    return ControlResult(control, Status.SKIPPED, None, target, (), reason, None, 0.0)
