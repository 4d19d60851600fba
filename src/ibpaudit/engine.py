"""load -> collect -> evaluate -> results. The engine calls hooks only; it knows no file
format, check type or report format by name."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ibpaudit import catalog as catalog_mod
from ibpaudit import gating, results
from ibpaudit.config import CONFIG_FILE, BoardConfig
from ibpaudit.dossier import Dossier
from ibpaudit.errors import ConfigError, UsageError
from ibpaudit.gating import Selection
from ibpaudit.mapping import load_mapping
from ibpaudit.models import (
    Catalog,
    CheckContext,
    CheckOutcome,
    CheckSpec,
    CheckType,
    Control,
    Finding,
    ReportOptions,
    RunOptions,
    Status,
    Text,
    text,
)
from ibpaudit.plugins import Plugins
from ibpaudit.waivers import Waiver, load_waivers


@dataclass(frozen=True)
class CheckResult:
    spec: CheckSpec
    plugin: str | None
    description: Text
    outcome: CheckOutcome
    duration_ms: float

    @property
    def status(self) -> Status:
        return self.outcome.status


@dataclass(frozen=True)
class ControlResult:
    control: Control
    status: Status
    level_reached: int | None
    target_level: int
    checks: tuple[CheckResult, ...]
    reason: Text | None
    waiver: Waiver | None
    duration_ms: float


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
    except Exception as exc:  # a check's bug makes this check *error*, never the run
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


def evaluate_control(
    control: Control,
    ctx: CheckContext,
    check_types: Mapping[str, tuple[CheckType, str]],
    plugins: Plugins,
    target: int,
    waiver: Waiver | None,
) -> ControlResult:
    started = time.perf_counter()
    checks = tuple(run_check(spec, check_types, ctx, plugins) for spec in control.checks)
    reached, blocked = level_reached(checks)
    reason: Text | None = None
    if reached >= target:
        status = Status.PASSED
        if blocked:
            reason = text(
                "niveau {r} behaald; hogere niveaus niet te beoordelen door een fout",
                "level {r} reached; higher levels cannot be judged because of an error",
                r=reached,
            )
    elif blocked:
        status = Status.ERROR
        reason = text(
            "bewijs kon niet worden beoordeeld; zie de fouten",
            "evidence could not be judged; see the errors",
        )
    else:
        status = Status.FAILED
        reason = text(
            "niveau {r} behaald, doel is {t}",
            "level {r} reached, target is {t}",
            r=reached,
            t=target,
        )
    if status is Status.FAILED and waiver is not None:
        if waiver.active(ctx.as_of):
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
    elapsed = (time.perf_counter() - started) * 1000
    return ControlResult(control, status, reached, target, checks, reason, waiver, elapsed)


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
    return catalog_mod.load(plugins.catalog_dirs(root), check_types, root)


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
    all_waivers = load_waivers(root, (c.id for c in full.controls))
    mapping = load_mapping(root, full)
    catalog = select(full, selection)
    in_run = {c.id for c in catalog.controls}
    waivers = {w.control: w for w in all_waivers if w.control in in_run}
    target = options.target_level or config.target_level
    with paused_gc():
        dossier = Dossier.load(root, config, plugins, options.limits)
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
                    control, ctx, check_types, plugins, target, waivers.get(control.id)
                )
            )
    return results.build(
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
    )


def write_reports(
    document: Mapping[str, Any],
    formats: Sequence[str],
    output_dir: Path,
    plugins: Plugins,
    options: ReportOptions,
) -> list[Path]:
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
        except Exception as exc:
            plugins.fail(name, "render", exc)
            continue
        target = output_dir / fmt.filename
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written.append(target)
    return written
