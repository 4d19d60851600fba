"""load -> collect -> evaluate -> results. The engine calls hooks only; it knows no file
format, check type or report format by name."""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ibpaudit import catalog as catalog_mod
from ibpaudit import inert, results
from ibpaudit.dossier import Dossier
from ibpaudit.dossier.config import CONFIG_FILE, BoardConfig
from ibpaudit.dossier.mapping import load_mapping
from ibpaudit.dossier.waivers import horizon, load_waivers
from ibpaudit.engine import staleness
from ibpaudit.engine.plugins import Plugins
from ibpaudit.engine.redact import Redactor
from ibpaudit.engine.run_cache import RunScope
from ibpaudit.errors import ConfigError, UsageError
from ibpaudit.model import (
    Catalog,
    CheckContext,
    CheckOutcome,
    CheckResult,
    CheckSpec,
    CheckType,
    Control,
    ControlResult,
    Finding,
    Location,
    ReportOptions,
    RunOptions,
    School,
    Status,
    Text,
    Waiver,
    text,
)
from ibpaudit.results import gate as gating
from ibpaudit.results.gate import Selection
from ibpaudit.values import parse_duration


def select(catalog: Catalog, selection: Selection) -> Catalog:
    """The catalog with only the selected controls; an unknown selector is a usage error
    (``--only``/``--skip``) or a configuration error (``controls.alleen``)."""
    known = gating.known_selectors(catalog)
    cli_only = selection.only if selection.only_from == "--only" else ()
    config_only = () if cli_only else selection.only
    for source, selectors, error in (
        ("--only", cli_only, UsageError),
        ("--skip", selection.skip, UsageError),
        (f"{CONFIG_FILE}: controls.alleen", config_only, ConfigError),
    ):
        unknown = gating.unknown_selectors(selectors, known)
        if unknown:
            raise error(f"{source}: {'; '.join(unknown)}")
    if not selection.only and not selection.skip:
        return catalog
    kept = tuple(c for c in catalog.controls if selection.includes(c, gating.domain_of(c, catalog)))
    return replace(catalog, controls=kept)


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


def _name_schools(result: CheckResult, scope: RunScope) -> CheckResult:
    """Findings on a register row that names one school carry that school."""
    if not result.outcome.findings or not scope.schools:
        return result
    findings = tuple(
        f if f.school is not None else replace(f, school=scope.school_of(f.location))
        for f in result.outcome.findings
    )
    return replace(result, outcome=replace(result.outcome, findings=findings))


def _evidence_age(
    control: Control, checks: Sequence[CheckResult], ctx: CheckContext, scope: RunScope
) -> CheckResult:
    """The verdict on how old the control's evidence is (``max_evidence_age``)."""
    assert control.max_evidence_age is not None
    started = time.perf_counter()
    paths = dict.fromkeys(
        loc.path
        for c in checks
        for loc in (*c.outcome.evidence, *(f.location for f in c.outcome.findings if f.location))
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


def evaluate_control(
    control: Control,
    ctx: CheckContext,
    check_types: Mapping[str, tuple[CheckType, str]],
    plugins: Plugins,
    target: int,
    waiver: Waiver | None,
    scope: RunScope | None = None,
) -> ControlResult:
    """Run a control's checks (once per school for ``scope: school``), judge the age of
    its evidence when it sets ``max_evidence_age``, and give the verdict."""
    started = time.perf_counter()
    per_school: list[tuple[str, Status, int | None]] = []
    checks: list[CheckResult] = []
    if control.scope == "school" and scope is not None and scope.schools:
        for school in scope.schools:
            school_ctx = replace(ctx, dossier=scope.view(school))
            own = [
                _for_school(run_check(spec, check_types, school_ctx, plugins), school)
                for spec in control.checks
            ]
            reached_here, blocked_here = level_reached(own)
            per_school.append(
                (school.brin, _verdict(reached_here, blocked_here, target)[0], reached_here)
            )
            checks += own
    else:
        checks = [run_check(spec, check_types, ctx, plugins) for spec in control.checks]
        if scope is not None:
            checks = [_name_schools(c, scope) for c in checks]
    stale = False
    if control.max_evidence_age is not None and scope is not None:
        age = _evidence_age(control, checks, ctx, scope)
        stale = bool(age.outcome.findings)
        checks.append(age)
    reached, blocked = level_reached(checks)
    status, reason = control_verdict(reached, blocked, target, stale, waiver, ctx.as_of)
    elapsed = (time.perf_counter() - started) * 1000
    return ControlResult(
        control,
        status,
        reached,
        target,
        tuple(checks),
        reason,
        waiver,
        elapsed,
        stale,
        tuple(per_school),
    )


def skipped_result(control: Control, target: int, reason: Text) -> ControlResult:
    return ControlResult(control, Status.SKIPPED, None, target, (), reason, None, 0.0)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading a register builds one record per row; these hold no reference cycles, so
    the cycle collector only costs time here (a third of it on a 100,000-row sheet).
    Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_catalog(plugins: Plugins, root: Path | None) -> Catalog:
    check_types = {name: ct for name, (ct, _) in plugins.check_types().items()}
    return catalog_mod.load(
        plugins.catalog_dirs(root), check_types, root, refuse_overrides=plugins.as_data
    )


def audit(
    options: RunOptions,
    config: BoardConfig,
    plugins: Plugins,
    selection: Selection | None = None,
) -> dict[str, Any]:
    """Run one audit and return the results document. Controls outside ``selection``
    (default: ``controls.alleen`` in ibpaudit.yaml) are not evaluated and not reported."""
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    root = options.root
    if selection is None:
        selection = Selection(only=config.only, only_from=CONFIG_FILE)
    check_types = plugins.check_types()
    full = load_catalog(plugins, root)
    # Waivers are validated against the whole catalog: one for a control left out of
    # this run is still a valid waiver, it just does not appear in the results.
    all_waivers = load_waivers(
        root, (c.id for c in full.controls), horizon(config.waiver_horizon_months)
    )
    mapping = load_mapping(root, full)
    catalog = select(full, selection)
    in_run = {c.id for c in catalog.controls}
    waivers = {w.control: w for w in all_waivers if w.control in in_run}
    target = options.target_level or config.target_level
    with paused_gc():
        dossier = Dossier.load(root, config, plugins, options.limits)
        scope = RunScope(dossier)
        control_results: list[ControlResult] = []
        for control in catalog.controls:
            reason = skip_reason(control, config)
            if reason is not None:
                control_results.append(skipped_result(control, target, reason))
                continue
            ctx = CheckContext(
                dossier, options.as_of, control, catalog.reference, options.plugin_options
            )
            control_results.append(
                evaluate_control(
                    control, ctx, check_types, plugins, target, waivers.get(control.id), scope
                )
            )
    document = results.build(
        options=options,
        config=config,
        catalog=catalog,
        dossier=dossier,
        controls=control_results,
        waivers=list(waivers.values()),
        plugins=plugins,
        started_at=started_at,
        duration_ms=(time.perf_counter() - clock) * 1000,
        target=target,
        mapping=mapping,
        selection=selection,
        scope=scope,
    )
    # Evidence text is inert in every report: all of them render from this document.
    safe: dict[str, Any] = inert.document(redact(document, dossier, catalog, config, options))
    return safe


def redact(
    document: dict[str, Any],
    dossier: Dossier,
    catalog: Catalog,
    config: BoardConfig,
    options: RunOptions,
) -> dict[str, Any]:
    """Personal data out of the document every report renders from, unless the user
    asked to see it (``--show-personal-data``); the document says which."""
    redactor = Redactor.for_dossier(dossier, config, catalog, not options.show_personal_data)
    if redactor.enabled:
        document = redactor.document(document)
    document["run"]["personal_data"] = "shown" if options.show_personal_data else "redacted"
    document["run"]["redactions"] = redactor.redacted
    document["run"]["personal_data_in_names"] = redactor.names(dossier)
    return document


@dataclass(frozen=True)
class Written:
    """A report this run wrote, and the SHA-256 of the bytes it wrote (not of whatever
    is at that path later: a concurrent run may have replaced it since)."""

    path: Path
    sha256: str


def write_reports(
    document: Mapping[str, Any],
    formats: Sequence[str],
    output_dir: Path,
    plugins: Plugins,
    options: ReportOptions,
) -> list[Written]:
    """Render each requested format from the results document into ``output_dir``."""
    available = plugins.report_formats()
    unknown = [f for f in formats if f not in available]
    if unknown:
        raise ConfigError(
            f"--format: unknown format {', '.join(unknown)}; "
            f"available: {', '.join(sorted(available))}"
        )
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        fmt = available[name]
        try:
            data = fmt.render(document, options)
        except (Exception, SystemExit) as exc:  # a reporter's bug costs its report only
            plugins.fail(name, "render", exc)
            continue
        target = output_dir / fmt.filename
        write_atomically(target, data)
        written.append(Written(target, hashlib.sha256(data).hexdigest()))
    return written


LOCK_FILE = ".ibpaudit.lock"


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder while a run writes its reports and manifest, so that two
    runs into one folder write one after the other and never leave a mixed set. The
    lock file is opened without following a link; on systems without ``fcntl`` the
    runs are not serialised (the manifest still only vouches for this run's bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(folder / LOCK_FILE, flags, 0o644)
    except OSError as exc:
        raise ConfigError(
            f"{folder / LOCK_FILE}: cannot be opened to lock the report folder "
            f"({exc.strerror or exc}); is it a link? remove it"
        ) from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all: through a fresh temporary file that is
    created exclusively in the same folder (never through whatever a name points at, so
    a planted symlink cannot redirect the write, and concurrent writers never share a
    temporary file), then renamed over ``target`` (which replaces a link, not its
    target)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # as an ordinary new file; mkstemp makes it 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
